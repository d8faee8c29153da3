using System.Numerics.Tensors;

namespace FaceSort.Core.Clustering;

/// <summary>
/// How alike faces of different people are by chance, and how far the best of many such chances reaches: a face
/// compared with n others meets its best chance match near σ·√(2 ln n) above the mean (the expected maximum of n
/// Gaussian draws), so a similarity bar chosen on a small collection lets more strangers through in a big one.
/// </summary>
internal static class ChanceSimilarity
{
    /// <summary>Pairs sampled for the spread (a fixed seed: deterministic).</summary>
    private const int Samples = 20_000;

    /// <summary>Robust spread (1.4826·MAD, <see cref="RobustStatistics"/>) of the similarities of sampled pairs of
    /// <paramref name="faces"/> that <paramref name="different"/> accepts; 0 when none is.</summary>
    public static float Spread(EmbeddingMatrix m, List<int> faces, Func<int, int, bool> different)
    {
        var random = new Random(1);
        var similarities = new List<float>(Samples);
        for (int t = 0; t < 4 * Samples && similarities.Count < Samples; t++)
        {
            int a = faces[random.Next(faces.Count)], b = faces[random.Next(faces.Count)];
            if (different(a, b)) similarities.Add(TensorPrimitives.Dot(m.Row(a), m.Row(b)));
        }
        return RobustStatistics.Of(similarities).Spread;
    }

    /// <summary>How many spreads the best of <paramref name="n"/> chance similarities sits above the best of
    /// <paramref name="reference"/>: √(2 ln n) − √(2 ln reference), never negative.</summary>
    public static double BestOfRise(int n, int reference) =>
        Math.Max(0, Math.Sqrt(2 * Math.Log(Math.Max(n, 2))) - Math.Sqrt(2 * Math.Log(Math.Max(reference, 2))));
}
