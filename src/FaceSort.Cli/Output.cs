using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;
using Spectre.Console;

namespace FaceSort.Cli;

/// <summary>How commands print: JSON with snake_case names for scripts, Spectre tables for people.</summary>
internal static class Output
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static void Json<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>
    /// Runs a step that reports no progress of its own under a spinner, so a long one (clustering 500,000 faces takes
    /// minutes) does not look hung; with JSON output, or on a console that is not interactive, it just runs.
    /// </summary>
    public static T Step<T>(bool quiet, string text, Func<T> work) =>
        quiet || !AnsiConsole.Profile.Capabilities.Interactive
            ? work()
            : AnsiConsole.Status().Spinner(Spinner.Known.Dots).Start(text, _ => work());

    public static object ScanJson(ScanSummary s) => new
    {
        photos_found = s.PhotosFound,
        photos_scanned = s.PhotosScanned,
        photos_unchanged = s.PhotosUnchanged,
        photos_moved = s.PhotosMoved,
        photos_duplicate = s.PhotosDuplicate,
        photos_missing = s.PhotosMissing,
        photos_outdated = s.PhotosOutdated,
        photos_read_alone = s.PhotosReadAlone,
        photos_failed = s.Skipped.Count,
        faces_found = s.FacesFound,
        seconds = Math.Round(s.Elapsed.TotalSeconds, 3),
        cancelled = s.Cancelled,
        skipped = s.Skipped.Select(k => new { path = k.Path, reason = k.Reason }),
    };

    public static object PersonJson(PersonSummary p, string folder) => new
    {
        id = p.Person.Id,
        person = folder,
        name = p.Person.Name,
        number = p.Person.Number,
        faces = p.FaceCount,
        photos = p.PhotoCount,
        hidden = p.Person.Hidden,
    };

    public static void ScanTable(ScanSummary s)
    {
        var table = new Table().Title("Scan").AddColumn("").AddColumn(new TableColumn("count").RightAligned());
        table.AddRow("Photos found", s.PhotosFound.ToString("N0"));
        // Moved photos and copies of photos already scanned keep their faces without a model reading them: counted in
        // their own rows, as the sentence after the table does.
        table.AddRow("Photos scanned now", (s.PhotosScanned - s.PhotosMoved - s.PhotosDuplicate).ToString("N0"));
        table.AddRow("Unchanged (skipped)", s.PhotosUnchanged.ToString("N0"));
        if (s.PhotosMoved > 0) table.AddRow("Moved or renamed", s.PhotosMoved.ToString("N0"));
        if (s.PhotosDuplicate > 0) table.AddRow("Duplicates", s.PhotosDuplicate.ToString("N0"));
        if (s.PhotosMissing > 0) table.AddRow("No longer on disk", s.PhotosMissing.ToString("N0"));
        if (s.PhotosOutdated > 0) table.AddRow("Brought up to date (scanned by an earlier FaceSort)", s.PhotosOutdated.ToString("N0"));
        if (s.PhotosReadAlone > 0) table.AddRow("Read again one at a time (the last scan stopped while reading them)", s.PhotosReadAlone.ToString("N0"));
        table.AddRow("Faces found", s.FacesFound.ToString("N0"));
        table.AddRow("Skipped with a reason", s.Skipped.Count.ToString("N0"));
        table.AddRow("Time", $"{s.Elapsed.TotalSeconds:0.0} s");
        AnsiConsole.Write(table);
        SkippedTable(s.Skipped);
        if (s.Cancelled) AnsiConsole.MarkupLine("[yellow]Stopped early. Run the same command again to resume.[/]");
    }

    public static void SkippedTable(IReadOnlyList<SkippedFile> skipped)
    {
        if (skipped.Count == 0) return;
        var table = new Table().Title("Files not used").AddColumn("file").AddColumn("reason");
        foreach (var file in skipped.Take(50)) table.AddRow(Markup.Escape(file.Path), Markup.Escape(file.Reason));
        if (skipped.Count > 50) table.AddRow($"… and {skipped.Count - 50} more", "(--json lists all)");
        AnsiConsole.Write(table);
    }
}
