using System.CommandLine;
using FaceSort.Core.Export;
using FaceSort.Core.Library;
using Spectre.Console;

namespace FaceSort.Cli.Commands;

internal static class ExportCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder to write person folders and faces.csv into.", Required = true };
        var library = CommonOptions.Library();
        var mode = CommonOptions.Mode();
        var withRaw = CommonOptions.WithRaw();
        var xmp = CommonOptions.Xmp();
        var allCopies = CommonOptions.AllCopies();
        var json = CommonOptions.Json();
        var command = new Command("export", "Write one folder per person, Unsorted, No faces, and faces.csv.") { output, library, mode, withRaw, xmp, allCopies, json };
        command.SetAction((parse, cancellationToken) =>
        {
            var database = ClusterCommand.OpenExisting(parse.GetValue(library)!);
            CheckOutput(parse.GetValue(output)!, new PhotoStore(database).Roots());
            var summary = Output.Step(parse.GetValue(json), "Writing person folders…",
                () => Run(database, parse.GetValue(output)!, new ExportOptions { Mode = parse.GetValue(mode), WithRawFiles = parse.GetValue(withRaw), WithXmpSidecars = parse.GetValue(xmp), AllCopies = parse.GetValue(allCopies) }, cancellationToken));
            if (parse.GetValue(json)) Output.Json(ExportJson(summary, parse.GetValue(output)!));
            else PrintTable(summary, parse.GetValue(output)!);
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>Refuses (exit 2) an --out that is a file, or one where a later scan of <paramref name="scannedFolders"/>
    /// would read the export's copies as new photos.</summary>
    public static void CheckOutput(string output, IEnumerable<string> scannedFolders)
    {
        if (ExportDestination.Problem(output, scannedFolders) is { } problem) throw new ArgumentException(problem);
    }

    public static ExportSummary Run(LibraryDatabase database, string output, ExportOptions options, CancellationToken cancellationToken)
    {
        var service = new ExportService(new PhotoStore(database), new FaceStore(database), new PeopleStore(database));
        return service.Export(output, options, cancellationToken);
    }

    public static object ExportJson(ExportSummary s, string output) => new
    {
        output = Path.GetFullPath(output),
        people_folders = s.PeopleFolders,
        files_written = s.FilesWritten,
        files_unchanged = s.FilesUnchanged,
        files_removed = s.FilesRemoved,
        unsorted_photos = s.UnsortedPhotos,
        no_face_photos = s.NoFacePhotos,
        xmp_sidecars_written = s.SidecarsWritten,
        copies_left_out = s.CopiesLeftOut,
        kept_as_changed = s.KeptAsChanged,
        problems = s.Problems.Select(p => new { path = p.Path, reason = p.Reason }),
    };

    private const int KeptListed = 10;

    public static void PrintTable(ExportSummary s, string output)
    {
        var table = new Table().Title("Export").AddColumn("").AddColumn(new TableColumn("count").RightAligned());
        table.AddRow("Person folders", s.PeopleFolders.ToString("N0"));
        table.AddRow("Files written", s.FilesWritten.ToString("N0"));
        table.AddRow("Already up to date", s.FilesUnchanged.ToString("N0"));
        table.AddRow("Removed (no longer there)", s.FilesRemoved.ToString("N0"));
        table.AddRow("Photos in Unsorted", s.UnsortedPhotos.ToString("N0"));
        table.AddRow("Photos in No faces", s.NoFacePhotos.ToString("N0"));
        if (s.CopiesLeftOut > 0) table.AddRow("Smaller copies of a picture left out (--all-copies keeps them)", s.CopiesLeftOut.ToString("N0"));
        if (s.SidecarsWritten > 0) table.AddRow("XMP sidecars written (names of faces)", s.SidecarsWritten.ToString("N0"));
        if (s.KeptAsChanged.Count > 0) table.AddRow("Kept as you changed them (not written over or removed)", s.KeptAsChanged.Count.ToString("N0"));
        AnsiConsole.Write(table);
        foreach (var path in s.KeptAsChanged.Take(KeptListed))
            AnsiConsole.MarkupLine($"  kept: {Markup.Escape(path)}");
        if (s.KeptAsChanged.Count > KeptListed) AnsiConsole.MarkupLine($"  … and {s.KeptAsChanged.Count - KeptListed:N0} more (--json lists them all)");
        Output.SkippedTable(s.Problems);
        AnsiConsole.MarkupLine($"Written to [bold]{Markup.Escape(Path.GetFullPath(output))}[/]");
    }
}
