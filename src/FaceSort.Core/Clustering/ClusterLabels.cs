namespace FaceSort.Core.Clustering;

/// <summary>Turns raw group ids into a <see cref="ClusterAssignment"/> numbered largest cluster first.</summary>
internal static class ClusterLabels
{
    /// <summary>
    /// Renumbers <paramref name="rawGroups"/> (any non-negative id per face, or negative for unassigned) so the largest
    /// group is 0, ties broken by the lowest face index; groups smaller than <paramref name="minSize"/> become unassigned.
    /// </summary>
    public static ClusterAssignment FromGroups(ReadOnlySpan<int> rawGroups, int minSize = 1) => FromGroups(rawGroups, minSize, Shots.None);

    /// <summary>As <see cref="FromGroups(ReadOnlySpan{int}, int)"/>, with a group's size counted in distinct shots
    /// against <paramref name="minSize"/>: copies of one stranger's photo are still a stranger.</summary>
    internal static ClusterAssignment FromGroups(ReadOnlySpan<int> rawGroups, int minSize, Shots shots)
    {
        int n = rawGroups.Length;
        var size = new Dictionary<int, int>();
        var first = new Dictionary<int, int>();
        for (int i = 0; i < n; i++)
        {
            int g = rawGroups[i];
            if (g < 0) continue;
            size[g] = size.GetValueOrDefault(g) + 1;
            first.TryAdd(g, i);
        }
        var shotCount = shots.Any ? ShotCounts(rawGroups, shots) : size;
        var kept = size.Keys.Where(g => shotCount[g] >= minSize)
            .OrderByDescending(g => size[g]).ThenBy(g => first[g]).ToArray();
        var newId = new Dictionary<int, int>(kept.Length);
        for (int k = 0; k < kept.Length; k++) newId[kept[k]] = k;
        var labels = new int[n];
        for (int i = 0; i < n; i++)
            labels[i] = rawGroups[i] >= 0 && newId.TryGetValue(rawGroups[i], out int id) ? id : ClusterAssignment.Unassigned;
        return new ClusterAssignment(labels, kept.Length);
    }

    private static Dictionary<int, int> ShotCounts(ReadOnlySpan<int> rawGroups, Shots shots)
    {
        var seen = new HashSet<(int Group, int Shot)>();
        var count = new Dictionary<int, int>();
        for (int i = 0; i < rawGroups.Length; i++)
            if (rawGroups[i] >= 0 && seen.Add((rawGroups[i], shots.Of(i)))) count[rawGroups[i]] = count.GetValueOrDefault(rawGroups[i]) + 1;
        return count;
    }
}
