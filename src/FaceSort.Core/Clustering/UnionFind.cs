namespace FaceSort.Core.Clustering;

/// <summary>Disjoint sets with path halving; the representative of a set is always its lowest index (deterministic).</summary>
internal sealed class UnionFind
{
    private readonly int[] _parent;

    public UnionFind(int count)
    {
        _parent = new int[count];
        for (int i = 0; i < count; i++) _parent[i] = i;
    }

    public int Find(int x)
    {
        while (_parent[x] != x)
        {
            _parent[x] = _parent[_parent[x]];
            x = _parent[x];
        }
        return x;
    }

    /// <summary>Joins the sets of a and b; returns false when they were already one set.</summary>
    public bool Union(int a, int b)
    {
        int ra = Find(a), rb = Find(b);
        if (ra == rb) return false;
        if (ra < rb) _parent[rb] = ra; else _parent[ra] = rb;
        return true;
    }

    /// <summary>The representative of every element.</summary>
    public int[] Roots()
    {
        var r = new int[_parent.Length];
        for (int i = 0; i < r.Length; i++) r[i] = Find(i);
        return r;
    }
}
