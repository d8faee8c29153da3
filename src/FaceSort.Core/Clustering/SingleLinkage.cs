namespace FaceSort.Core.Clustering;

/// <summary>
/// The single-linkage hierarchy implied by a minimum spanning tree: nodes 0..n−1 are faces, node n + i is the i-th
/// merge (edges taken by weight, ties by face index). Components a spanning forest leaves apart are joined last, in
/// order of their lowest face, at infinite distance.
/// </summary>
internal sealed class SingleLinkage
{
    private readonly int _n;
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly float[] _distance;
    private readonly int[] _size;

    private SingleLinkage(int n)
    {
        _n = n;
        int merges = Math.Max(0, n - 1);
        _left = new int[merges];
        _right = new int[merges];
        _distance = new float[merges];
        _size = new int[merges];
    }

    /// <summary>The node that holds every face.</summary>
    public int Root => _n <= 1 ? 0 : _n + _left.Length - 1;

    public bool IsLeaf(int node) => node < _n;

    public int Size(int node) => node < _n ? 1 : _size[node - _n];

    public (int Left, int Right, float Distance) Node(int node) =>
        (_left[node - _n], _right[node - _n], _distance[node - _n]);

    public static SingleLinkage From(int n, TreeEdge[] edges)
    {
        var sorted = (TreeEdge[])edges.Clone();
        Array.Sort(sorted, MutualReachability.Compare);
        var h = new SingleLinkage(n);
        var sets = new UnionFind(n);
        var nodeOf = new int[n]; // per set representative: the hierarchy node holding the set
        for (int i = 0; i < n; i++) nodeOf[i] = i;
        int next = 0;
        foreach (var e in sorted)
        {
            int ra = sets.Find(e.A), rb = sets.Find(e.B);
            if (ra == rb) continue;
            h.Merge(next++, nodeOf[ra], nodeOf[rb], e.Weight);
            sets.Union(ra, rb);
            nodeOf[sets.Find(ra)] = n + next - 1;
        }
        for (int i = 1; i < n && next < n - 1; i++)
        {
            int r0 = sets.Find(0), ri = sets.Find(i);
            if (r0 == ri) continue;
            h.Merge(next++, nodeOf[r0], nodeOf[ri], float.PositiveInfinity);
            sets.Union(r0, ri);
            nodeOf[sets.Find(r0)] = n + next - 1;
        }
        return h;
    }

    private void Merge(int index, int a, int b, float distance)
    {
        _left[index] = a;
        _right[index] = b;
        _distance[index] = distance;
        _size[index] = Size(a) + Size(b);
    }
}
