using System.Diagnostics;
using System.Text;

namespace FaceSort.Web;

/// <summary>What the browser asks about before uploading: a file by its relative path, size and modification time.</summary>
public sealed record UploadCandidate(string Path, long Size, long LastModified);

/// <summary>
/// Uploaded photos (and their sidecars) live under <c>&lt;library&gt;/uploads</c>, at a sanitised copy of the relative path the browser
/// gave (folders kept). A file counts as already uploaded when a file of the same size and mtime is there (or under
/// the numbered name it was kept under beside another photo of its name), which makes an interrupted upload
/// resumable: the page asks first and sends only the rest.
/// </summary>
public sealed class UploadStore(string libraryDirectory)
{
    /// <summary>The photo formats the scanner reads; anything else but a sidecar is refused at upload.</summary>
    public static readonly IReadOnlySet<string> AllowedExtensions = new Core.Imaging.ImagingOptions().Extensions;

    /// <summary>
    /// Sidecars that name the people in the photos beside them (<see cref="Core.Imaging.TaggedFaces"/>): digiKam's and
    /// Lightroom's .xmp, a Google Takeout's .json. Taken with the photos of a folder dropped on the page, which
    /// refused them as "not a photo" and lost the names.
    /// </summary>
    public static readonly IReadOnlySet<string> SidecarExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".xmp", ".json" };

    /// <summary>A sidecar is metadata: one larger than this is not one.</summary>
    public const long MaxSidecarBytes = 1 << 20;

    /// <summary>Whether a sanitised path is a sidecar rather than a photo.</summary>
    public static bool IsSidecar(string path) => SidecarExtensions.Contains(Path.GetExtension(path));

    public string Root { get; } = Path.Combine(libraryDirectory, "uploads");

    /// <summary>Held while a finished upload takes its name, so two finishing at once never take the same one.</summary>
    private readonly Lock _placing = new();

    /// <summary>
    /// A safe relative path: each segment stripped of control and reserved characters, "." and ".." dropped, at most
    /// 8 folders deep and 120 characters a segment (a long file name keeps its extension). Null when nothing usable remains or the type is not a photo.
    /// </summary>
    public static string? Sanitise(string? relativePath)
    {
        if (string.IsNullOrWhiteSpace(relativePath) || relativePath.Length > 1024) return null;
        var segments = relativePath.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries)
            .Select(CleanSegment)
            .Where(s => s.Length > 0 && s != "." && s != "..")
            .ToList();
        if (segments.Count == 0 || segments.Count > 9) return null;
        var extension = Path.GetExtension(segments[^1]);
        if (!AllowedExtensions.Contains(extension) && !SidecarExtensions.Contains(extension)) return null;
        return string.Join('/', segments);
    }

    private static string CleanSegment(string segment)
    {
        var builder = new StringBuilder(segment.Length);
        foreach (var c in segment)
            builder.Append(char.IsControl(c) || "<>:\"|?*".Contains(c, StringComparison.Ordinal) ? '_' : c);
        var cleaned = builder.ToString().Trim().TrimEnd('.');
        if (cleaned.Length <= 120) return cleaned;
        // Shortened from the middle: the extension says it is a photo (long names are common for downloaded images).
        var extension = Path.GetExtension(cleaned);
        if (extension.Length > 10) extension = "";
        return cleaned[..(120 - extension.Length)].TrimEnd() + extension;
    }

    public string FullPath(string sanitised)
    {
        var full = Path.GetFullPath(Path.Combine(Root, sanitised));
        // Defence in depth: Sanitise already removed "..", but the final path must still be under Root.
        if (!full.StartsWith(Path.GetFullPath(Root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException("path escapes the upload folder");
        return full;
    }

    public bool Has(UploadCandidate candidate)
    {
        var safe = Sanitise(candidate.Path);
        if (safe is null) return false;
        // The file may have been kept under a numbered name, another photo of that name being there first.
        return Places(FullPath(safe)).Select(place => new FileInfo(place)).TakeWhile(info => info.Exists).Any(info =>
            info.Length == candidate.Size
            && Math.Abs(new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeMilliseconds() - candidate.LastModified) < 2000);
    }

    /// <summary>
    /// Writes the body to a temporary file of its own and moves it into place only when complete. A different photo
    /// already at that path (two phones' <c>IMG_0001.JPG</c>) is kept: this one goes to the first free numbered name
    /// (<c>IMG_0001 (2).JPG</c>), or to the one already holding the same bytes (the same file sent twice, or at once
    /// from two tabs). Returns the sanitised path it was stored under and its size.
    /// </summary>
    public async Task<(string Path, long Size)> SaveAsync(string sanitised, Stream body, long maxBytes, long lastModified, CancellationToken cancellationToken)
    {
        var target = FullPath(sanitised);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // One temporary file per request: two uploads of one path at once shared one, and each failed the other (both a 500, no file kept).
        var temporary = $"{target}.{Guid.NewGuid():N}.part";
        long written = 0;
        try
        {
            await using (var file = File.Create(temporary))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    written += read;
                    if (written > maxBytes) throw new InvalidDataException($"file is larger than the {maxBytes / (1024 * 1024)} MB limit");
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
            var place = Place(temporary, target, lastModified);
            return (Path.GetRelativePath(Root, place).Replace(Path.DirectorySeparatorChar, '/'), written);
        }
        finally
        {
            // Too large, the browser gone mid-file (a reload), or the same bytes already there: no half file or copy is left.
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Deletes the temporary files of uploads a stopped server was receiving (kill -9, a power cut): at start no upload
    /// is in flight, and each upload's temporary name is its own, so a retry never reuses one. Returns how many.
    /// </summary>
    public int RemoveUnfinished()
    {
        if (!Directory.Exists(Root)) return 0;
        var unfinished = Directory.EnumerateFiles(Root, "*.part", SearchOption.AllDirectories).ToList();
        foreach (var part in unfinished) File.Delete(part);
        return unfinished.Count;
    }

    /// <summary>Moves a complete upload to the first of <paramref name="target"/>'s places that is free or holds the same bytes.</summary>
    private string Place(string temporary, string target, long lastModified)
    {
        lock (_placing)
        {
            foreach (var place in Places(target))
            {
                if (File.Exists(place))
                {
                    if (Core.Imaging.SameBytes.In(temporary, place)) return place;
                    continue;
                }
                File.Move(temporary, place);
                if (lastModified > 0) File.SetLastWriteTimeUtc(place, DateTimeOffset.FromUnixTimeMilliseconds(lastModified).UtcDateTime);
                return place;
            }
        }
        throw new UnreachableException();
    }

    /// <summary><paramref name="target"/>, then <c>name (2).ext</c>, <c>name (3).ext</c>, … beside it.</summary>
    private static IEnumerable<string> Places(string target)
    {
        yield return target;
        var folder = Path.GetDirectoryName(target)!;
        var stem = Path.GetFileNameWithoutExtension(target);
        var extension = Path.GetExtension(target);
        for (var n = 2; ; n++) yield return Path.Combine(folder, $"{stem} ({n}){extension}");
    }
}
