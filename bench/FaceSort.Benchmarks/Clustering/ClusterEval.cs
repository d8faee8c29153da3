using System.Globalization;
using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;

namespace FaceSort.Benchmarks.Clustering;

/// <summary>
/// <c>cluster-eval --tune-on NAME FILE.tsv...</c>: every method swept over its threshold grid on every embedding set;
/// prints, per set, each method's best-threshold pairwise F1, its score at the threshold best on the tuning set, and at
/// its documented default, as a markdown table.
/// </summary>
internal static class ClusterEval
{
    public static int Run(string[] args)
    {
        string tuneOn = "lfw";
        var files = new List<string>();
        var methods = ClusteringMethods.Names.ToList();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--tune-on") tuneOn = args[++i];
            else if (args[i] == "--methods") methods = [.. args[++i].Split(',')];
            else files.Add(args[i]);
        }
        var sets = files.ToDictionary(f => Path.GetFileNameWithoutExtension(f), EmbeddingSetFile.Load);
        var sweeps = new Dictionary<(string Set, string Method), IReadOnlyList<SweepPoint>>();
        var defaults = new Dictionary<(string Set, string Method), ClusteringMetrics>();
        foreach (var (name, set) in sets)
            foreach (var m in methods)
            {
                sweeps[(name, m)] = ClusteringEvaluator.Sweep(set, m);
                defaults[(name, m)] = ClusteringEvaluator.Evaluate(set, ClusteringMethods.Create(m));
                Console.Error.WriteLine($"{name} {m} done");
            }
        var tuned = methods.ToDictionary(m => m, m => sweeps.TryGetValue((tuneOn, m), out var s) ? Best(s).Threshold : null);
        foreach (var (name, set) in sets)
        {
            Console.WriteLine($"### {name}: {set.Faces.Count} faces, {set.ScoredFaces.Length} scored, {set.IdentityNames.Length} identities");
            Console.WriteLine();
            Console.WriteLine("| method | threshold | which | pair P | pair R | pair F1 | BCubed F1 | NMI | ARI | clusters | unassigned | s |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var m in methods)
            {
                var s = sweeps[(name, m)];
                var best = Best(s);
                Row(m, best.Threshold, "best on this set", best.Metrics);
                if (tuned[m] is { } t && name != tuneOn)
                    Row(m, t, $"best on {tuneOn}", s.First(p => Math.Abs(p.Threshold!.Value - t) < 1e-4).Metrics);
                Row(m, null, "default", defaults[(name, m)]);
            }
            Console.WriteLine();
        }
        return 0;
    }

    private static SweepPoint Best(IReadOnlyList<SweepPoint> s) =>
        s.OrderByDescending(p => p.Metrics.PairwiseF1).ThenBy(p => p.Threshold).First();

    private static void Row(string m, float? t, string which, ClusteringMetrics x) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {m} | {(t is null ? "default" : t.Value.ToString("0.###", CultureInfo.InvariantCulture))} | {which} | {x.PairwisePrecision:0.000} | {x.PairwiseRecall:0.000} | **{x.PairwiseF1:0.000}** | {x.BCubedF1:0.000} | {x.Nmi:0.000} | {x.Ari:0.000} | {x.Clusters}/{x.Identities} | {x.UnassignedShare:0.00} | {x.Seconds:0.000} |"));

    /// <summary><c>cluster-dump FILE.tsv METHOD</c>: which identities each cluster holds (labelled main faces; -1 =
    /// unassigned, -2 = no face found) — where a method splits or merges people.</summary>
    /// <param name="labelsOut">Optional: writes the cluster of every face (input order), one per line, for analysis
    /// outside .NET.</param>
    public static int Dump(string file, string method, string? labelsOut = null, float? threshold = null, bool constraints = true)
    {
        var set = EmbeddingSetFile.Load(file);
        var input = constraints ? new ClusteringInput(set.Faces, set.PhotoOfFace, set.Quality) : new ClusteringInput(set.Faces);
        var assignment = ClusteringMethods.Create(method, threshold).Cluster(input);
        if (labelsOut is not null)
            File.WriteAllLines(labelsOut, assignment.Labels.Select(l => l.ToString(CultureInfo.InvariantCulture)));
        var byCluster = new SortedDictionary<int, SortedDictionary<string, int>>();
        for (int k = 0; k < set.ScoredFaces.Length; k++)
        {
            int face = set.ScoredFaces[k];
            int cluster = face < 0 ? -2 : assignment.Labels[face];
            if (!byCluster.TryGetValue(cluster, out var names)) byCluster[cluster] = names = new(StringComparer.Ordinal);
            var name = set.IdentityNames[set.Truth[k]];
            names[name] = names.GetValueOrDefault(name) + 1;
        }
        foreach (var (cluster, names) in byCluster)
            Console.WriteLine($"{cluster}: {string.Join(", ", names.Select(x => x.Key + "=" + x.Value))}");
        return 0;
    }
}
