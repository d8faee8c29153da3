namespace FaceSort.Core.Clustering;

/// <summary>Options of <see cref="RankOrderClusterer"/>.</summary>
/// <param name="K">Neighbour list length; 20 as in Otto, Wang and Jain (2018).</param>
/// <param name="Threshold">Rank-order distance below which faces link; 0.1 best on lfw for k = 20 (docs/clustering.md; k = 20 links too much on small sets).</param>
public sealed record RankOrderOptions(int K = 20, float Threshold = 0.1f);

/// <summary>
/// Approximate rank-order clustering (Otto, Wang and Jain, TPAMI 2018): top-k lists by cosine similarity (the face
/// itself at rank 0); d(a,b) = number of a's neighbours at ranks 0..O_a(b) absent from b's list;
/// D(a,b) = (d(a,b) + d(b,a)) / min(O_a(b), O_b(a)), O_x(y) = k when y is not in x's list; computed for b in a's
/// list; pairs with D below the threshold are joined transitively, except across cannot-link pairs.
/// </summary>
public sealed class RankOrderClusterer(RankOrderOptions? options = null) : IFaceClusterer
{
    public RankOrderOptions Options { get; } = options ?? new RankOrderOptions();

    public string Name => "rankorder";

    public ClusterAssignment Cluster(ClusteringInput input, CancellationToken cancellationToken = default)
    {
        int n = input.Count;
        if (n < 2) return ClusterLabels.FromGroups(new int[n]);
        int k = Math.Min(Options.K, n - 1);
        var graph = KnnGraph.Exact(input.Embeddings, k, cancellationToken);
        var edges = Distances(graph);
        return Link(n, graph, edges, Options.Threshold, ClusteringConstraints.From(input));
    }

    /// <summary>Rank-order distance of every (a, a's j-th neighbour), row-major like the graph.</summary>
    internal static float[] Distances(KnnGraph g)
    {
        int n = g.Count, k = g.K;
        var dist = new float[n * k];
        Parallel.For(0, n, a =>
        {
            var la = List(g, a, k);
            for (int j = 0; j < k; j++)
            {
                int b = la[j + 1];
                if (b < 0) { dist[a * k + j] = float.PositiveInfinity; continue; }
                var lb = List(g, b, k);
                int oab = j + 1;
                int oba = Array.IndexOf(lb, a);
                if (oba < 0) oba = k;
                int dab = 0, dba = 0;
                for (int r = 0; r <= oab; r++) if (Array.IndexOf(lb, la[r]) < 0) dab++;
                for (int r = 0; r <= oba && r <= k; r++) if (Array.IndexOf(la, lb[r]) < 0) dba++;
                dist[a * k + j] = (dab + dba) / (float)Math.Max(1, Math.Min(oab, oba));
            }
        });
        return dist;
    }

    internal static ClusterAssignment Link(int n, KnnGraph g, float[] dist, float threshold, ClusteringConstraints constraints)
    {
        var conflicts = ConflictIndex.From(constraints);
        var sets = new UnionFind(n);
        var forbidden = new Dictionary<int, HashSet<int>>(); // root -> faces it cannot join
        foreach (var (a, b) in EdgesBelow(g, dist, threshold))
        {
            int ra = sets.Find(a), rb = sets.Find(b);
            if (ra == rb) continue;
            if (!conflicts.IsEmpty && Conflict(ra, rb)) continue;
            sets.Union(ra, rb);
            int root = sets.Find(ra);
            if (conflicts.IsEmpty) continue;
            var merged = new HashSet<int>(Forbidden(ra));
            merged.UnionWith(Forbidden(rb));
            forbidden.Remove(ra);
            forbidden.Remove(rb);
            forbidden[root] = merged;
        }
        var roots = sets.Roots();
        return ClusterLabels.FromGroups(roots);

        bool Conflict(int ra, int rb)
        {
            var fa = Forbidden(ra);
            var fb = Forbidden(rb);
            foreach (var f in fa) if (sets.Find(f) == rb) return true;
            foreach (var f in fb) if (sets.Find(f) == ra) return true;
            return false;
        }

        HashSet<int> Forbidden(int root)
        {
            if (!forbidden.TryGetValue(root, out var s))
            {
                s = [.. conflicts.Of(root)];
                forbidden[root] = s;
            }
            return s;
        }
    }

    private static IEnumerable<(int A, int B)> EdgesBelow(KnnGraph g, float[] dist, float threshold)
    {
        // Lowest distance first, so a cannot-link blocks the weaker of two competing links.
        var idx = Enumerable.Range(0, dist.Length).Where(e => dist[e] < threshold).ToArray();
        Array.Sort(idx, (x, y) => dist[x] != dist[y] ? dist[x].CompareTo(dist[y]) : x.CompareTo(y));
        foreach (var e in idx) yield return (e / g.K, g.Neighbours[e]);
    }

    private static int[] List(KnnGraph g, int a, int k)
    {
        var l = new int[k + 1];
        l[0] = a;
        g.NeighboursOf(a).CopyTo(l.AsSpan(1));
        return l;
    }
}
