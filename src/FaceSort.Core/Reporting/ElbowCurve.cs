using FaceSort.Core.Clustering;

namespace FaceSort.Core.Reporting;

/// <summary>One point of the elbow curve: k clusters and the k-means inertia Σ (1 − x·c) over the faces.</summary>
public readonly record struct ElbowPoint(int K, double Inertia);

/// <summary>
/// k-means inertia against k: the same spherical k-means (k-means++ from a seed) that <see cref="KMeansClusterer"/>
/// clusters with, run once per k on the report's sample of faces.
/// </summary>
public static class ElbowCurve
{
    private const int MaxSteps = 100;

    /// <summary>Inertia for each k in <paramref name="ks"/> (each clamped to the number of faces), in the given order.</summary>
    public static ElbowPoint[] Compute(EmbeddingMatrix faces, IReadOnlyList<int> ks, int seed, CancellationToken cancellationToken = default)
    {
        var points = new ElbowPoint[ks.Count];
        // Each k has its own seed, so running them at once gives the same curve as one after another.
        Parallel.For(0, ks.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var k = Math.Clamp(ks[i], 1, Math.Max(faces.Count, 1));
            points[i] = new ElbowPoint(k, faces.Count == 0 ? 0 : SphericalKMeans.Run(faces, k, seed + k, MaxSteps, cancellationToken).Inertia);
        });
        return points;
    }

    /// <summary>About <paramref name="count"/> distinct values of k from 1 to <paramref name="max"/>, denser at small k where the elbow usually is.</summary>
    public static int[] Grid(int max, int count)
    {
        max = Math.Max(1, max);
        var ks = new SortedSet<int>();
        for (var i = 0; i < count; i++)
            ks.Add((int)Math.Round(Math.Pow(max, count == 1 ? 1 : (double)i / (count - 1))));
        ks.Add(max);
        return [.. ks];
    }
}
