using FaceSort.Core.Library;

namespace FaceSort.Core.Export;

/// <summary>
/// Where an export may go. Never at or inside a scanned folder: the next scan of that folder would read the export's
/// copies as new photos, and each run would multiply them.
/// </summary>
public static class ExportDestination
{
    /// <summary>
    /// Why <paramref name="output"/> cannot hold an export of photos from <paramref name="scannedFolders"/> (a file is in
    /// the way, or it is a scanned folder or inside one), phrased for the user and naming <paramref name="optionName"/>;
    /// null when it can. Paths are compared whole, with symbolic links resolved, so <c>/x/People2</c> is not inside <c>/x/People</c>.
    /// </summary>
    public static string? Problem(string output, IEnumerable<string> scannedFolders, string optionName = "--out")
    {
        if (File.Exists(output)) return $"{optionName} {output} is a file, not a folder";
        for (var above = Path.GetDirectoryName(Path.GetFullPath(output)); above is not null; above = Path.GetDirectoryName(above))
            if (File.Exists(above)) return $"{optionName} {output}: {above} is a file, not a folder";
        var target = RealPath(output);
        foreach (var folder in scannedFolders)
        {
            var scanned = RealPath(folder);
            if (IsAtOrInside(target, scanned))
                return $"{optionName} {output} is {(PathsEqual(target, scanned) ? "the scanned folder itself" : $"inside the scanned folder {folder}")}: "
                    + "the next scan would read its own copies; choose a folder outside it";
        }
        return null;
    }

    /// <summary>The scanned folder <paramref name="path"/> is, or is inside (symbolic links resolved); null when none.</summary>
    public static string? ScannedFolderHolding(string path, IEnumerable<string> scannedFolders)
    {
        var target = RealPath(path);
        return scannedFolders.FirstOrDefault(folder => IsAtOrInside(target, RealPath(folder)));
    }

    private static bool IsAtOrInside(string path, string folder) => PathsEqual(path, folder) || FolderPath.IsInside(path, folder, Comparison);

    private static bool PathsEqual(string a, string b) => string.Equals(a, b, Comparison);

    // Windows and macOS file systems ignore case by default; Linux does not.
    private static StringComparison Comparison => OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    /// <summary>The absolute path with no trailing separator and with each existing folder that is a symbolic link
    /// resolved (a folder not yet created is taken as named).</summary>
    internal static string RealPath(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var parent = Path.GetDirectoryName(full);
        if (parent is null) return full;
        var joined = Path.Combine(RealPath(parent), Path.GetFileName(full));
        try
        {
            var info = new DirectoryInfo(joined);
            return info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target ? RealPath(target.FullName) : joined;
        }
        catch (IOException)
        {
            return joined; // a link loop or unreadable link: compare as named
        }
    }
}
