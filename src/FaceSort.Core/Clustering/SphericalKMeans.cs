using System.Numerics.Tensors;

namespace FaceSort.Core.Clustering;

/// <summary>One k-means run: cluster per face, unit centres (k × d), cosine similarity of each face to its centre.</summary>
internal sealed record KMeansRun(int K, int[] Labels, float[] Centres, float[] SimilarityToCentre, double Inertia);

/// <summary>
/// Spherical k-means (Dhillon and Modha 2001): faces go to the centre of highest cosine similarity, a centre is the
/// normalised mean of its faces, and the objective (inertia) is Σ (1 − x·c), half the squared Euclidean distortion of
/// unit vectors. Seeded by greedy k-means++ (Arthur and Vassilvitskii 2007; 2 + ln k candidates per centre, the one
/// that lowers the potential most, as scikit-learn does). Every parallel loop writes per-face results that are then
/// summed in face order, so a run is a deterministic function of (faces, k, seed).
/// </summary>
internal static class SphericalKMeans
{
    public static KMeansRun Run(EmbeddingMatrix points, int k, int seed, int maxIterations, CancellationToken ct)
    {
        int n = points.Count, d = points.Dimension;
        k = Math.Clamp(k, 1, Math.Max(1, n));
        var centres = Seed(points, k, new Random(seed), ct);
        var labels = new int[n];
        Array.Fill(labels, -1);
        var sims = new float[n];
        for (int iteration = 0; ; iteration++)
        {
            ct.ThrowIfCancellationRequested();
            int changed = Assign(points, centres, k, labels, sims);
            if ((iteration > 0 && changed == 0) || iteration >= maxIterations) break;
            Update(points, centres, k, labels, sims);
        }
        double inertia = 0;
        for (int i = 0; i < n; i++) inertia += Math.Max(0, 1 - sims[i]);
        return new KMeansRun(k, labels, centres, sims, inertia);
    }

    /// <summary>Nearest centre per face (ties: lowest centre); returns how many faces changed centre.</summary>
    private static int Assign(EmbeddingMatrix points, float[] centres, int k, int[] labels, float[] sims)
    {
        int d = points.Dimension, changed = 0;
        Parallel.For(0, points.Count, () => 0, (i, _, local) =>
        {
            var row = points.Row(i);
            int best = 0;
            float bestSim = float.NegativeInfinity;
            for (int c = 0; c < k; c++)
            {
                float s = TensorPrimitives.Dot(row, centres.AsSpan(c * d, d));
                if (s > bestSim) { bestSim = s; best = c; }
            }
            sims[i] = bestSim;
            if (labels[i] != best) { labels[i] = best; local++; }
            return local;
        }, local => Interlocked.Add(ref changed, local));
        return changed;
    }

    /// <summary>
    /// Centres become the normalised sums of their faces. An empty centre takes the face farthest from its own centre
    /// (lowest similarity, ties lowest index) among clusters that can spare one.
    /// </summary>
    private static void Update(EmbeddingMatrix points, float[] centres, int k, int[] labels, float[] sims)
    {
        int n = points.Count, d = points.Dimension;
        Array.Clear(centres);
        var count = new int[k];
        for (int i = 0; i < n; i++)
        {
            var c = centres.AsSpan(labels[i] * d, d);
            TensorPrimitives.Add(c, points.Row(i), c);
            count[labels[i]]++;
        }
        for (int c = 0; c < k; c++)
        {
            if (count[c] > 0) continue;
            int far = -1;
            for (int i = 0; i < n; i++)
                if (count[labels[i]] > 1 && (far < 0 || sims[i] < sims[far])) far = i;
            if (far < 0) break;
            var from = centres.AsSpan(labels[far] * d, d);
            TensorPrimitives.Subtract(from, points.Row(far), from);
            count[labels[far]]--;
            points.Row(far).CopyTo(centres.AsSpan(c * d, d));
            count[c] = 1;
            labels[far] = c;
            sims[far] = 1;
        }
        for (int c = 0; c < k; c++)
        {
            var centre = centres.AsSpan(c * d, d);
            float norm = TensorPrimitives.Norm(centre);
            if (norm > 0) TensorPrimitives.Divide(centre, norm, centre);
        }
    }

    /// <summary>Greedy k-means++ with D(x) = 1 − x·c (proportional to the squared Euclidean distance on the sphere).</summary>
    private static float[] Seed(EmbeddingMatrix points, int k, Random rng, CancellationToken ct)
    {
        int n = points.Count, d = points.Dimension;
        var centres = new float[k * d];
        int first = rng.Next(n);
        points.Row(first).CopyTo(centres);
        var nearest = new double[n];
        Distances(points, first, nearest, null);
        var trial = new double[n];
        var bestTrial = new double[n];
        int candidates = 2 + (int)Math.Log(k);
        for (int c = 1; c < k; c++)
        {
            ct.ThrowIfCancellationRequested();
            double total = Sum(nearest);
            int chosen = -1;
            double chosenPotential = double.PositiveInfinity;
            for (int t = 0; t < candidates; t++)
            {
                int candidate = total > 0 ? Draw(nearest, rng.NextDouble() * total) : rng.Next(n);
                Distances(points, candidate, trial, nearest);
                double potential = Sum(trial);
                if (potential < chosenPotential)
                {
                    chosenPotential = potential;
                    chosen = candidate;
                    (trial, bestTrial) = (bestTrial, trial);
                }
            }
            points.Row(chosen).CopyTo(centres.AsSpan(c * d, d));
            (nearest, bestTrial) = (bestTrial, nearest);
        }
        return centres;
    }

    /// <summary>out[i] = 1 − x_i·x_from, or its minimum with <paramref name="cap"/>[i].</summary>
    private static void Distances(EmbeddingMatrix points, int from, double[] result, double[]? cap)
    {
        Parallel.For(0, points.Count, i =>
        {
            double dist = Math.Max(0, 1 - TensorPrimitives.Dot(points.Row(i), points.Row(from)));
            result[i] = cap is null ? dist : Math.Min(dist, cap[i]);
        });
    }

    private static double Sum(double[] values)
    {
        double s = 0;
        foreach (double v in values) s += v;
        return s;
    }

    /// <summary>The first face whose cumulative weight exceeds <paramref name="r"/>.</summary>
    private static int Draw(double[] weights, double r)
    {
        double acc = 0;
        int last = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            if (weights[i] <= 0) continue;
            acc += weights[i];
            last = i;
            if (acc > r) return i;
        }
        return last;
    }
}
