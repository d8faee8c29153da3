using System.IO.Compression;
using FaceSort.Core.Export;
using FaceSort.Core.Library;

namespace FaceSort.Web;

/// <summary>
/// The export layout as a zip written straight to the response (create mode never seeks, so nothing is held in
/// memory). Entry names come from <see cref="ExportPlanner"/>, whose folder and file names contain no separators,
/// so an entry can never escape its folder.
/// </summary>
public static class ZipExport
{
    /// <param name="xmp">Also put each photo's named faces beside it as an XMP sidecar (<see cref="ExportOptions.WithXmpSidecars"/>).</param>
    public static async Task WriteAsync(LibraryDatabase database, long? personId, Stream output, CancellationToken cancellationToken, bool xmp = false)
    {
        var photos = new PhotoStore(database).All();
        var faces = new FaceStore(database).AllPresent();
        var people = new PeopleStore(database);
        var assignments = people.Assignments();
        var summaries = people.Summaries();
        // One person's zip holds their folder even when they are hidden: planned without hidden people, a hidden person had
        // no folder, nothing was left to filter by, and their zip held the whole library.
        var options = new ExportOptions { IncludeHidden = personId is not null };
        var plan = ExportPlanner.Plan(photos, faces, assignments, summaries, options);
        string? onlyFolder = null;
        if (personId is { } id)
        {
            var folders = ExportPlanner.FolderNames(summaries.Select(p => p.Person).ToList(), options);
            onlyFolder = folders.GetValueOrDefault(id, "");
        }

        // DisposeAsync writes the central directory without blocking (Kestrel forbids synchronous writes).
        await using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var file in plan)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (onlyFolder is not null && file.Folder != onlyFolder) continue;
            if (!File.Exists(file.Photo.FullPath)) continue;
            var entry = zip.CreateEntry(SafeEntryName(file.Folder) + "/" + SafeEntryName(file.FileName), CompressionLevel.NoCompression);
            await using var target = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var source = File.OpenRead(file.Photo.FullPath);
            await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
        }

        if (xmp)
        {
            foreach (var (folder, fileName, text) in ExportService.XmpSidecars(plan, faces, assignments, summaries, options))
            {
                if (onlyFolder is not null && folder != onlyFolder) continue;
                var entry = zip.CreateEntry(SafeEntryName(folder) + "/" + SafeEntryName(fileName), CompressionLevel.Optimal);
                await using var target = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
                await target.WriteAsync(new System.Text.UTF8Encoding(false).GetBytes(text), cancellationToken).ConfigureAwait(false);
            }
        }

        // The CSV is ExportService's own (same columns and person names as `facesort export`), via a temporary file.
        var kept = onlyFolder is null ? plan : plan.Where(p => p.Folder == onlyFolder).ToList();
        var photoIds = kept.Select(p => p.Photo.Id).ToHashSet();
        var csvPath = Path.Combine(database.Directory, $"export-{Guid.NewGuid():N}.csv");
        try
        {
            ExportService.WriteCsv(csvPath, photos.Where(p => photoIds.Contains(p.Id)).ToList(),
                faces.Where(f => photoIds.Contains(f.PhotoId)).ToList(), assignments, summaries, options);
            var csv = zip.CreateEntry(ExportService.CsvFileName, CompressionLevel.Optimal);
            await using var target = await csv.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var source = File.OpenRead(csvPath);
            await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(csvPath);
        }
    }

    /// <summary>No separators, no "..": whatever the planner gives, an entry stays one level inside its folder.</summary>
    internal static string SafeEntryName(string name)
    {
        var cleaned = name.Replace('/', '_').Replace('\\', '_');
        return cleaned is "." or ".." or "" ? "_" : cleaned;
    }
}
