namespace FaceSort.Core.Clustering;

/// <summary>Per face, the faces it cannot share a person with (same photo, explicit cannot-link).</summary>
internal sealed class ConflictIndex
{
    private readonly Dictionary<int, HashSet<int>> _against;

    private ConflictIndex(Dictionary<int, HashSet<int>> against) => _against = against;

    public bool IsEmpty => _against.Count == 0;

    public static ConflictIndex From(ClusteringInput input) => From(ClusteringConstraints.From(input));

    public static ConflictIndex From(ClusteringConstraints constraints)
    {
        var d = new Dictionary<int, HashSet<int>>();
        foreach (var p in constraints.CannotLink)
        {
            Add(p.A, p.B);
            Add(p.B, p.A);
        }
        return new ConflictIndex(d);

        void Add(int a, int b)
        {
            if (!d.TryGetValue(a, out var s)) d[a] = s = [];
            s.Add(b);
        }
    }

    public IReadOnlyCollection<int> Of(int face) => _against.TryGetValue(face, out var s) ? s : [];

    /// <summary>True when <paramref name="face"/> cannot link with any face of <paramref name="members"/>.</summary>
    public bool ConflictsWithAny(int face, List<int> members)
    {
        if (!_against.TryGetValue(face, out var s)) return false;
        foreach (var m in members) if (s.Contains(m)) return true;
        return false;
    }
}
