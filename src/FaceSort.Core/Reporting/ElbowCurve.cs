using System.Numerics.Tensors;
using FaceSort.Core.Clustering;

namespace FaceSort.Core.Reporting;

/// <summary>One point of the elbow curve: k clusters and the k-means inertia (sum of squared distances to the nearest centre).</summary>
public readonly record struct ElbowPoint(int K, double Inertia);

/// <summary>
/// k-means inertia against k, with a small k-means++ of its own (seeded, Lloyd steps until no face moves or 100
/// steps). Kept in one file so the lead can swap it for the clustering module's KMeansClusterer when that lands.
/// </summary>
public static class ElbowCurve
{
    private const int MaxSteps = 100;

    /// <summary>Inertia for each k in <paramref name="ks"/> (each clamped to the number of faces), in the given order.</summary>
    public static ElbowPoint[] Compute(EmbeddingMatrix faces, IReadOnlyList<int> ks, int seed)
    {
        var points = new ElbowPoint[ks.Count];
        // Each k has its own seeded generator, so running them at once gives the same curve as one after another.
        Parallel.For(0, ks.Count, i =>
        {
            var k = Math.Clamp(ks[i], 1, Math.Max(faces.Count, 1));
            points[i] = new ElbowPoint(k, faces.Count == 0 ? 0 : Inertia(faces, k, new Random(seed + k)));
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

    private static double Inertia(EmbeddingMatrix faces, int k, Random random)
    {
        int n = faces.Count, d = faces.Dimension;
        var centres = SeedPlusPlus(faces, k, random);
        var assignment = new int[n];
        Array.Fill(assignment, -1);
        var distances = new float[n];
        for (var step = 0; step < MaxSteps; step++)
        {
            var moved = 0;
            for (var i = 0; i < n; i++)
            {
                var (best, distance) = Nearest(faces.Row(i), centres, k, d);
                distances[i] = distance;
                if (best != assignment[i]) { assignment[i] = best; moved++; }
            }
            if (moved == 0) break;
            var sizes = new int[k];
            var sums = new float[k * d];
            for (var i = 0; i < n; i++)
            {
                sizes[assignment[i]]++;
                TensorPrimitives.Add(sums.AsSpan(assignment[i] * d, d), faces.Row(i), sums.AsSpan(assignment[i] * d, d));
            }
            for (var c = 0; c < k; c++)
                if (sizes[c] > 0) TensorPrimitives.Divide(sums.AsSpan(c * d, d), sizes[c], centres.AsSpan(c * d, d));
                // An emptied centre stays where it was; with k-means++ seeds this is rare and costs nothing.
        }
        double inertia = 0;
        foreach (var distance in distances) inertia += distance;
        return inertia;
    }

    private static float[] SeedPlusPlus(EmbeddingMatrix faces, int k, Random random)
    {
        int n = faces.Count, d = faces.Dimension;
        var centres = new float[k * d];
        faces.Row(random.Next(n)).CopyTo(centres.AsSpan(0, d));
        var nearest = new double[n];
        for (var i = 0; i < n; i++)
        {
            double e = TensorPrimitives.Distance(faces.Row(i), centres.AsSpan(0, d));
            nearest[i] = e * e;
        }
        for (var c = 1; c < k; c++)
        {
            double total = 0;
            foreach (var v in nearest) total += v;
            var target = random.NextDouble() * total;
            var pick = n - 1;
            for (var i = 0; i < n; i++)
            {
                target -= nearest[i];
                if (target <= 0) { pick = i; break; }
            }
            var centre = centres.AsSpan(c * d, d);
            faces.Row(pick).CopyTo(centre);
            for (var i = 0; i < n; i++)
            {
                double e = TensorPrimitives.Distance(faces.Row(i), centre);
                nearest[i] = Math.Min(nearest[i], e * e);
            }
        }
        return centres;
    }

    private static (int Best, float Distance) Nearest(ReadOnlySpan<float> row, float[] centres, int k, int d)
    {
        var best = 0;
        var bestDistance = float.PositiveInfinity;
        for (var c = 0; c < k; c++)
        {
            var e = TensorPrimitives.Distance(row, centres.AsSpan(c * d, d));
            if (e * e < bestDistance) (best, bestDistance) = (c, e * e);
        }
        return (best, bestDistance);
    }
}
