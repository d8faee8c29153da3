using FaceSort.Core.Export;
using FaceSort.Core.Imaging;

namespace FaceSort.Core.Pipeline;

/// <summary>A file under a scanned folder, with its path relative to that folder ('/' separators).</summary>
public sealed record FoundFile(string FullPath, string RelativePath, long Size, long MtimeMs);

/// <summary>A file or folder the walk could not use, and why.</summary>
public sealed record SkippedPath(string Path, string Reason);

/// <summary>
/// Walks a folder tree for photo files: follows symbolic links to folders but visits each real folder once (so a
/// link loop ends), skips folders it cannot read with a reason, skips FaceSort exports (folders holding
/// <see cref="ExportService.ManifestFileName"/>) and system folders (<see cref="ImagingOptions.SystemFolders"/>: a NAS's
/// thumbnails and recycle bin) and a phone's app caches (<see cref="ImagingOptions.AppCacheFolder"/>), enters only the originals of a photo manager's library
/// (<see cref="ImagingOptions.PhotoLibraryOriginals"/>), names the archives it passes (<see cref="ImagingOptions.ArchiveEndings"/>)
/// among the skipped paths, passes over a camera raw file that has a JPEG (or other photo) of the same name beside it,
/// and returns files in a stable (ordinal) order.
/// </summary>
public sealed class PhotoFinder(ImagingOptions options)
{
    public IEnumerable<FoundFile> Find(string root, ICollection<SkippedPath> skipped)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(string Dir, string Relative)>();
        pending.Push((Path.GetFullPath(root), ""));
        while (pending.Count > 0)
        {
            var (dir, relative) = pending.Pop();
            var realDir = RealPath(dir);
            if (!visited.Add(realDir))
            {
                skipped.Add(new SkippedPath(dir, "folder already visited (symbolic link loop or duplicate link)"));
                continue;
            }
            List<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(dir).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException or System.Security.SecurityException)
            {
                skipped.Add(new SkippedPath(dir, $"cannot read folder: {e.Message}"));
                continue;
            }
            // A FaceSort export holds copies (or links) of photos already scanned elsewhere: reading them again would put
            // every photo in the library twice, and once more per later export. Skipped as quietly as .facesort is.
            if (entries.Any(e => e.Name == ExportService.ManifestFileName && e is FileInfo)) continue;
            // Inside a photo manager's library only the folders of originals are photos of their own; known by the real
            // folder's name, so a link to the library under a plain name ("Mac") is no way around it.
            var originals = options.PhotoLibraryOriginals.GetValueOrDefault(Path.GetExtension(Path.TrimEndingDirectorySeparator(realDir)));
            var pictures = PictureStems(entries);
            var subdirectories = new List<(string, string)>();
            foreach (var entry in entries)
            {
                var entryRelative = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
                if (entry.Name.StartsWith('.')) continue; // hidden files and the library's own .facesort folder
                if (originals is not null && !(IsDirectory(entry) && originals.Contains(entry.Name))) continue;
                if (IsDirectory(entry))
                {
                    // A NAS's thumbnails, recycle bin or snapshots: never photos of their own (ImagingOptions.SystemFolders).
                    if (options.SystemFolders.Contains(entry.Name)) continue;
                    // An app's cache on a phone (Android/data/<package>/cache): small copies of photos found elsewhere.
                    if (IsAppCache(dir, entry.Name)) continue;
                    subdirectories.Add((entry.FullName, entryRelative));
                    continue;
                }
                var extension = Path.GetExtension(entry.Name);
                if (extension.Length > 0 && !options.Extensions.Contains(extension))
                {
                    // Photos packed in an archive (Google Takeout's .zip or .tgz parts) are not read; said, so that a
                    // folder of archives does not scan as 0 photos without a word.
                    if (options.ArchiveEndings.FirstOrDefault(e => entry.Name.EndsWith(e, StringComparison.OrdinalIgnoreCase)) is { } archive)
                        skipped.Add(new SkippedPath(entry.FullName,
                            $"an archive ({archive}): photos inside archives are not read; extract it and scan the extracted folder"));
                    continue;
                }
                // A pipe, socket or device file reports no length, and opening one to look at its first bytes can wait
                // forever (a named pipe with no writer): only files with bytes in them are looked into.
                if (extension.Length == 0 && (FileBehind.Of(entry.FullName) is not { Exists: true, Length: > 0 } || !ImageSignature.LooksLikeImage(entry.FullName))) continue;
                // A camera set to raw + JPEG writes IMG_0001.CR2 beside IMG_0001.JPG: one picture, read once, from the JPEG.
                if (CameraRawDecoder.IsRawFile(entry.Name) && pictures.Contains(Path.GetFileNameWithoutExtension(entry.Name))) continue;
                if (entry.Name.Contains('\uFFFD', StringComparison.Ordinal))
                {
                    // .NET cannot open a path whose bytes are not UTF-8: say so instead of failing obscurely later.
                    skipped.Add(new SkippedPath(entry.FullName, "file name is not valid UTF-8; rename the file to scan it"));
                    continue;
                }
                FileInfo file;
                try
                {
                    file = entry.LinkTarget is null ? (FileInfo)entry : new FileInfo(entry.FullName).ResolveLinkTarget(true) as FileInfo ?? (FileInfo)entry;
                    if (!file.Exists)
                    {
                        skipped.Add(new SkippedPath(entry.FullName, "broken symbolic link"));
                        continue;
                    }
                }
                catch (IOException e)
                {
                    skipped.Add(new SkippedPath(entry.FullName, $"cannot follow link: {e.Message}"));
                    continue;
                }
                yield return new FoundFile(entry.FullName, entryRelative, file.Length,
                    new DateTimeOffset(file.LastWriteTimeUtc).ToUnixTimeMilliseconds());
            }
            // Push in reverse so folders are visited in name order.
            for (var i = subdirectories.Count - 1; i >= 0; i--) pending.Push(subdirectories[i]);
        }
    }

    /// <summary>Whether the folder <paramref name="name"/> inside <paramref name="dir"/> is an app's cache,
    /// <c>…/Android/data/&lt;package&gt;/cache</c> (the folder given to scan is never one: it is not an entry).</summary>
    private bool IsAppCache(string dir, string name)
    {
        var (android, data, cache) = options.AppCacheFolder;
        if (!name.Equals(cache, StringComparison.OrdinalIgnoreCase)) return false;
        var dataDir = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(dir));
        var androidDir = dataDir is null ? null : Path.GetDirectoryName(dataDir);
        return dataDir is not null && androidDir is not null
            && Path.GetFileName(dataDir).Equals(data, StringComparison.OrdinalIgnoreCase)
            && Path.GetFileName(androidDir).Equals(android, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The names, without extension, of a folder's photo files that are not camera raw files.</summary>
    private HashSet<string> PictureStems(List<FileSystemInfo> entries)
    {
        var stems = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            var extension = Path.GetExtension(entry.Name);
            if (extension.Length > 0 && options.Extensions.Contains(extension) && !CameraRawDecoder.IsRawFile(entry.Name) && !IsDirectory(entry))
                stems.Add(Path.GetFileNameWithoutExtension(entry.Name));
        }
        return stems;
    }

    private static bool IsDirectory(FileSystemInfo entry)
    {
        if (entry is DirectoryInfo) return true;
        if (entry.LinkTarget is null) return false;
        return Directory.Exists(entry.FullName);
    }

    private static string RealPath(string dir)
    {
        try
        {
            var info = new DirectoryInfo(dir);
            var target = info.LinkTarget is null ? null : info.ResolveLinkTarget(true);
            var path = target?.FullName ?? info.FullName;
            // Resolve links in parent folders too, one component at a time.
            var parent = Path.GetDirectoryName(path);
            return parent is null || parent == path ? path : Path.Combine(RealPathOfParent(parent), Path.GetFileName(path));
        }
        catch (IOException)
        {
            return dir;
        }
    }

    private static string RealPathOfParent(string dir)
    {
        var info = new DirectoryInfo(dir);
        if (info.LinkTarget is not null && info.ResolveLinkTarget(true) is { } target) return RealPathOfParent(target.FullName);
        var parent = Path.GetDirectoryName(dir);
        return parent is null || parent == dir ? dir : Path.Combine(RealPathOfParent(parent), info.Name);
    }
}
