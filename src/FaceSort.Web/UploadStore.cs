using System.Text;

namespace FaceSort.Web;

/// <summary>What the browser asks about before uploading: a file by its relative path, size and modification time.</summary>
public sealed record UploadCandidate(string Path, long Size, long LastModified);

/// <summary>
/// Uploaded photos (and their sidecars) live under <c>&lt;library&gt;/uploads</c>, at a sanitised copy of the relative path the browser
/// gave (folders kept). A file counts as already uploaded when a file of the same size and mtime is there, which
/// makes an interrupted upload resumable: the page asks first and sends only the rest.
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
        var info = new FileInfo(FullPath(safe));
        return info.Exists && info.Length == candidate.Size
            && Math.Abs(new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeMilliseconds() - candidate.LastModified) < 2000;
    }

    /// <summary>Writes the body to a temporary file and moves it into place only when complete.</summary>
    public async Task<long> SaveAsync(string sanitised, Stream body, long maxBytes, long lastModified, CancellationToken cancellationToken)
    {
        var target = FullPath(sanitised);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = target + ".part";
        long written = 0;
        try
        {
            await using var file = File.Create(temporary);
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                written += read;
                if (written > maxBytes) throw new InvalidDataException($"file is larger than the {maxBytes / (1024 * 1024)} MB limit");
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            // Too large, or the browser went away mid-file (a reload): no half file is left; the next try starts over.
            File.Delete(temporary);
            throw;
        }
        File.Move(temporary, target, overwrite: true);
        if (lastModified > 0) File.SetLastWriteTimeUtc(target, DateTimeOffset.FromUnixTimeMilliseconds(lastModified).UtcDateTime);
        return written;
    }
}
