using System.CommandLine;
using System.Diagnostics;
using FaceSort.Core.Library;
using FaceSort.Core.Models;
using FaceSort.Core.Pipeline;
using Spectre.Console;

namespace FaceSort.Cli.Commands;

internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure FaceSort: on your own photos (nothing is kept) or on synthetic faces.");
        command.Subcommands.Add(Ingest());
        command.Subcommands.Add(BenchClusterCommand.Create());
        return command;
    }

    private static Command Ingest()
    {
        var folders = new Argument<string[]>("folders") { Description = "Folders of photos to ingest.", Arity = ArgumentArity.OneOrMore };
        var models = CommonOptions.Models();
        var workers = CommonOptions.Workers();
        var uprightOnly = CommonOptions.UprightOnly();
        var json = CommonOptions.Json();
        var command = new Command("ingest", "Scan into a throw-away library and print time per stage per photo, photos/s and cores used.")
        {
            folders, models, workers, uprightOnly, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var library = Directory.CreateTempSubdirectory("facesort-bench-");
            try
            {
                foreach (var folder in parse.GetValue(folders)!)
                    if (!Directory.Exists(folder)) throw new ArgumentException($"folder not found: {folder}");
                using var modelSet = new ModelSet(ModelDirectory.Locate(parse.GetValue(models)), CommonOptions.Detection(parse.GetValue(uprightOnly)));
                // Model loading and first-run planning are not per-photo costs (the peer pipeline warms up too).
                modelSet.WarmUp();
                var database = LibraryDatabase.Open(library.FullName);
                var process = Process.GetCurrentProcess();
                var cpuBefore = process.TotalProcessorTime;
                var summary = await ScanCommand.RunAsync(parse.GetValue(folders)!, database, modelSet,
                    parse.GetValue(workers), quiet: true, cancellationToken).ConfigureAwait(false);
                process.Refresh();
                var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
                var report = IngestReport.From(summary, cpu);
                if (parse.GetValue(json)) Output.Json(report);
                else if (report.Photos == 0) Console.WriteLine($"no photos found in {string.Join(", ", parse.GetValue(folders)!)}: nothing to measure");
                else Print(report);
                return ExitCodes.Success;
            }
            finally
            {
                library.Delete(recursive: true);
            }
        });
        return command;
    }

    private static void Print(IngestReport r)
    {
        var table = new Table().Title("Ingest").AddColumn("stage").AddColumn(new TableColumn("CPU ms per photo").RightAligned());
        foreach (var (stage, ms) in r.MsPerPhoto) table.AddRow(stage, ms.ToString("0.00"));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"{r.Photos} photos, {r.Faces} faces in {r.Seconds:0.00} s: [bold]{r.PhotosPerSecond:0.0} photos/s[/], " +
                               $"{r.CoresUsed:0.00} of {Environment.ProcessorCount} cores busy; model inference {Percent(r.ModelSharePercent)} of CPU time, " +
                               $"overhead beyond inference {Percent(r.OverheadPercent)}.");
    }

    private static string Percent(double? share) => share is { } value ? $"{value:0}%" : "n/a";

    /// <summary>The numbers docs/ quotes: per-stage busy time per photo (summed over threads), throughput, cores.
    /// The shares are null when no model ran (no photos): a share of nothing is not a number to print.</summary>
    private sealed record IngestReport(
        int Photos, int Faces, double Seconds, double PhotosPerSecond, double CpuSeconds, double CoresUsed,
        IReadOnlyDictionary<string, double> MsPerPhoto, double? ModelSharePercent, double? OverheadPercent, int Skipped)
    {
        public static IngestReport From(ScanSummary s, double cpuSeconds)
        {
            var photos = Math.Max(1, s.PhotosScanned);
            var perPhoto = Enum.GetValues<Stage>().ToDictionary(
                stage => stage.ToString().ToLowerInvariant(), stage => Math.Round(s.Times[stage].TotalMilliseconds / photos, 3));
            var model = s.Times[Stage.Detect].TotalSeconds + s.Times[Stage.Embed].TotalSeconds;
            var seconds = s.Elapsed.TotalSeconds;
            var ran = s.PhotosScanned > 0 && model > 0 && cpuSeconds > 0;
            return new IngestReport(s.PhotosScanned, s.FacesFound, Math.Round(seconds, 3), seconds > 0 ? Math.Round(s.PhotosScanned / seconds, 2) : 0,
                Math.Round(cpuSeconds, 3), seconds > 0 ? Math.Round(cpuSeconds / seconds, 2) : 0, perPhoto,
                ran ? Math.Round(100 * model / cpuSeconds, 1) : null,
                ran ? Math.Round(100 * (cpuSeconds - model) / model, 1) : null, s.Skipped.Count);
        }
    }
}
