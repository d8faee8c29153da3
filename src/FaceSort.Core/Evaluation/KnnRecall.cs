using FaceSort.Core.Clustering;

namespace FaceSort.Core.Evaluation;

/// <summary>How close an approximate kNN graph is to the exact one, on a sample of query faces.</summary>
/// <param name="Queries">Query faces compared (evenly spaced over the set).</param>
/// <param name="AtK">Share of the exact k nearest neighbours the graph also lists (recall@k).</param>
/// <param name="Close">The same share counted only over exact neighbours with similarity ≥ <paramref name="MinSimilarity"/>:
/// the edges the merge stage can use (below it no two faces ever merge), so the recall that matters for clustering.</param>
/// <param name="MinSimilarity">The similarity bound of <paramref name="Close"/>.</param>
public sealed record KnnRecallResult(int Queries, double AtK, double Close, float MinSimilarity);

/// <summary>Measures <see cref="KnnRecallResult"/> by an exact scan for each sampled query.</summary>
public static class KnnRecall
{
    /// <summary>On <paramref name="queries"/> faces evenly spaced over the set.</summary>
    public static KnnRecallResult Measure(EmbeddingMatrix points, KnnGraph graph, int queries, float minSimilarity)
    {
        int n = points.Count;
        queries = Math.Min(queries, n);
        return Measure(points, graph, [.. Enumerable.Range(0, queries).Select(q => (int)((long)q * n / queries))], minSimilarity);
    }

    /// <summary>On the given query faces (e.g. only the real faces among synthetic ones).</summary>
    public static unsafe KnnRecallResult Measure(EmbeddingMatrix points, KnnGraph graph, IReadOnlyList<int> queries, float minSimilarity)
    {
        int n = points.Count, d = points.Dimension, k = graph.K;
        if (queries.Count == 0) return new KnnRecallResult(0, 1, 1, minSimilarity);
        long hit = 0, total = 0, closeHit = 0, closeTotal = 0;
        object gate = new();
        Parallel.For(0, queries.Count, () => (new float[n], new int[k], new float[k]), (q, _, buf) =>
        {
            var (scores, ids, sims) = buf;
            int i = queries[q];
            fixed (float* data = points.Data, sc = scores)
                DotKernels.OneToMany(data + (long)i * d, data, n, d, sc);
            Array.Fill(ids, -1);
            Array.Fill(sims, float.NegativeInfinity);
            for (int j = 0; j < n; j++)
                if (j != i && scores[j] > sims[k - 1]) KnnGraph.Insert(ids, sims, j, scores[j]);
            var got = graph.NeighboursOf(i);
            long h = 0, t = 0, ch = 0, ct = 0;
            for (int a = 0; a < k; a++)
            {
                if (ids[a] < 0) continue;
                bool found = got.Contains(ids[a]);
                t++;
                if (found) h++;
                if (sims[a] >= minSimilarity) { ct++; if (found) ch++; }
            }
            lock (gate) { hit += h; total += t; closeHit += ch; closeTotal += ct; }
            return buf;
        }, _ => { });
        return new KnnRecallResult(queries.Count, total > 0 ? (double)hit / total : 1,
            closeTotal > 0 ? (double)closeHit / closeTotal : 1, minSimilarity);
    }
}
