using System.Numerics.Tensors;

namespace FaceSort.Core.Clustering;

/// <summary>One merge of hierarchical clustering: clusters (named by their lowest face) joined at a distance.</summary>
internal readonly record struct Merge(int A, int B, float Distance);

/// <summary>
/// Hierarchical agglomerative clustering by the nearest-neighbour chain algorithm (O(n²) time, one dense n×n
/// distance matrix). Single, average and complete linkage are reducible, so the chain finds exactly the merges of
/// the textbook greedy algorithm; cutting at a threshold keeps every merge below it. Cannot-link pairs make two
/// clusters unmergeable for good (a flag that spreads on merge, so it also holds for single linkage); must-link pairs
/// are merged first, at distance −1, so every cut keeps them.
/// </summary>
internal sealed class Dendrogram
{
    private Dendrogram(int count, Merge[] merges)
    {
        Count = count;
        Merges = merges;
    }

    public int Count { get; }

    /// <summary>Merges in the order found (not sorted); the cut at any threshold uses all merges below it.</summary>
    public Merge[] Merges { get; }

    /// <summary>Largest number of points this dense algorithm accepts (the matrix costs 5 bytes per pair).</summary>
    public const int MaxPoints = 30_000;

    public static Dendrogram Build(EmbeddingMatrix points, Linkage linkage, ClusteringConstraints constraints,
        CancellationToken cancellationToken = default)
    {
        int n = points.Count;
        if (n > MaxPoints)
            throw new ArgumentException($"Dense agglomerative clustering handles at most {MaxPoints} points, got {n}.");
        var dist = new float[(long)n * n];
        var conflict = new bool[(long)n * n];
        FillCosineDistances(points, dist, cancellationToken);
        foreach (var p in constraints.CannotLink)
        {
            conflict[(long)p.A * n + p.B] = true;
            conflict[(long)p.B * n + p.A] = true;
        }

        var size = new int[n];
        Array.Fill(size, 1);
        var active = new bool[n];
        Array.Fill(active, true);
        var merges = new List<Merge>(n);
        var sets = new UnionFind(n);

        // Must-link first: union the faces, then merge their current clusters (slot = lowest face of the cluster).
        foreach (var p in constraints.MustLink)
        {
            int a = sets.Find(p.A), b = sets.Find(p.B);
            if (a == b || conflict[(long)a * n + b]) continue;
            sets.Union(a, b);
            MergeSlots(Math.Min(a, b), Math.Max(a, b), -1f);
        }

        var chain = new int[n];
        int remaining = 0;
        for (int i = 0; i < n; i++) if (active[i]) remaining++;
        int top = 0;
        while (remaining > 1)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (top == 0)
            {
                int start = Array.IndexOf(active, true);
                chain[top++] = start;
            }
            int tip = chain[top - 1];
            int prev = top > 1 ? chain[top - 2] : -1;
            // Nearest active neighbour of the tip; prefer the previous chain element on ties so the chain terminates.
            int best = -1;
            float bestD = float.PositiveInfinity;
            if (prev >= 0) { best = prev; bestD = D(tip, prev); }
            long row = (long)tip * n;
            for (int j = 0; j < n; j++)
            {
                if (!active[j] || j == tip || conflict[row + j]) continue;
                float d = dist[row + j];
                if (d < bestD) { bestD = d; best = j; }
            }
            if (best < 0 || float.IsPositiveInfinity(bestD))
            {
                // Nothing can ever merge with the tip again (conflict flags only grow): retire it.
                active[tip] = false;
                remaining--;
                top = 0;
                continue;
            }
            if (best == prev)
            {
                top -= 2;
                MergeSlots(Math.Min(tip, prev), Math.Max(tip, prev), bestD);
                remaining--;
            }
            else
            {
                chain[top++] = best;
            }
        }
        return new Dendrogram(n, [.. merges]);

        float D(int a, int b) => conflict[(long)a * n + b] ? float.PositiveInfinity : dist[(long)a * n + b];

        void MergeSlots(int keep, int gone, float at)
        {
            merges.Add(new Merge(keep, gone, at));
            long rk = (long)keep * n, rg = (long)gone * n;
            int sk = size[keep], sg = size[gone];
            for (int j = 0; j < n; j++)
            {
                if (!active[j] || j == keep || j == gone) continue;
                float dk = dist[rk + j], dg = dist[rg + j];
                float d = linkage switch
                {
                    Linkage.Single => Math.Min(dk, dg),
                    Linkage.Complete => Math.Max(dk, dg),
                    _ => (sk * dk + sg * dg) / (sk + sg),
                };
                dist[rk + j] = d;
                dist[(long)j * n + keep] = d;
                bool c = conflict[rk + j] | conflict[rg + j];
                conflict[rk + j] = c;
                conflict[(long)j * n + keep] = c;
            }
            size[keep] = sk + sg;
            active[gone] = false;
        }
    }

    /// <summary>Group id (lowest member index) per point after keeping all merges with distance &lt; threshold.</summary>
    public int[] Cut(float threshold)
    {
        var sets = new UnionFind(Count);
        foreach (var m in Merges)
            if (m.Distance < threshold) sets.Union(m.A, m.B);
        return sets.Roots();
    }

    private static void FillCosineDistances(EmbeddingMatrix points, float[] dist, CancellationToken ct)
    {
        int n = points.Count;
        Parallel.For(0, n, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var ri = points.Row(i);
            long row = (long)i * n;
            for (int j = i; j < n; j++)
            {
                float d = j == i ? 0f : 1f - TensorPrimitives.Dot(ri, points.Row(j));
                dist[row + j] = d;
                dist[(long)j * n + i] = d;
            }
        });
    }
}
