using System.Globalization;

namespace FaceSort.Core.Pipeline;

/// <summary>A snapshot of a running scan, reported a few times a second.</summary>
/// <param name="SlowRead">A file being read for longer than any photo should take (<see cref="ScanOptions.SlowReadNotice"/>),
/// and for how long: an image library may be stuck on it, and the user may want to know which file the scan waits on.</param>
public sealed record ScanProgress(
    int PhotosTotal, int PhotosDone, int PhotosUnchanged, int PhotosFailed, int FacesFound, TimeSpan Elapsed,
    (string Path, TimeSpan For)? SlowRead = null)
{
    /// <summary>"still reading IMG_0001.HEIC (1 min 5 s)" when <see cref="SlowRead"/> is set, else null.</summary>
    public string? SlowReadText() => SlowRead is not { } slow ? null : string.Create(CultureInfo.InvariantCulture,
        $"still reading {Short(Path.GetFileName(slow.Path))} ({(slow.For.TotalMinutes >= 1 ? $"{(int)slow.For.TotalMinutes} min {slow.For.Seconds} s" : $"{(int)slow.For.TotalSeconds} s")})");

    // The end of a long name, which holds its number and extension, so the line fits a terminal.
    private static string Short(string name) => name.Length <= 32 ? name : "…" + name[^31..];

    public double PhotosPerSecond => Elapsed.TotalSeconds > 0 ? PhotosDone / Elapsed.TotalSeconds : 0;

    public TimeSpan? EstimatedRemaining =>
        PhotosPerSecond > 0 ? TimeSpan.FromSeconds((PhotosTotal - PhotosDone - PhotosUnchanged) / PhotosPerSecond) : null;
}

/// <summary>What a scan did: counts, every file it could not use with the reason, and time per stage.</summary>
/// <param name="PhotosOutdated">Photos outside the scanned folders processed again because the same models processed
/// them with older settings (counted in <paramref name="PhotosFound"/> and <paramref name="PhotosScanned"/> too).</param>
public sealed record ScanSummary(
    int PhotosFound, int PhotosScanned, int PhotosUnchanged, int PhotosMoved, int PhotosDuplicate, int PhotosMissing,
    int FacesFound, IReadOnlyList<Library.SkippedFile> Skipped, StageTimes Times, TimeSpan Elapsed, bool Cancelled,
    int PhotosOutdated = 0, int FacesCopied = 0, int PhotosReadAlone = 0)
{
    // PhotosReadAlone: files the last scan died reading (a crash or hang in an image library, a kill), read again one at
    // a time before the others (Library.ReadingJournal).

    /// <summary>
    /// What this scan read, in words for a last line: "45 scanned now, 63 faces found in them". A moved or renamed photo
    /// keeps its faces, and a byte-identical copy of a photo already scanned takes that photo's, without being read
    /// again, so both are named apart: counted among the scanned, two moved photos said "2 scanned now, 0 faces found
    /// in them", and a second copy of a whole collection "1,600 scanned now" of photos no model read.
    /// </summary>
    public string ScannedNow()
    {
        var read = string.Create(CultureInfo.InvariantCulture,
            $"{PhotosScanned - PhotosMoved - PhotosDuplicate:N0} scanned now, {FacesFound - FacesCopied:N0} faces found in them");
        if (PhotosMoved > 0) read += string.Create(CultureInfo.InvariantCulture, $"; {PhotosMoved:N0} moved, keeping their faces");
        if (PhotosDuplicate > 0)
            read += string.Create(CultureInfo.InvariantCulture,
                $"; {PhotosDuplicate:N0} {(PhotosDuplicate == 1 ? "copy of a photo already scanned, taking its" : "copies of photos already scanned, taking their")} faces");
        return read;
    }
}
