namespace FaceSort.Core.Clustering;

/// <summary>
/// The constraints of a <see cref="ClusteringInput"/> in a form the algorithms can use: cannot-link pairs (explicit
/// pairs plus every pair of faces from one photo) and must-link pairs. A must-link pair that would join two faces
/// bound by a cannot-link is dropped: "these are two people" is the stronger, safer statement.
/// </summary>
internal sealed class ClusteringConstraints
{
    private ClusteringConstraints(IReadOnlyList<FacePair> cannotLink, IReadOnlyList<FacePair> mustLink)
    {
        CannotLink = cannotLink;
        MustLink = mustLink;
    }

    public IReadOnlyList<FacePair> CannotLink { get; }
    public IReadOnlyList<FacePair> MustLink { get; }
    public bool IsEmpty => CannotLink.Count == 0 && MustLink.Count == 0;

    public static ClusteringConstraints From(ClusteringInput input)
    {
        int n = input.Count;
        var cannot = new List<FacePair>();
        if (input.PhotoOfFace is { } photo)
        {
            if (photo.Length != n) throw new ArgumentException($"PhotoOfFace has {photo.Length} entries for {n} faces.");
            var byPhoto = new Dictionary<int, List<int>>();
            for (int i = 0; i < n; i++)
            {
                if (!byPhoto.TryGetValue(photo[i], out var list)) byPhoto[photo[i]] = list = [];
                list.Add(i);
            }
            foreach (var faces in byPhoto.Values)
                for (int a = 0; a < faces.Count; a++)
                    for (int b = a + 1; b < faces.Count; b++)
                        cannot.Add(new FacePair(faces[a], faces[b]));
        }
        foreach (var p in input.CannotLink ?? [])
        {
            Check(p, n);
            if (p.A != p.B) cannot.Add(p);
        }
        var must = new List<FacePair>();
        foreach (var p in input.MustLink ?? [])
        {
            Check(p, n);
            if (p.A != p.B) must.Add(p);
        }
        return new ClusteringConstraints(cannot, must);
    }

    /// <summary>Builds constraints over groups (e.g. pass-1 clusters) from face-level ones: group[i] is face i's group.</summary>
    public ClusteringConstraints Lift(ReadOnlySpan<int> group)
    {
        var cannot = new HashSet<FacePair>();
        foreach (var p in CannotLink)
        {
            int a = group[p.A], b = group[p.B];
            if (a != b) cannot.Add(a < b ? new FacePair(a, b) : new FacePair(b, a));
        }
        var must = new HashSet<FacePair>();
        foreach (var p in MustLink)
        {
            int a = group[p.A], b = group[p.B];
            if (a != b) must.Add(a < b ? new FacePair(a, b) : new FacePair(b, a));
        }
        return new ClusteringConstraints([.. cannot.OrderBy(p => p.A).ThenBy(p => p.B)], [.. must.OrderBy(p => p.A).ThenBy(p => p.B)]);
    }

    private static void Check(FacePair p, int n)
    {
        if ((uint)p.A >= (uint)n || (uint)p.B >= (uint)n)
            throw new ArgumentOutOfRangeException(nameof(p), $"Pair ({p.A}, {p.B}) is outside 0..{n - 1}.");
    }
}
