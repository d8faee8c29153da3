using System.Numerics.Tensors;

namespace FaceSort.Core.Clustering;

/// <summary>The cells of an inverted file: faces in cell order and where each cell starts in that order.</summary>
/// <param name="Order">Face index at each position, cell by cell (ascending face index within a cell).</param>
/// <param name="Start">Cell c holds positions Start[c] .. Start[c+1]−1.</param>
internal sealed record IvfCells(int[] Order, int[] Start);

/// <summary>Spherical k-means for <see cref="IvfKnn"/>: training the centroids and assigning faces to capped cells.</summary>
internal static class IvfTraining
{
    /// <summary>
    /// Unit-length centroids, trained on an evenly random sample of 32 faces per list (at least 10,000): Lloyd
    /// iterations with dot-product assignment; a cell left empty is re-seeded with the sample face farthest from its
    /// own centroid, so no list is wasted.
    /// </summary>
    public static unsafe float[] Train(EmbeddingMatrix points, int lists, IvfOptions o, CancellationToken ct)
    {
        int n = points.Count, d = points.Dimension;
        var rng = new Random(o.Seed);
        int sampleSize = Math.Min(n, Math.Max(lists * 32, 10_000));
        var all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        for (int i = 0; i < sampleSize; i++)
        {
            int r = i + rng.Next(n - i);
            (all[i], all[r]) = (all[r], all[i]);
        }
        var sample = all.AsSpan(0, sampleSize).ToArray();
        Array.Sort(sample);
        var centroids = new float[lists * d];
        for (int c = 0; c < lists; c++) points.Row(sample[(int)((long)c * sampleSize / lists)]).CopyTo(centroids.AsSpan(c * d, d));
        var assign = new int[sampleSize];
        var bestScore = new float[sampleSize];
        for (int it = 0; it < o.TrainingIterations; it++)
        {
            ct.ThrowIfCancellationRequested();
            Parallel.For(0, sampleSize, new ParallelOptions { CancellationToken = ct }, () => new float[lists], (s, _, scores) =>
            {
                fixed (float* q = points.Data, cents = centroids, sc = scores)
                    DotKernels.OneToMany(q + (long)sample[s] * d, cents, lists, d, sc);
                int best = 0;
                for (int c = 1; c < lists; c++) if (scores[c] > scores[best]) best = c;
                assign[s] = best;
                bestScore[s] = scores[best];
                return scores;
            }, _ => { });
            var sums = new float[lists * d];
            var counts = new int[lists];
            for (int s = 0; s < sampleSize; s++)
            {
                var row = sums.AsSpan(assign[s] * d, d);
                TensorPrimitives.Add(row, points.Row(sample[s]), row);
                counts[assign[s]]++;
            }
            var farthest = Enumerable.Range(0, sampleSize).OrderBy(s => bestScore[s]).ThenBy(s => s).GetEnumerator();
            for (int c = 0; c < lists; c++)
            {
                var row = sums.AsSpan(c * d, d);
                if (counts[c] == 0)
                {
                    farthest.MoveNext();
                    points.Row(sample[farthest.Current]).CopyTo(centroids.AsSpan(c * d, d));
                    continue;
                }
                float norm = TensorPrimitives.Norm(row);
                if (norm > 0) TensorPrimitives.Divide(row, norm, centroids.AsSpan(c * d, d));
            }
        }
        return centroids;
    }

    /// <summary>
    /// Every face's <paramref name="probes"/> nearest centroids, nearest first (row i at i·probes). The query phase
    /// reuses them, so centroids are scored once per face.
    /// </summary>
    public static unsafe int[] NearestCells(EmbeddingMatrix points, float[] centroids, int lists, int probes, CancellationToken ct)
    {
        int n = points.Count, d = points.Dimension;
        var result = new int[(long)n * probes];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = ct }, () => (new float[lists], new float[probes]), (i, _, buf) =>
        {
            var (scores, best) = buf;
            fixed (float* q = points.Data, cents = centroids, sc = scores)
                DotKernels.OneToMany(q + (long)i * d, cents, lists, d, sc);
            var ids = result.AsSpan(i * probes, probes);
            ids.Fill(-1);
            Array.Fill(best, float.NegativeInfinity);
            for (int c = 0; c < lists; c++)
                if (scores[c] > best[probes - 1]) KnnGraph.Insert(ids, best, c, scores[c]);
            return buf;
        }, _ => { });
        return result;
    }

    /// <summary>
    /// Each face goes to the first of its nearest cells with room (at most <paramref name="cap"/> × the mean size),
    /// faces taken in index order so the result is deterministic; if all its listed cells are full, to the nearest.
    /// </summary>
    public static IvfCells Assign(int n, int[] nearest, int probes, int lists, float cap)
    {
        int limit = Math.Max(1, (int)Math.Ceiling(cap * n / lists));
        var cellOf = new int[n];
        var size = new int[lists + 1];
        for (int i = 0; i < n; i++)
        {
            var ids = nearest.AsSpan(i * probes, probes);
            int cell = ids[0];
            foreach (int c in ids)
                if (c >= 0 && size[c + 1] < limit) { cell = c; break; }
            cellOf[i] = cell;
            size[cell + 1]++;
        }
        for (int c = 0; c < lists; c++) size[c + 1] += size[c];
        var fill = (int[])size.Clone();
        var order = new int[n];
        for (int i = 0; i < n; i++) order[fill[cellOf[i]]++] = i;
        return new IvfCells(order, size);
    }
}
