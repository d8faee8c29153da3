using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;

namespace FaceSort.Benchmarks.Clustering;

/// <summary>
/// <c>cluster-scale --n N [--exact | --ivf [--lists L] [--probes P] [--min-candidates C]]</c>: the default clusterer on <see cref="SyntheticFaces"/> (same report as
/// <c>facesort bench cluster</c>). <c>cluster-scale --n N --stage knn [--exact] [--lists L] [--probes P]
/// [--queries Q]</c>: one kNN builder alone, its seconds and its recall against an exact scan of Q queries — what
/// the IVF settings and <see cref="KnnGraph.ExactLimit"/> were chosen from. <c>--stage METHOD</c> (any other
/// <c>--method</c> name) times that method on the same data.
/// </summary>
internal static class ClusterScale
{
    public static int Run(string[] args)
    {
        int n = 10_000, queries = 500;
        string stage = "facesort";
        bool exact = false, custom = false;
        var ivf = new IvfOptions();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--n") n = Int(args[++i]);
            else if (args[i] == "--stage") stage = args[++i];
            else if (args[i] == "--exact") exact = custom = true;
            else if (args[i] == "--ivf") custom = true;
            else if (args[i] == "--probes") ivf = ivf with { Probes = Int(args[++i]) };
            else if (args[i] == "--lists") ivf = ivf with { Lists = Int(args[++i]) };
            else if (args[i] == "--min-candidates") ivf = ivf with { MinCandidates = Int(args[++i]) };
            else if (args[i] == "--iterations") ivf = ivf with { TrainingIterations = Int(args[++i]) };
            else if (args[i] == "--queries") queries = Int(args[++i]);
        }
        if (stage is not "knn" and not "facesort")
        {
            var faces = SyntheticFaces.Generate(n).Embeddings;
            var clock = Stopwatch.StartNew();
            var a = ClusteringMethods.Create(stage).Cluster(new ClusteringInput(faces));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{stage} seconds={clock.Elapsed.TotalSeconds:0.00} clusters={a.ClusterCount} unassigned={a.Labels.Count(l => l < 0)} peak_mb={Process.GetCurrentProcess().PeakWorkingSet64 >> 20}"));
            return 0;
        }
        if (stage != "knn")
        {
            Func<EmbeddingMatrix, int, KnnGraph>? builder = !custom ? null
                : exact ? (m, k) => KnnGraph.Exact(m, k) : (m, k) => KnnGraph.Approximate(m, k, ivf);
            Console.WriteLine(JsonSerializer.Serialize(ClusteringScaleBenchmark.Run(n, queries, graphBuilder: builder)));
            return 0;
        }
        var m = SyntheticFaces.Generate(n).Embeddings;
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var g = exact ? KnnGraph.Exact(m, 20) : KnnGraph.Approximate(m, 20, ivf);
        double seconds = sw.Elapsed.TotalSeconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        var r = KnnRecall.Measure(m, g, queries, 1 - new FaceSortOptions().MergeDistance);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"n={n} builder={(exact ? "exact" : $"ivf lists={ivf.Lists} probes={ivf.Probes} iterations={ivf.TrainingIterations}")} seconds={seconds:0.00} cpu={cpu:0.00} recall@20={r.AtK:0.000} recall_close={r.Close:0.000} queries={r.Queries} peak_mb={Process.GetCurrentProcess().PeakWorkingSet64 >> 20}"));
        return 0;
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);
}
