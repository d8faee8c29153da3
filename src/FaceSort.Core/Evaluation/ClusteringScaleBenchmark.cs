using System.Diagnostics;
using System.Text.Json.Serialization;
using FaceSort.Core.Clustering;

namespace FaceSort.Core.Evaluation;

/// <summary>What <see cref="ClusteringScaleBenchmark.Run"/> measured; JSON names are plain (knn_seconds, …).</summary>
public sealed record ClusteringScaleReport(
    [property: JsonPropertyName("n")] int Faces,
    [property: JsonPropertyName("identities")] int Identities,
    [property: JsonPropertyName("knn_exact")] bool KnnExact,
    [property: JsonPropertyName("generate_seconds")] double GenerateSeconds,
    [property: JsonPropertyName("knn_seconds")] double KnnSeconds,
    [property: JsonPropertyName("merge_seconds")] double MergeSeconds,
    [property: JsonPropertyName("total_seconds")] double TotalSeconds,
    [property: JsonPropertyName("knn_cpu_seconds")] double KnnCpuSeconds,
    [property: JsonPropertyName("merge_cpu_seconds")] double MergeCpuSeconds,
    [property: JsonPropertyName("peak_working_set_mb")] double PeakWorkingSetMb,
    [property: JsonPropertyName("clusters")] int Clusters,
    [property: JsonPropertyName("unassigned")] int Unassigned,
    [property: JsonPropertyName("one_off_faces")] int OneOffFaces,
    [property: JsonPropertyName("one_off_faces_placed")] int OneOffFacesPlaced,
    [property: JsonPropertyName("one_off_faces_with_a_person")] int OneOffFacesWithAPerson,
    [property: JsonPropertyName("pairwise_precision")] double PairwisePrecision,
    [property: JsonPropertyName("pairwise_recall")] double PairwiseRecall,
    [property: JsonPropertyName("pairwise_f1")] double PairwiseF1,
    [property: JsonPropertyName("bcubed_precision")] double BCubedPrecision,
    [property: JsonPropertyName("bcubed_recall")] double BCubedRecall,
    [property: JsonPropertyName("bcubed_f1")] double BCubedF1,
    [property: JsonPropertyName("recall_queries")] int RecallQueries,
    [property: JsonPropertyName("knn_recall")] double KnnRecallAtK,
    [property: JsonPropertyName("knn_recall_close")] double KnnRecallClose);

/// <summary>How a synthetic collection spreads its faces over identities.</summary>
public enum SyntheticShape
{
    /// <summary>About 10 faces per identity (<see cref="SyntheticFaces.Generate"/>).</summary>
    Uniform,

    /// <summary>A few big people, many small ones and one-off strangers (<see cref="SyntheticFaces.GenerateLibrary"/>).</summary>
    Library,

    /// <summary>As <see cref="Library"/>, each person seen in several looks and each photo of its own quality
    /// (<see cref="SyntheticFaces.GenerateLibrary"/> with varied faces: same-person similarities spread as glint12's).</summary>
    Varied,
}

/// <summary>
/// Times the default clusterer on <see cref="SyntheticFaces"/>: the kNN stage (the shared builder) and the merge
/// stage separately, then scores the result against the synthetic truth and the graph against an exact scan of
/// sampled queries. Total = kNN + merge (generation and scoring excluded); CPU seconds are the process's over each
/// stage, all threads (wall seconds on a shared machine are an upper bound; CPU seconds are not inflated by others).
/// </summary>
public static class ClusteringScaleBenchmark
{
    /// <param name="n">Faces to generate.</param>
    /// <param name="recallQueries">Faces whose graph row is checked against an exact scan.</param>
    /// <param name="seed">Synthetic set seed.</param>
    /// <param name="shape">How faces spread over identities (<see cref="SyntheticShape"/>).</param>
    /// <param name="graphBuilder">kNN builder (embeddings, k) to time instead of the default's own; for comparing builders.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static ClusteringScaleReport Run(int n, int recallQueries = 500, int seed = 1,
        SyntheticShape shape = SyntheticShape.Uniform, Func<EmbeddingMatrix, int, KnnGraph>? graphBuilder = null, CancellationToken cancellationToken = default)
    {
        var sw = Stopwatch.StartNew();
        var set = shape switch
        {
            SyntheticShape.Library => SyntheticFaces.GenerateLibrary(n, 128, seed),
            SyntheticShape.Varied => SyntheticFaces.GenerateLibrary(n, 128, seed, varied: true),
            _ => SyntheticFaces.Generate(n, 128, seed),
        };
        double generate = sw.Elapsed.TotalSeconds;
        var clusterer = new FaceSortClusterer();
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        sw.Restart();
        var graph = graphBuilder is null ? clusterer.BuildGraph(set.Embeddings, cancellationToken)
            : graphBuilder(set.Embeddings, Math.Min(clusterer.Options.Neighbours, Math.Max(1, n - 1)));
        double knn = sw.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu1 = process.TotalProcessorTime;
        sw.Restart();
        var assignment = clusterer.Cluster(new ClusteringInput(set.Embeddings), graph, cancellationToken);
        double merge = sw.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu2 = process.TotalProcessorTime;
        var metrics = ClusteringMetrics.Score(assignment.Labels, set.Identity);
        var recall = KnnRecall.Measure(set.Embeddings, graph, recallQueries, 1 - clusterer.Options.MergeDistance);
        process.Refresh();
        int unassigned = 0;
        foreach (int l in assignment.Labels) if (l < 0) unassigned++;
        // A face whose identity has no other face is a stranger: in a person it is the error users see first.
        var facesOf = new int[set.Identities];
        foreach (int id in set.Identity) facesOf[id]++;
        int oneOff = 0, oneOffPlaced = 0, oneOffWithAPerson = 0;
        // A stranger grouped with another stranger makes a junk person; one grouped with a person's faces sits in
        // that person's folder.
        var holdsAPerson = new HashSet<int>();
        for (int i = 0; i < n; i++)
            if (facesOf[set.Identity[i]] > 1 && assignment.Labels[i] >= 0) holdsAPerson.Add(assignment.Labels[i]);
        for (int i = 0; i < n; i++)
            if (facesOf[set.Identity[i]] == 1)
            {
                oneOff++;
                if (assignment.Labels[i] < 0) continue;
                oneOffPlaced++;
                if (holdsAPerson.Contains(assignment.Labels[i])) oneOffWithAPerson++;
            }
        return new ClusteringScaleReport(n, set.Identities, graphBuilder is null && n <= KnnGraph.ExactLimit, generate, knn, merge, knn + merge, (cpu1 - cpu0).TotalSeconds, (cpu2 - cpu1).TotalSeconds,
            process.PeakWorkingSet64 / 1048576.0, assignment.ClusterCount, unassigned, oneOff, oneOffPlaced, oneOffWithAPerson,
            metrics.PairwisePrecision, metrics.PairwiseRecall, metrics.PairwiseF1,
            metrics.BCubedPrecision, metrics.BCubedRecall, metrics.BCubedF1, recall.Queries, recall.AtK, recall.Close);
    }
}
