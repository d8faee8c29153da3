using System.Numerics.Tensors;

namespace FaceSort.Core.Clustering;

/// <summary>An edge of a spanning tree between faces A and B with its mutual-reachability distance.</summary>
internal readonly record struct TreeEdge(int A, int B, float Weight);

/// <summary>
/// HDBSCAN's mutual-reachability distance d_mr(a,b) = max(core a, core b, 1 − a·b) and minimum spanning trees of it.
/// </summary>
internal static class MutualReachability
{
    /// <summary>
    /// Core distance per face: cosine distance to its <paramref name="neighbour"/>-th nearest other face (0 when
    /// <paramref name="neighbour"/> is 0; the farthest listed neighbour when the set is smaller).
    /// </summary>
    public static float[] CoreDistances(KnnGraph graph, int neighbour)
    {
        var core = new float[graph.Count];
        if (neighbour <= 0) return core;
        for (int i = 0; i < graph.Count; i++)
        {
            var sims = graph.SimilaritiesOf(i);
            int j = Math.Min(neighbour, graph.K) - 1;
            while (j > 0 && float.IsNegativeInfinity(sims[j])) j--;
            core[i] = float.IsNegativeInfinity(sims[j]) ? 2f : Math.Max(0f, 1 - sims[j]);
        }
        return core;
    }

    /// <summary>
    /// Exact minimum spanning tree by Prim's algorithm over the implicit complete graph: distances are computed when
    /// needed (O(n²·d) time, O(n) memory), the faces not yet in the tree are relaxed in parallel chunks. Ties: the
    /// lowest face index joins first, and a face keeps the earliest tree face that reached its distance.
    /// </summary>
    public static TreeEdge[] DenseTree(EmbeddingMatrix points, float[] core, CancellationToken cancellationToken)
    {
        int n = points.Count;
        if (n < 2) return [];
        const int Chunk = 1024;
        var best = new float[n];
        Array.Fill(best, float.PositiveInfinity);
        var from = new int[n];
        var rest = new int[n - 1];
        for (int i = 0; i < rest.Length; i++) rest[i] = i + 1;
        int count = rest.Length;
        var edges = new TreeEdge[n - 1];
        var chunkBest = new (float Dist, int Face, int Pos)[(n + Chunk - 1) / Chunk];
        int u = 0;
        for (int step = 0; step < n - 1; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int chunks = (count + Chunk - 1) / Chunk, current = u, remaining = count;
            if (chunks == 1) chunkBest[0] = Relax(0, count);
            else Parallel.For(0, chunks, c => chunkBest[c] = Relax(c * Chunk, Math.Min(remaining, (c + 1) * Chunk)));
            var pick = chunkBest[0];
            for (int c = 1; c < chunks; c++)
                if (Before(chunkBest[c].Dist, chunkBest[c].Face, pick.Dist, pick.Face)) pick = chunkBest[c];
            edges[step] = new TreeEdge(from[pick.Face], pick.Face, best[pick.Face]);
            rest[pick.Pos] = rest[--count];
            u = pick.Face;

            (float, int, int) Relax(int lo, int hi)
            {
                var ru = points.Row(current);
                float cu = core[current];
                (float Dist, int Face, int Pos) local = (float.PositiveInfinity, int.MaxValue, -1);
                for (int t = lo; t < hi; t++)
                {
                    int v = rest[t];
                    float d = Math.Max(Math.Max(cu, core[v]), 1 - TensorPrimitives.Dot(ru, points.Row(v)));
                    if (d < best[v])
                    {
                        best[v] = d;
                        from[v] = current;
                    }
                    if (Before(best[v], v, local.Dist, local.Face)) local = (best[v], v, t);
                }
                return local;
            }
        }
        return edges;
    }

    /// <summary>
    /// Minimum spanning forest (Kruskal) over the kNN graph's edges only: exact when every tree edge joins two faces
    /// that list each other within k, which holds for most but not all edges. May have fewer than n − 1 edges.
    /// </summary>
    public static TreeEdge[] SparseTree(KnnGraph graph, float[] core)
    {
        int n = graph.Count, k = graph.K;
        var candidates = new List<TreeEdge>(n * k);
        for (int i = 0; i < n; i++)
        {
            var nb = graph.NeighboursOf(i);
            var sims = graph.SimilaritiesOf(i);
            for (int j = 0; j < k; j++)
            {
                int b = nb[j];
                if (b < 0) continue;
                candidates.Add(new TreeEdge(Math.Min(i, b), Math.Max(i, b), Math.Max(Math.Max(core[i], core[b]), 1 - sims[j])));
            }
        }
        var sorted = candidates.ToArray();
        Array.Sort(sorted, Compare);
        var sets = new UnionFind(n);
        var tree = new List<TreeEdge>(n - 1);
        foreach (var e in sorted)
            if (sets.Union(e.A, e.B)) tree.Add(e);
        return [.. tree];
    }

    /// <summary>Order of edges for single linkage: by weight, then by the faces' indices.</summary>
    public static int Compare(TreeEdge x, TreeEdge y)
    {
        int c = x.Weight.CompareTo(y.Weight);
        if (c != 0) return c;
        c = Math.Min(x.A, x.B).CompareTo(Math.Min(y.A, y.B));
        return c != 0 ? c : Math.Max(x.A, x.B).CompareTo(Math.Max(y.A, y.B));
    }

    private static bool Before(float d, int face, float bestD, int bestFace) =>
        d < bestD || (d == bestD && face < bestFace);
}
