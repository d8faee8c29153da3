namespace FaceSort.Core.Clustering;

/// <summary>
/// How a small group joins a person in the recognition steps of the default clusterer (<see cref="AnchorRecognition"/>,
/// <see cref="NearestFacesRecognition"/>): its faces vote, the person with most votes wins, and the proposals are
/// carried out most confident first, never into a person holding a face the group cannot be with.
/// </summary>
internal static class GroupJoining
{
    /// <summary>The faces of each group id, in face order.</summary>
    public static Dictionary<int, List<int>> MembersOf(int[] groups)
    {
        var members = new Dictionary<int, List<int>>();
        for (int i = 0; i < groups.Length; i++)
        {
            if (!members.TryGetValue(groups[i], out var list)) members[groups[i]] = list = [];
            list.Add(i);
        }
        return members;
    }

    /// <summary>The person most of a group's faces voted for (ties: the higher summed similarity, then the lower id).</summary>
    public static (int Person, int Count, double Sum) Winner(Dictionary<int, (int Count, double Sum)> votes)
    {
        var (person, (count, sum)) = votes.OrderByDescending(v => v.Value.Count).ThenByDescending(v => v.Value.Sum).ThenBy(v => v.Key).First();
        return (person, count, sum);
    }

    /// <summary>Moves each proposed group into its person (both in <paramref name="groups"/> and in
    /// <paramref name="members"/>), most confident first; a group with a cannot-link into the person stays.</summary>
    /// <returns>How many groups joined.</returns>
    public static int Apply(
        List<(double Confidence, int Group, int Person)> proposals, Func<int, List<int>> facesOf,
        Dictionary<int, List<int>> members, int[] groups, ConflictIndex conflicts)
    {
        int joined = 0;
        foreach (var (_, group, person) in proposals.OrderByDescending(p => p.Confidence).ThenBy(p => p.Group))
        {
            var target = members[person];
            var faces = facesOf(group);
            if (faces.Any(f => conflicts.ConflictsWithAny(f, target))) continue;
            foreach (int f in faces) groups[f] = person;
            target.AddRange(faces);
            joined++;
        }
        return joined;
    }
}
