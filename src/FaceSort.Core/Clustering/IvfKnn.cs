using System.Numerics.Tensors;

namespace FaceSort.Core.Clustering;

/// <summary>Options of the approximate kNN builder.</summary>
/// <param name="Lists">Inverted lists (k-means cells); 0 = √n, which balances centroid scoring and list scanning.</param>
/// <param name="Probes">Cells scanned per query: more is slower and closer to exact (recall is measured, docs/clustering-scale.md).</param>
/// <param name="TrainingIterations">Spherical k-means iterations on the training sample.</param>
/// <param name="Seed">Training sample and initial centroids: fixed, so the graph is deterministic.</param>
public sealed record IvfOptions(int Lists = 0, int Probes = 8, int TrainingIterations = 6, int Seed = 12345);

/// <summary>
/// Approximate kNN by an inverted file: spherical k-means cells, each face scanned only against the faces of its
/// <see cref="IvfOptions.Probes"/> nearest cells. Used above <see cref="KnnGraph.ExactLimit"/> faces.
/// </summary>
internal static class IvfKnn
{
    public static KnnGraph Build(EmbeddingMatrix points, int k, IvfOptions o, CancellationToken ct)
    {
        int n = points.Count, d = points.Dimension;
        int lists = o.Lists > 0 ? o.Lists : Math.Max(1, (int)Math.Sqrt(n));
        var centroids = Train(points, lists, o, ct);
        var cellOf = new int[n];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = ct }, i => cellOf[i] = Nearest(centroids, lists, d, points.Row(i)));
        // Cell members, contiguous: faces of a cell are scanned together.
        var start = new int[lists + 1];
        foreach (var c in cellOf) start[c + 1]++;
        for (int c = 0; c < lists; c++) start[c + 1] += start[c];
        var fill = (int[])start.Clone();
        var members = new int[n];
        for (int i = 0; i < n; i++) members[fill[cellOf[i]]++] = i;

        int probes = Math.Min(o.Probes, lists);
        var nb = new int[n * k];
        var sim = new float[n * k];
        Array.Fill(nb, -1);
        Array.Fill(sim, float.NegativeInfinity);
        Parallel.For(0, n, new ParallelOptions { CancellationToken = ct }, () => (new float[lists], new int[probes], new float[probes]), (i, _, buf) =>
        {
            var q = points.Row(i);
            var (cs, pid, psim) = buf;
            Array.Fill(pid, -1);
            Array.Fill(psim, float.NegativeInfinity);
            for (int c = 0; c < lists; c++) KnnGraph.Insert(pid, psim, c, TensorPrimitives.Dot(q, centroids.AsSpan(c * d, d)));
            var ids = nb.AsSpan(i * k, k);
            var ss = sim.AsSpan(i * k, k);
            foreach (int c in pid)
            {
                if (c < 0) continue;
                for (int p = start[c]; p < start[c + 1]; p++)
                {
                    int j = members[p];
                    if (j != i) KnnGraph.Insert(ids, ss, j, TensorPrimitives.Dot(q, points.Row(j)));
                }
            }
            return buf;
        }, _ => { });
        return KnnGraph.FromLists(n, k, nb, sim);
    }

    private static float[] Train(EmbeddingMatrix points, int lists, IvfOptions o, CancellationToken ct)
    {
        int n = points.Count, d = points.Dimension;
        var rng = new Random(o.Seed);
        int sampleSize = Math.Min(n, Math.Max(lists * 40, 10_000));
        var sample = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(sampleSize).Order().ToArray();
        var centroids = new float[lists * d];
        for (int c = 0; c < lists; c++) points.Row(sample[c * sampleSize / lists]).CopyTo(centroids.AsSpan(c * d, d));
        var assign = new int[sampleSize];
        for (int it = 0; it < o.TrainingIterations; it++)
        {
            ct.ThrowIfCancellationRequested();
            Parallel.For(0, sampleSize, s => assign[s] = Nearest(centroids, lists, d, points.Row(sample[s])));
            var sums = new float[lists * d];
            var counts = new int[lists];
            for (int s = 0; s < sampleSize; s++)
            {
                TensorPrimitives.Add(sums.AsSpan(assign[s] * d, d), points.Row(sample[s]), sums.AsSpan(assign[s] * d, d));
                counts[assign[s]]++;
            }
            for (int c = 0; c < lists; c++)
            {
                if (counts[c] == 0) continue; // an empty cell keeps its old centroid
                var row = sums.AsSpan(c * d, d);
                float norm = TensorPrimitives.Norm(row);
                if (norm > 0) TensorPrimitives.Divide(row, norm, centroids.AsSpan(c * d, d));
            }
        }
        return centroids;
    }

    private static int Nearest(float[] centroids, int lists, int d, ReadOnlySpan<float> q)
    {
        int best = 0;
        float bs = float.NegativeInfinity;
        for (int c = 0; c < lists; c++)
        {
            float s = TensorPrimitives.Dot(q, centroids.AsSpan(c * d, d));
            if (s > bs) { bs = s; best = c; }
        }
        return best;
    }
}
