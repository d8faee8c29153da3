using System.CommandLine;
using FaceSort.Core.Detection;
using FaceSort.Core.Imaging;
using FaceSort.Core.Library;
using FaceSort.Core.Models;
using FaceSort.Core.Pipeline;
using Spectre.Console;

namespace FaceSort.Cli.Commands;

internal static class ScanCommand
{
    public static Command Create()
    {
        var folders = new Argument<string[]>("folders") { Description = "Folders to scan (recursively).", Arity = ArgumentArity.OneOrMore };
        var library = CommonOptions.Library();
        var models = CommonOptions.Models();
        var workers = CommonOptions.Workers();
        var uprightOnly = CommonOptions.UprightOnly();
        var scannedPrints = CommonOptions.ScannedPrints();
        var json = CommonOptions.Json();
        var command = new Command("scan", "Find photos, detect and embed their faces, and store them in the library. Unchanged files are skipped.")
        {
            folders, library, models, workers, uprightOnly, scannedPrints, json,
        };
        CommonOptions.OneWayOfTurning(command, uprightOnly, scannedPrints);
        command.SetAction(async (parse, cancellationToken) =>
        {
            Check(parse.GetValue(folders)!, parse.GetValue(library)!);
            using var writer = await CommonOptions.TakeWriterLockAsync(parse.GetValue(library)!, "facesort scan", cancellationToken).ConfigureAwait(false);
            var summary = await RunAsync(parse.GetValue(folders)!, parse.GetValue(library)!, parse.GetValue(models),
                parse.GetValue(workers), CommonOptions.Detection(parse.GetValue(uprightOnly), parse.GetValue(scannedPrints)), parse.GetValue(json),
                cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json)) Output.Json(Output.ScanJson(summary));
            else Output.ScanTable(summary);
            return summary.Cancelled ? ExitCodes.Cancelled : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Refuses (exit 2) a folder that is not there or a library path that is a file.</summary>
    public static void Check(IReadOnlyList<string> folders, string libraryPath)
    {
        foreach (var folder in folders)
            if (!Directory.Exists(folder)) throw new ArgumentException($"folder not found: {folder}");
        CommonOptions.CheckLibraryFolder(libraryPath);
    }

    /// <summary>Scans into the library at <paramref name="libraryPath"/>; the caller holds its writer lock.</summary>
    public static async Task<ScanSummary> RunAsync(
        IReadOnlyList<string> folders, string libraryPath, string? modelsPath, int? workers, DetectionOptions detection, bool quiet,
        CancellationToken cancellationToken)
    {
        Check(folders, libraryPath);
        var database = LibraryDatabase.Open(libraryPath);
        using var models = new ModelSet(ModelDirectory.Locate(modelsPath), detection);
        return await RunAsync(folders, database, models, workers, quiet, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<ScanSummary> RunAsync(
        IReadOnlyList<string> folders, LibraryDatabase database, ModelSet models, int? workers, bool quiet, CancellationToken cancellationToken)
    {
        var options = new ScanOptions { DecodeWorkers = workers ?? new ScanOptions().DecodeWorkers };
        var scan = new ScanService(database, new VipsPhotoDecoder(), models.Detector, models.Aligner, models.Embedder, options);
        if (quiet || Console.IsOutputRedirected)
            return await scan.ScanAsync(folders, null, cancellationToken).ConfigureAwait(false);

        ScanSummary? summary = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 24 }, new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Scanning", maxValue: 1);
                var progress = new Progress<ScanProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.PhotosTotal);
                    task.Value = p.PhotosDone + p.PhotosUnchanged;
                    // A file read for long takes the place of the rates, so the line still fits an 80-column terminal.
                    task.Description = $"{p.PhotosDone + p.PhotosUnchanged:N0}/{p.PhotosTotal:N0} photos · "
                        + (p.SlowReadText() is { } slow ? Markup.Escape(slow) : $"{p.PhotosPerSecond:0.0}/s · {p.FacesFound:N0} faces · {p.PhotosFailed:N0} skipped");
                });
                summary = await scan.ScanAsync(folders, progress, cancellationToken).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return summary!;
    }
}
