using System.CommandLine;
using System.Globalization;
using FaceSort.Core.Evaluation;
using Spectre.Console;

namespace FaceSort.Cli.Commands;

/// <summary><c>facesort bench cluster --n N</c>: the default clusterer on synthetic faces (docs/clustering-scale.md).</summary>
internal static class BenchClusterCommand
{
    public static Command Create()
    {
        var n = CommonOptions.WholeNumber(new Option<int>("--n")
        {
            Description = "Synthetic faces to generate (10 per identity on average).", DefaultValueFactory = _ => 10_000,
        });
        var queries = CommonOptions.WholeNumber(new Option<int>("--recall-queries")
        {
            Description = "Faces whose kNN row is checked against an exact scan.", DefaultValueFactory = _ => 500,
        });
        var seed = CommonOptions.WholeNumber(new Option<int>("--seed") { Description = "Synthetic set seed.", DefaultValueFactory = _ => 1 });
        var shape = CommonOptions.OneOf(new Option<SyntheticShape>("--shape")
        {
            Description = "uniform: about 10 faces per identity; library: Zipf-sized people plus 20 % one-off strangers; varied: library whose people have looks and photos of varied quality.",
            DefaultValueFactory = _ => SyntheticShape.Uniform,
        });
        var json = CommonOptions.Json();
        var command = new Command("cluster",
            "Cluster N synthetic 128-d faces with the default method; print seconds per stage, peak memory, F1 and kNN recall.")
        {
            n, queries, seed, shape, json,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            int faces = parse.GetValue(n), q = parse.GetValue(queries);
            if (faces < 2) throw new ArgumentException("--n must be at least 2");
            if (q < 0) throw new ArgumentException("--recall-queries must not be negative");
            var report = ClusteringScaleBenchmark.Run(faces, q, parse.GetValue(seed), parse.GetValue(shape), cancellationToken: cancellationToken);
            if (parse.GetValue(json)) Output.Json(report);
            else Print(report);
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static void Print(ClusteringScaleReport r)
    {
        var table = new Table().Title($"{r.Faces:N0} synthetic faces, {r.Identities:N0} identities")
            .AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        void Row(string name, string value) => table.AddRow(name, value);
        Row($"kNN seconds ({(r.KnnExact ? "exact" : "IVF")})", F("0.00", r.KnnSeconds));
        Row("merge seconds", F("0.00", r.MergeSeconds));
        Row("total seconds", F("0.00", r.TotalSeconds));
        Row("kNN / merge CPU seconds (all threads)", $"{F("0.00", r.KnnCpuSeconds)} / {F("0.00", r.MergeCpuSeconds)}");
        Row("peak working set (MB)", F("0", r.PeakWorkingSetMb));
        Row("clusters", r.Clusters.ToString(CultureInfo.InvariantCulture));
        Row("unassigned faces", r.Unassigned.ToString(CultureInfo.InvariantCulture));
        Row("one-off faces (strangers) put in a group", $"{r.OneOffFacesPlaced:N0} of {r.OneOffFaces:N0}, {r.OneOffFacesWithAPerson:N0} of them with a person's faces");
        Row("pairwise P / R / F1", $"{F("0.000", r.PairwisePrecision)} / {F("0.000", r.PairwiseRecall)} / {F("0.000", r.PairwiseF1)}");
        Row($"kNN recall@k vs exact ({r.RecallQueries} queries)", F("0.000", r.KnnRecallAtK));
        Row("kNN recall of mergeable edges", F("0.000", r.KnnRecallClose));
        AnsiConsole.Write(table);
    }

    private static string F(string format, double v) => v.ToString(format, CultureInfo.InvariantCulture);
}
