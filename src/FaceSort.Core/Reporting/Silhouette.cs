using System.Numerics.Tensors;
using FaceSort.Core.Clustering;

namespace FaceSort.Core.Reporting;

/// <summary>
/// Silhouette of every face under cosine distance (1 − similarity): s = (b − a) / max(a, b), where a is the mean
/// distance to the other faces of its own person and b the smallest mean distance to another person's faces.
/// Rows must be unit length: the mean similarity to a group is then the dot product with the group's sum, so the whole
/// diagram costs O(n · people · d) instead of O(n² · d).
/// Kept in one file so it can be swapped for the clustering module's silhouette helper when that lands.
/// </summary>
public static class Silhouette
{
    /// <summary>Per face: its silhouette in [−1, 1]; 0 for the only face of its person or when there is only one person (sklearn's convention); NaN for faces labelled −1.</summary>
    public static float[] PerFace(EmbeddingMatrix faces, int[] labels, int labelCount)
    {
        int n = faces.Count, d = faces.Dimension;
        var sums = new float[labelCount * d];
        var sizes = new int[labelCount];
        for (var i = 0; i < n; i++)
        {
            if (labels[i] < 0) continue;
            sizes[labels[i]]++;
            TensorPrimitives.Add(sums.AsSpan(labels[i] * d, d), faces.Row(i), sums.AsSpan(labels[i] * d, d));
        }
        var populated = sizes.Count(s => s > 0);
        var result = new float[n];
        Parallel.For(0, n, i =>
        {
            var own = labels[i];
            if (own < 0) { result[i] = float.NaN; return; }
            if (sizes[own] < 2 || populated < 2) { result[i] = 0; return; }
            var row = faces.Row(i);
            var self = TensorPrimitives.Dot(row, row);
            var a = 1 - (TensorPrimitives.Dot(row, sums.AsSpan(own * d, d)) - self) / (sizes[own] - 1);
            var b = float.PositiveInfinity;
            for (var c = 0; c < labelCount; c++)
            {
                if (c == own || sizes[c] == 0) continue;
                var distance = 1 - TensorPrimitives.Dot(row, sums.AsSpan(c * d, d)) / sizes[c];
                if (distance < b) b = distance;
            }
            var denominator = Math.Max(a, b);
            result[i] = denominator <= 0 ? 0 : (b - a) / denominator;
        });
        return result;
    }
}
