using System.CommandLine;
using System.Globalization;
using FaceSort.Core.Evaluation;
using Spectre.Console;

namespace FaceSort.Cli.Commands;

/// <summary>
/// <c>facesort eval [--library DIR] (--labels-from-folders DIR | --truth CSV) [--method M] [--sweep | --orders N] [--json]</c>
/// (or <c>--embeddings FILE</c>): clusters a labelled embedding set and scores it against the labels
/// (pairwise, BCubed, NMI, ARI); <c>--orders N</c> scores each method's default over N random photo orders.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var embeddings = new Option<string?>("--embeddings") { Description = "Embedding TSV (see EmbeddingSetFile) instead of a library." };
        var library = CommonOptions.Library();
        var labels = new Option<string?>("--labels-from-folders")
        {
            Description = "Scanned folder whose sub-folder names are the identities of each photo's main face (the face nearest the centre).",
        };
        var truth = new Option<string?>("--truth") { Description = "CSV of 'path,identity' rows (paths relative to the CSV) naming each photo's main face." };
        var unlabelled = new Option<string>("--unlabelled")
        {
            Description = "Comma-separated folder names whose photos carry no identity.",
            DefaultValueFactory = _ => string.Join(',', LibraryEmbeddingSet.DefaultUnlabelled.Order(StringComparer.Ordinal)),
        };
        var method = new Option<string?>("--method") { Description = $"One of: {string.Join(", ", ClusteringMethods.Names)}. Default: all." };
        var sweep = new Option<bool>("--sweep") { Description = "Score each method across its threshold grid." };
        var orders = CommonOptions.WholeNumber(new Option<int?>("--orders")
        {
            Description = "Score each method's default over N random orders of the photos (seeds 1..N): mean, lowest and highest. "
                + "Order-dependent methods (k-means, ties) are one draw per order.",
        });
        var json = CommonOptions.Json();
        var command = new Command("eval", "Score clustering methods against folder labels.") { library, labels, truth, embeddings, unlabelled, method, sweep, orders, json };
        CommonOptions.AtLeastOne(orders, "--orders needs a count of at least 1.");
        command.Validators.Add(result =>
        {
            if (result.GetResult(orders) is not null && result.GetValue(sweep)) result.AddError("--orders and --sweep do not go together.");
        });
        command.SetAction((parse, cancellationToken) =>
        {
            var set = parse.GetValue(embeddings) is { } file
                ? InputFile.Read("--embeddings", file, EmbeddingSetFile.Load)
                : FromLibrary(parse.GetValue(library)!, parse.GetValue(labels), parse.GetValue(truth), parse.GetValue(unlabelled)!);
            // With nothing to score every metric is a vacuous 1.0: say what matched nothing instead of printing it.
            if (!set.ScoredFaces.Any(f => f >= 0))
                throw new ArgumentException(parse.GetValue(embeddings) is { } tsv
                    ? $"no labelled face in {tsv}"
                    : $"no face of the library matches a labelled photo in {parse.GetValue(labels) ?? parse.GetValue(truth)}");
            var methods = parse.GetValue(method) is { } m ? [m] : ClusteringMethods.Names;
            if (parse.GetValue(orders) is { } count)
            {
                WriteOrders([.. methods.Select(name => ClusteringEvaluator.Orders(set, name, count, cancellationToken))], parse.GetValue(json));
                return Task.FromResult(ExitCodes.Success);
            }
            var points = new List<SweepPoint>();
            foreach (var name in methods)
            {
                if (parse.GetValue(sweep)) points.AddRange(ClusteringEvaluator.Sweep(set, name, cancellationToken));
                else points.Add(new SweepPoint(name, null, ClusteringEvaluator.Evaluate(set, ClusteringMethods.Create(name), cancellationToken)));
            }
            if (parse.GetValue(json))
                Output.Json(points.Select(p => new { method = p.Method, threshold = p.Threshold, knob = KnobName(p.Method, p.Threshold), metrics = p.Metrics }));
            else
            {
                AnsiConsole.WriteLine(Scored(set));
                var table = new Table().AddColumns("method", "threshold", "pair P", "pair R", "pair F1", "BCubed F1", "NMI", "ARI", "clusters", "unassigned", "s");
                foreach (var p in points)
                {
                    var x = p.Metrics;
                    table.AddRow(p.Method, Knob(p.Method, p.Threshold), PairPrecision(x), $"{x.PairwiseRecall:0.000}",
                        $"{x.PairwiseF1:0.000}", $"{x.BCubedF1:0.000}", $"{x.Nmi:0.000}", $"{x.Ari:0.000}", $"{x.Clusters}/{x.Identities}",
                        $"{x.UnassignedShare:0.00}", $"{x.Seconds:0.000}");
                }
                AnsiConsole.Write(table);
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>What was scored: the table's clusters count scored faces, so a reader needs the counts beside it.</summary>
    internal static string Scored(EmbeddingSet set)
    {
        var noFace = set.ScoredFaces.Count(f => f < 0);
        return string.Create(CultureInfo.InvariantCulture,
            $"{set.Faces.Count:N0} faces clustered; {set.ScoredFaces.Length:N0} labelled photos scored by their main face ({noFace:N0} without a detected face, scored as misses); {set.IdentityNames.Length:N0} identities");
    }

    /// <summary>The swept knob as the method reads it, for the table: k-means' is k and HDBSCAN's the minimum cluster
    /// size, not a distance (<see cref="KnobName"/>).</summary>
    internal static string Knob(string method, float? threshold) => (KnobName(method, threshold), threshold) switch
    {
        (null, _) or (_, null) => "default",
        ("k", { } t) => string.Create(CultureInfo.InvariantCulture, $"k {t:0}"),
        ("min_cluster_size", { } t) => string.Create(CultureInfo.InvariantCulture, $"min size {t:0}"),
        (_, { } t) => t.ToString("0.###", CultureInfo.InvariantCulture),
    };

    /// <summary>What a method's swept threshold counts, as the JSON names it; null for a method's own default.</summary>
    internal static string? KnobName(string method, float? threshold) => threshold is null ? null
        : method.StartsWith("kmeans", StringComparison.Ordinal) ? "k"
        : method == "hdbscan" ? "min_cluster_size"
        : method.StartsWith("rankorder", StringComparison.Ordinal) ? "rank_order_distance"
        : "distance";

    /// <summary>
    /// Pairwise precision, or "n/a" when the clustering put no two scored faces together: ClusteringMetrics then reports 1
    /// (nothing claimed wrongly), which beside a recall of 0 reads as a perfect precision it did not earn.
    /// </summary>
    internal static string PairPrecision(ClusteringMetrics x) =>
        x.PairwiseRecall == 0 && x.PairwisePrecision == 1 ? "n/a" : x.PairwisePrecision.ToString("0.000", CultureInfo.InvariantCulture);

    private static void WriteOrders(IReadOnlyList<OrderSpread> spreads, bool json)
    {
        if (json)
        {
            Output.Json(spreads.Select(s => new
            {
                method = s.Method,
                seeds = s.Seeds,
                mean_pairwise_f1 = s.MeanF1,
                min_pairwise_f1 = s.MinF1,
                max_pairwise_f1 = s.MaxF1,
                mean_pairwise_precision = s.MeanPrecision,
                mean_pairwise_recall = s.MeanRecall,
                mean_bcubed_f1 = s.MeanBCubedF1,
                per_order = s.PerOrder,
            }));
            return;
        }
        var table = new Table().AddColumns("method", "orders", "pair F1 mean", "lowest", "highest", "pair P mean", "pair R mean", "BCubed F1 mean");
        foreach (var s in spreads)
            table.AddRow(s.Method, $"{s.PerOrder.Count}", $"{s.MeanF1:0.000}", $"{s.MinF1:0.000}", $"{s.MaxF1:0.000}",
                $"{s.MeanPrecision:0.000}", $"{s.MeanRecall:0.000}", $"{s.MeanBCubedF1:0.000}");
        AnsiConsole.Write(table);
    }

    /// <summary>
    /// A labelled row whose photo the library does not hold (a path typed wrong, a photo not scanned or that failed to
    /// decode) is left out of the score; says how many on stderr, so a score over part of the truth is not taken for all of it.
    /// </summary>
    private static void WarnUnscanned(IReadOnlyDictionary<string, string> truth, Core.Library.PhotoStore photos, string truthCsv)
    {
        var scanned = photos.All().Where(p => p.Status == Core.Library.PhotoStatus.Done)
            .Select(p => Path.GetFullPath(p.FullPath)).ToHashSet(StringComparer.Ordinal);
        var labelled = truth.Where(row => row.Value.Length > 0).Select(row => row.Key).ToList();
        var missing = labelled.Where(path => !scanned.Contains(path)).ToList();
        if (missing.Count > 0)
            Console.Error.WriteLine($"facesort: {missing.Count:N0} of {labelled.Count:N0} labelled photos in {truthCsv} are not scanned photos of the library "
                + $"and are left out of the score (first: {missing[0]})");
    }

    private static EmbeddingSet FromLibrary(string libraryPath, string? labelsRoot, string? truthCsv, string unlabelled)
    {
        if ((labelsRoot is null) == (truthCsv is null)) throw new ArgumentException("give one of --labels-from-folders DIR or --truth CSV (or --embeddings FILE)");
        if (labelsRoot is not null && !Directory.Exists(labelsRoot)) throw new ArgumentException($"folder not found: {labelsRoot}");
        var truth = truthCsv is null ? null : InputFile.Read("--truth", truthCsv, LibraryEmbeddingSet.ReadTruthCsv);
        var database = ClusterCommand.OpenExisting(libraryPath);
        var photos = new Core.Library.PhotoStore(database);
        var faces = new Core.Library.FaceStore(database);
        if (truth is not null)
        {
            WarnUnscanned(truth, photos, truthCsv!);
            return LibraryEmbeddingSet.BuildFromTruth(photos, faces, truth).Set;
        }
        var folders = unlabelled.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        WarnSharedFolderNames(photos, labelsRoot!, folders);
        return LibraryEmbeddingSet.Build(photos, faces, labelsRoot!, folders).Set;
    }

    /// <summary>
    /// Folders nested in person folders (<c>Alice/2019</c>, <c>Bob/2019</c>) give their photos one identity, "2019": the
    /// score is then against a truth that merges people. Says which names on stderr, as eval and report go on (two data
    /// sets may hold one person under one name on purpose).
    /// </summary>
    internal static void WarnSharedFolderNames(Core.Library.PhotoStore photos, string labelsRoot, IReadOnlySet<string> unlabelled)
    {
        var shared = LibraryEmbeddingSet.SharedFolderNames(photos, labelsRoot, unlabelled);
        if (shared.Count == 0) return;
        static string Named((string Identity, IReadOnlyList<string> Folders) s) =>
            $"'{s.Identity}' ({s.Folders.Count} folders: {string.Join(", ", s.Folders.Take(2))}{(s.Folders.Count > 2 ? ", …" : "")})";
        Console.Error.WriteLine($"facesort: {shared.Count:N0} {(shared.Count == 1 ? "identity is the name" : "identities are the names")} of several folders, "
            + $"each scored as one person: {string.Join("; ", shared.Take(3).Select(Named))}{(shared.Count > 3 ? "; …" : "")}. "
            + "A photo's parent folder names its identity; for person folders with sub-folders give --truth CSV.");
    }
}
