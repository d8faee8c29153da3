using System.CommandLine;
using FaceSort.Core.Evaluation;
using Spectre.Console;

namespace FaceSort.Cli.Commands;

/// <summary>
/// <c>facesort eval --embeddings FILE [--method M] [--sweep] [--json]</c>: clusters a labelled embedding set and scores
/// it against the folder labels (pairwise, BCubed, NMI, ARI). The --library source is for the lead to wire.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var embeddings = new Option<string>("--embeddings") { Description = "Embedding TSV (see EmbeddingSetFile).", Required = true };
        var method = new Option<string?>("--method") { Description = $"One of: {string.Join(", ", ClusteringMethods.Names)}. Default: all." };
        var sweep = new Option<bool>("--sweep") { Description = "Score each method across its threshold grid." };
        var json = CommonOptions.Json();
        var command = new Command("eval", "Score clustering methods against folder labels.") { embeddings, method, sweep, json };
        command.SetAction((parse, cancellationToken) =>
        {
            var set = EmbeddingSetFile.Load(parse.GetValue(embeddings)!);
            var methods = parse.GetValue(method) is { } m ? [m] : ClusteringMethods.Names;
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
}
