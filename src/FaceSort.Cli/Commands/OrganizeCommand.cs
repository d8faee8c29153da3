using System.CommandLine;
using FaceSort.Core.Library;
using Spectre.Console;

namespace FaceSort.Cli.Commands;

internal static class OrganizeCommand
{
    public static Command Create()
    {
        var folders = new Argument<string[]>("folders") { Description = "Folders of photos to organise.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Folder for the person folders.", Required = true };
        var library = new Option<string?>("--library") { Description = "Library directory. Default: <out>/.facesort" };
        var models = CommonOptions.Models();
        var mode = CommonOptions.Mode();
        var withRaw = CommonOptions.WithRaw();
        var xmp = CommonOptions.Xmp();
        var allCopies = CommonOptions.AllCopies();
        var method = ClusterCommand.MethodOption();
        var workers = CommonOptions.Workers();
        var uprightOnly = CommonOptions.UprightOnly();
        var scannedPrints = CommonOptions.ScannedPrints();
        var json = CommonOptions.Json();
        var command = new Command("organize", "Scan, cluster and export in one go: one folder per person.")
        {
            folders, output, library, models, mode, withRaw, xmp, allCopies, method, workers, uprightOnly, scannedPrints, json,
        };
        CommonOptions.OneWayOfTurning(command, uprightOnly, scannedPrints);
        command.Aliases.Add("organise");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var outputPath = parse.GetValue(output)!;
            var libraryPath = parse.GetValue(library) ?? Path.Combine(outputPath, ".facesort");
            var quiet = parse.GetValue(json);
            // The folders scanned now and any an existing library scanned before: the next organize scans them all.
            var scanned = parse.GetValue(folders)!.AsEnumerable();
            if (File.Exists(Path.Combine(libraryPath, LibraryDatabase.FileName)))
                scanned = scanned.Concat(new PhotoStore(LibraryDatabase.Open(libraryPath)).Roots());
            ExportCommand.CheckOutput(outputPath, scanned);
            ScanCommand.Check(parse.GetValue(folders)!, libraryPath);
            // Held through scan, clustering and export: the folders written are the people this run made.
            using var writer = await CommonOptions.TakeWriterLockAsync(libraryPath, "facesort organize", cancellationToken).ConfigureAwait(false);
            var scan = await ScanCommand.RunAsync(parse.GetValue(folders)!, libraryPath, parse.GetValue(models), parse.GetValue(workers),
                CommonOptions.Detection(parse.GetValue(uprightOnly), parse.GetValue(scannedPrints)), quiet, cancellationToken).ConfigureAwait(false);
            if (scan.Cancelled)
            {
                if (quiet) Output.Json(new { scan = Output.ScanJson(scan) });
                else Output.ScanTable(scan);
                return ExitCodes.Cancelled;
            }
            var cluster = Output.Step(quiet, "Grouping faces into people…", () => ClusterCommand.Run(libraryPath, parse.GetValue(method)!, cancellationToken, by: "facesort organize"));
            var export = Output.Step(quiet, "Writing person folders…",
                () => ExportCommand.Run(LibraryDatabase.Open(libraryPath), outputPath,
                    new Core.Export.ExportOptions { Mode = parse.GetValue(mode), WithRawFiles = parse.GetValue(withRaw), WithXmpSidecars = parse.GetValue(xmp), AllCopies = parse.GetValue(allCopies) }, cancellationToken));
            if (quiet)
            {
                Output.Json(new { scan = Output.ScanJson(scan), cluster = ClusterCommand.ClusterJson(cluster), export = ExportCommand.ExportJson(export, outputPath) });
            }
            else
            {
                Output.ScanTable(scan);
                ClusterCommand.PrintTable(cluster);
                ExportCommand.PrintTable(export, outputPath);
                // "New faces" would be wrong after a rescan: a photo processed again (edited, or other models or
                // settings) keeps its faces, which are found again, not new.
                AnsiConsole.MarkupLine($"[green]{cluster.People} people[/] from {scan.PhotosFound:N0} photos ({scan.ScannedNow()}).");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
