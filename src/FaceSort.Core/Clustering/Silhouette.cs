using System.Numerics.Tensors;

namespace FaceSort.Core.Clustering;

/// <summary>
/// Silhouette values on cosine distance (1 − dot of unit vectors): s(i) = (b − a) / max(a, b), where a is the mean
/// distance of face i to the other members of its cluster and b the smallest mean distance to the members of another
/// cluster. Conventions (those of scikit-learn where it has one): a face alone in its cluster scores 0; a face with a
/// negative label (unassigned) belongs to no cluster, is not counted in any a or b, and scores NaN; when there are fewer
/// than two clusters every face scores NaN.
/// </summary>
public static class Silhouette
{
    /// <summary>
    /// Silhouette of every face given its label. Exact: rows are unit length, so a face's mean similarity to a cluster
    /// is its dot product with the cluster's sum divided by the cluster's size — O(n · clusters · d), not O(n² · d).
    /// </summary>
    public static float[] Values(EmbeddingMatrix points, ReadOnlySpan<int> labels, CancellationToken cancellationToken = default)
    {
        int n = points.Count, d = points.Dimension;
        if (labels.Length != n) throw new ArgumentException($"{labels.Length} labels for {n} faces.", nameof(labels));
        var lab = labels.ToArray();
        var sizes = ClusterSizes(lab);
        var sums = new float[sizes.Length * d];
        for (int i = 0; i < n; i++)
            if (lab[i] >= 0) TensorPrimitives.Add(sums.AsSpan(lab[i] * d, d), points.Row(i), sums.AsSpan(lab[i] * d, d));
        int populated = sizes.Count(s => s > 0);
        var values = new float[n];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            int own = lab[i];
            if (own < 0 || populated < 2) { values[i] = float.NaN; return; }
            if (sizes[own] == 1) { values[i] = 0; return; }
            var row = points.Row(i);
            double a = 1 - (TensorPrimitives.Dot(row, sums.AsSpan(own * d, d)) - TensorPrimitives.Dot(row, row)) / (sizes[own] - 1);
            double b = double.PositiveInfinity;
            for (int c = 0; c < sizes.Length; c++)
                if (c != own && sizes[c] > 0) b = Math.Min(b, 1 - TensorPrimitives.Dot(row, sums.AsSpan(c * d, d)) / sizes[c]);
            double m = Math.Max(a, b);
            values[i] = m <= 0 ? 0 : (float)((b - a) / m);
        });
        return values;
    }

    /// <summary>Mean of the values that are not NaN (unassigned faces), or NaN when there are none.</summary>
    public static double Mean(ReadOnlySpan<float> values)
    {
        double sum = 0;
        int count = 0;
        foreach (float v in values)
        {
            if (float.IsNaN(v)) continue;
            sum += v;
            count++;
        }
        return count == 0 ? double.NaN : sum / count;
    }

    /// <summary>Faces per label (labels ≥ 0); the array is as long as the largest label + 1.</summary>
    internal static int[] ClusterSizes(ReadOnlySpan<int> labels)
    {
        int max = -1;
        foreach (int l in labels) max = Math.Max(max, l);
        var sizes = new int[max + 1];
        foreach (int l in labels) if (l >= 0) sizes[l]++;
        return sizes;
    }

    /// <summary>
    /// The silhouette of face <paramref name="i"/> from its similarities to every face (<paramref name="sims"/>, self
    /// included at index i). <paramref name="sums"/> is scratch as long as <paramref name="sizes"/>.
    /// </summary>
    internal static float OfRow(int i, ReadOnlySpan<float> sims, ReadOnlySpan<int> labels, ReadOnlySpan<int> sizes, Span<double> sums)
    {
        int own = labels[i];
        if (own < 0) return float.NaN;
        int clusters = 0;
        foreach (int s in sizes) if (s > 0) clusters++;
        if (clusters < 2) return float.NaN;
        if (sizes[own] == 1) return 0;
        sums.Clear();
        for (int j = 0; j < sims.Length; j++)
        {
            int l = labels[j];
            if (l >= 0 && j != i) sums[l] += 1 - sims[j];
        }
        double a = sums[own] / (sizes[own] - 1);
        double b = double.PositiveInfinity;
        for (int c = 0; c < sizes.Length; c++)
            if (c != own && sizes[c] > 0) b = Math.Min(b, sums[c] / sizes[c]);
        double m = Math.Max(a, b);
        return m <= 0 ? 0 : (float)((b - a) / m);
    }
}
