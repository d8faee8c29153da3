using System.Diagnostics;
using FaceSort.Core.Clustering;

namespace FaceSort.Core.Evaluation;

/// <summary>One point of a sweep: a method at a threshold (null: its default) and what it scored.</summary>
public sealed record SweepPoint(string Method, float? Threshold, ClusteringMetrics Metrics);

/// <summary>A method at its default over several photo orders (<see cref="PhotoOrder"/>): one score per order, by seed.</summary>
public sealed record OrderSpread(string Method, IReadOnlyList<int> Seeds, IReadOnlyList<ClusteringMetrics> PerOrder)
{
    public double MeanF1 => PerOrder.Average(m => m.PairwiseF1);
    public double MinF1 => PerOrder.Min(m => m.PairwiseF1);
    public double MaxF1 => PerOrder.Max(m => m.PairwiseF1);
    public double MeanPrecision => PerOrder.Average(m => m.PairwisePrecision);
    public double MeanRecall => PerOrder.Average(m => m.PairwiseRecall);
    public double MeanBCubedF1 => PerOrder.Average(m => m.BCubedF1);
}

/// <summary>
/// Runs a clustering method over an <see cref="EmbeddingSet"/> (all faces, with the same-photo cannot-links and the
/// detector score as quality) and scores the main faces of the labelled photos. A labelled photo where no face was
/// detected is scored as a singleton miss.
/// </summary>
public static class ClusteringEvaluator
{
    public static ClusteringMetrics Evaluate(EmbeddingSet set, IFaceClusterer method, CancellationToken ct = default)
    {
        var input = new ClusteringInput(set.Faces, set.PhotoOfFace, set.Quality);
        var sw = Stopwatch.StartNew();
        var assignment = method.Cluster(input, ct);
        sw.Stop();
        return Score(set, assignment, sw.Elapsed.TotalSeconds);
    }

    public static ClusteringMetrics Score(EmbeddingSet set, ClusterAssignment assignment, double seconds)
    {
        var predicted = new int[set.ScoredFaces.Length];
        for (int k = 0; k < predicted.Length; k++)
        {
            int face = set.ScoredFaces[k];
            predicted[k] = face < 0 ? -1 : assignment.Labels[face];
        }
        return ClusteringMetrics.Score(predicted, set.Truth, seconds);
    }

    /// <summary>The method at its default over the photo orders drawn from seeds 1..<paramref name="orders"/>.</summary>
    public static OrderSpread Orders(EmbeddingSet set, string method, int orders, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(orders, 1);
        var seeds = Enumerable.Range(1, orders).ToArray();
        return new OrderSpread(method, seeds, [.. seeds.Select(seed => Evaluate(PhotoOrder.Shuffled(set, seed), ClusteringMethods.Create(method), ct))]);
    }

    /// <summary>The method at every threshold of its grid.</summary>
    public static IReadOnlyList<SweepPoint> Sweep(EmbeddingSet set, string method, CancellationToken ct = default) =>
        [.. ClusteringMethods.Grid(method).Select(t => new SweepPoint(method, t, Evaluate(set, ClusteringMethods.Create(method, t), ct)))];
}
