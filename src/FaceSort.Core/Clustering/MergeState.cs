using System.Numerics.Tensors;

namespace FaceSort.Core.Clustering;

/// <summary>
/// The evolving clusters of <see cref="FaceSortClusterer"/>: members, a version per cluster (bumped on every merge,
/// so stale queue entries are recognised), neighbouring clusters, and the faces each cluster cannot link with.
/// </summary>
internal sealed class MergeState
{
    private readonly EmbeddingMatrix _m;
    private readonly bool[] _seed;
    private readonly ConflictIndex _conflicts;
    private readonly int _maxSample;
    private readonly UnionFind _sets;
    private readonly Dictionary<int, List<int>> _members = [];
    private readonly Dictionary<int, HashSet<int>> _neighbours = [];
    private readonly Dictionary<int, HashSet<int>> _forbidden = [];
    private readonly int[] _version;

    public MergeState(EmbeddingMatrix m, bool[] seed, ConflictIndex conflicts, int maxSample)
    {
        _m = m;
        _seed = seed;
        _conflicts = conflicts;
        _maxSample = maxSample;
        _sets = new UnionFind(m.Count);
        _version = new int[m.Count];
    }

    public int Root(int i) => _sets.Find(i);

    public int Version(int root) => _version[root];

    public int Size(int root) => _members.TryGetValue(root, out var l) ? l.Count : 1;

    public int[] Roots() => _sets.Roots();

    private List<int> Members(int root) => _members.TryGetValue(root, out var l) ? l : [root];

    public void Link(int a, int b)
    {
        int ra = Root(a), rb = Root(b);
        if (ra == rb) return;
        Neighbours(ra).Add(rb);
        Neighbours(rb).Add(ra);
    }

    private HashSet<int> Neighbours(int root)
    {
        if (!_neighbours.TryGetValue(root, out var s)) _neighbours[root] = s = [];
        return s;
    }

    private HashSet<int> Forbidden(int root)
    {
        if (!_forbidden.TryGetValue(root, out var s)) _forbidden[root] = s = [.. _conflicts.Of(root)];
        return s;
    }

    /// <summary>Current roots of the clusters neighbouring <paramref name="root"/> (refreshed in place).</summary>
    public List<int> NeighbourRoots(int root)
    {
        var s = Neighbours(root);
        var fresh = new HashSet<int>();
        foreach (var x in s) { int r = Root(x); if (r != root) fresh.Add(r); }
        _neighbours[root] = fresh;
        var list = fresh.ToList();
        list.Sort();
        return list;
    }

    /// <summary>True when face <paramref name="face"/> cannot link with any member of cluster <paramref name="root"/>.</summary>
    public bool Conflicts(int face, int root)
    {
        if (_conflicts.IsEmpty) return false;
        foreach (var f in _conflicts.Of(face)) if (Root(f) == root) return true;
        return false;
    }

    /// <summary>Merges the clusters of a and b unless a cannot-link forbids it; returns the new root or −1.</summary>
    public int TryMerge(int a, int b, bool ignoreSeed)
    {
        int ra = Root(a), rb = Root(b);
        if (ra == rb) return ra;
        if (!ignoreSeed && (!_seed[ra] || !_seed[rb])) return -1;
        if (!_conflicts.IsEmpty)
        {
            foreach (var f in Forbidden(ra)) if (Root(f) == rb) return -1;
            foreach (var f in Forbidden(rb)) if (Root(f) == ra) return -1;
        }
        var ma = Members(ra);
        var mb = Members(rb);
        var na = Neighbours(ra);
        var nbs = Neighbours(rb);
        HashSet<int>? fa = _conflicts.IsEmpty ? null : Forbidden(ra), fb = _conflicts.IsEmpty ? null : Forbidden(rb);
        _sets.Union(ra, rb);
        int root = Root(ra), gone = root == ra ? rb : ra;
        var merged = new List<int>(ma.Count + mb.Count);
        merged.AddRange(ma);
        merged.AddRange(mb);
        merged.Sort();
        _members[root] = merged;
        _members.Remove(gone);
        na.UnionWith(nbs);
        _neighbours[root] = na;
        _neighbours.Remove(gone);
        if (fa is not null && fb is not null)
        {
            fa.UnionWith(fb);
            _forbidden[root] = fa;
            _forbidden.Remove(gone);
        }
        _seed[root] = true;
        _version[root]++;
        return root;
    }

    /// <summary>Average cosine distance over cross pairs of (evenly spaced samples of) both clusters' members.</summary>
    public float Linkage(int ra, int rb)
    {
        var a = Sample(Members(ra));
        var b = Sample(Members(rb));
        double sum = 0;
        foreach (int i in a)
        {
            var ri = _m.Row(i);
            foreach (int j in b) sum += TensorPrimitives.Dot(ri, _m.Row(j));
        }
        return (float)(1 - sum / ((double)a.Count * b.Count));
    }

    /// <summary>Average cosine distance of one face to (a sample of) a cluster's members.</summary>
    public float DistanceToCluster(int face, int root)
    {
        var b = Sample(Members(root));
        var r = _m.Row(face);
        double sum = 0;
        foreach (int j in b) sum += TensorPrimitives.Dot(r, _m.Row(j));
        return (float)(1 - sum / b.Count);
    }

    private List<int> Sample(List<int> members)
    {
        if (members.Count <= _maxSample) return members;
        var s = new List<int>(_maxSample);
        for (int k = 0; k < _maxSample; k++) s.Add(members[(int)((long)k * members.Count / _maxSample)]);
        return s;
    }
}
