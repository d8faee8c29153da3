using System.CommandLine;
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
                Output.Json(points.Select(p => new { method = p.Method, threshold = p.Threshold, metrics = p.Metrics }));
            else
            {
                var table = new Table().AddColumns("method", "threshold", "pair P", "pair R", "pair F1", "BCubed F1", "NMI", "ARI", "clusters", "unassigned", "s");
                foreach (var p in points)
                {
                    var x = p.Metrics;
                    table.AddRow(p.Method, p.Threshold?.ToString("0.###") ?? "default", $"{x.PairwisePrecision:0.000}", $"{x.PairwiseRecall:0.000}",
                        $"{x.PairwiseF1:0.000}", $"{x.BCubedF1:0.000}", $"{x.Nmi:0.000}", $"{x.Ari:0.000}", $"{x.Clusters}/{x.Identities}",
                        $"{x.UnassignedShare:0.00}", $"{x.Seconds:0.000}");
                }
                AnsiConsole.Write(table);
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

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
        return LibraryEmbeddingSet.Build(photos, faces, labelsRoot!, folders).Set;
    }
}
