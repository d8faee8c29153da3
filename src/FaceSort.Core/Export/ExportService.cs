using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using FaceSort.Core.Library;

namespace FaceSort.Core.Export;

/// <summary>
/// Writes the person folders and <c>faces.csv</c>. Exporting again updates the folders in place: files a previous
/// export wrote and no longer belong are removed (they are listed in <c>.facesort-export</c>); files the user put
/// there, and files an export wrote that the user has changed since (a photo rotated or retouched in its person folder,
/// a sidecar another photo program wrote tags into), are never touched, and originals are never modified.
/// </summary>
public sealed class ExportService(PhotoStore photos, FaceStore faces, PeopleStore people)
{
    public const string CsvFileName = "faces.csv";
    public const string ManifestFileName = ".facesort-export";
    public const string CsvHeader = "photo,face_index,x,y,width,height,score,person,original";

    public ExportSummary Export(string outputDirectory, ExportOptions options, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(outputDirectory);
        var allPhotos = photos.All();
        var allFaces = faces.AllPresent();
        var assignments = people.Assignments();
        var summaries = people.Summaries();
        var copies = new List<(string Folder, PhotoRecord Photo)>();
        var plan = ExportPlanner.Plan(allPhotos, allFaces, assignments, summaries, options, options.WithRawFiles ? RawFilesBeside() : null, copies);

        var manifestPath = Path.Combine(outputDirectory, ManifestFileName);
        var previous = File.Exists(manifestPath)
            // A line twice (a manifest merged by hand, or by a sync tool's conflict copy) ended every export with a
            // duplicate-key error; the last line says what was written last.
            ? File.ReadAllLines(manifestPath).Where(l => l.Length > 0).Select(WrittenFile.Parse)
                .GroupBy(f => f.RelativePath, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal)
            : [];
        // A library file emptied by a full disk or a bad copy opens as a new library with no photos; exported over the
        // folders of an earlier export, it removed every file that export wrote.
        if (allPhotos.Count == 0 && previous.Count > 0)
            throw new EmptyLibraryExportException(string.Create(CultureInfo.InvariantCulture,
                $"the library holds no photos, so exporting it to {outputDirectory} would remove the {previous.Count:N0} files an earlier export wrote there; scan the photos first, or export to another folder"));
        var sidecarTexts = options.WithXmpSidecars
            ? XmpSidecars(plan, allFaces, assignments, summaries, options).Select(s => (RelativePath: s.Folder + "/" + s.FileName, s.Text)).ToList()
            : [];
        var current = plan.Select(p => p.RelativePath).Concat(sidecarTexts.Select(s => s.RelativePath)).ToHashSet(StringComparer.Ordinal);
        var problems = new List<SkippedFile>();
        var kept = new List<string>();
        // Never among the originals: photos kept in a folder called Unsorted (or named as a person) and exported to the
        // folder above it made the export's folder the scanned one. Each original there was its own "copy", listed in
        // the manifest, and the next export removed it once its face had a person; other photos were copied in beside it.
        var scannedFolders = photos.Roots();
        var scannedFolderOf = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? ScannedFolderHolding(string relativePath)
        {
            var folder = relativePath.Split('/')[0];
            if (!scannedFolderOf.TryGetValue(folder, out var scanned))
                scannedFolderOf[folder] = scanned = ExportDestination.ScannedFolderHolding(Path.Combine(outputDirectory, folder), scannedFolders);
            return scanned;
        }
        string AmongOriginals(string relativePath, string scanned) =>
            $"not written: {relativePath.Split('/')[0]} is the scanned folder {scanned} or inside it, and an export never writes among the originals; export to a folder that holds no scanned folder";

        var removed = 0;
        foreach (var stale in previous.Keys.Where(p => !current.Contains(p)).Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(outputDirectory, stale);
            if (!IsInside(outputDirectory, path) || ScannedFolderHolding(stale) is not null) continue;
            var existing = new FileInfo(path);
            if (!existing.Exists && existing.LinkTarget is null) continue;
            if (IsTheUsers(existing, previous[stale])) kept.Add(stale);
            else
            {
                try
                {
                    File.Delete(path);
                    removed++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A folder made read-only, a file another program holds: the export goes on, and says so.
                    problems.Add(new SkippedFile(path, $"cannot remove {stale}, which no longer belongs there: {e.Message}"));
                }
            }
        }

        var written = 0;
        var unchanged = 0;
        foreach (var file in plan)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = Path.Combine(outputDirectory, file.Folder, file.FileName);
            if (ScannedFolderHolding(file.RelativePath) is { } scanned)
            {
                problems.Add(new SkippedFile(file.Photo.FullPath, AmongOriginals(file.RelativePath, scanned)));
                current.Remove(file.RelativePath);
                continue;
            }
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                switch (Place(file.Photo, target, options.Mode, previous.GetValueOrDefault(file.RelativePath)))
                {
                    case Placement.Written: written++; break;
                    case Placement.Unchanged: unchanged++; break;
                    default:
                        kept.Add(file.RelativePath);
                        current.Remove(file.RelativePath);
                        break;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(new SkippedFile(file.Photo.FullPath, $"cannot write {file.RelativePath}: {e.Message}"));
                current.Remove(file.RelativePath);
            }
        }

        var sidecars = 0;
        foreach (var (relativePath, text) in sidecarTexts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = Path.Combine(outputDirectory, relativePath);
            if (ScannedFolderHolding(relativePath) is { } scanned)
            {
                problems.Add(new SkippedFile(target, AmongOriginals(relativePath, scanned)));
                current.Remove(relativePath);
                continue;
            }
            try
            {
                var bytes = new UTF8Encoding(false).GetBytes(text);
                var existing = new FileInfo(target);
                if (existing.LinkTarget is null && existing.Exists && existing.Length == bytes.Length
                    && File.ReadAllBytes(target).AsSpan().SequenceEqual(bytes)) continue;
                // A photo program that keeps its tags in sidecars (digiKam, darktable) writes into this file too.
                if ((existing.Exists || existing.LinkTarget is not null) && IsTheUsers(existing, previous.GetValueOrDefault(relativePath)))
                {
                    kept.Add(relativePath);
                    current.Remove(relativePath);
                    continue;
                }
                var temporary = target + ".tmp";
                File.WriteAllBytes(temporary, bytes);
                File.Move(temporary, target, overwrite: true);
                sidecars++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(new SkippedFile(target, $"cannot write {relativePath}: {e.Message}"));
                current.Remove(relativePath);
            }
        }

        foreach (var folder in previous.Keys.Select(p => p.Split('/')[0]).Distinct(StringComparer.Ordinal))
        {
            var dir = Path.Combine(outputDirectory, folder);
            if (IsInside(outputDirectory, dir) && ScannedFolderHolding(folder) is null && Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any())
                Directory.Delete(dir);
        }

        WriteCsv(Path.Combine(outputDirectory, CsvFileName), allPhotos, allFaces, assignments, summaries, options);
        var hashes = plan.ToDictionary(p => p.RelativePath, p => p.Photo.Sha256, StringComparer.Ordinal);
        File.WriteAllLines(manifestPath, current.Order(StringComparer.Ordinal)
            .Select(p => WrittenFile.AsWritten(p, hashes.GetValueOrDefault(p), new FileInfo(Path.Combine(outputDirectory, p))).ToLine()));

        return new ExportSummary(
            plan.Select(p => p.Folder).Distinct().Count(f => f != options.UnsortedFolder && f != options.NoFacesFolder),
            written, unchanged, removed,
            plan.Count(p => p.Folder == options.UnsortedFolder), plan.Count(p => p.Folder == options.NoFacesFolder), problems, sidecars, copies.Count)
        {
            KeptAsChanged = [.. kept.Order(StringComparer.Ordinal)],
        };
    }

    /// <summary>
    /// A line of the manifest: a file an export wrote, the content hash it was written from (since 2026-11-30; empty for a
    /// sidecar or a raw file), and (since 2026-12-01) its length and time as the export left it, so a file the user
    /// changed afterwards is told from one the export may replace or remove. A link keeps no length: what it points at
    /// is the original.
    /// </summary>
    private sealed record WrittenFile(string RelativePath, string? Hash, long? Length, long? MtimeMs)
    {
        public static WrittenFile Parse(string line)
        {
            var f = line.Split('\t');
            return new WrittenFile(f[0], f.Length > 1 && f[1].Length > 0 ? f[1] : null,
                f.Length > 3 && long.TryParse(f[2], CultureInfo.InvariantCulture, out var length) ? length : null,
                f.Length > 3 && long.TryParse(f[3], CultureInfo.InvariantCulture, out var mtime) ? mtime : null);
        }

        public static WrittenFile AsWritten(string relativePath, string? hash, FileInfo file) =>
            file.LinkTarget is null && file.Exists
                ? new WrittenFile(relativePath, hash, file.Length, new DateTimeOffset(file.LastWriteTimeUtc).ToUnixTimeMilliseconds())
                : new WrittenFile(relativePath, hash, null, null);

        public string ToLine() => Length is { } length && MtimeMs is { } mtime
            ? string.Create(CultureInfo.InvariantCulture, $"{RelativePath}\t{Hash}\t{length}\t{mtime}")
            : Hash is null ? RelativePath : $"{RelativePath}\t{Hash}";

        /// <summary>True when <paramref name="file"/> is no longer as the export left it: a length or time that moved, or a
        /// link that became a file. A line from before lengths were kept says nothing, and the file is the export's as before.</summary>
        public bool ChangedSinceWritten(FileInfo file) =>
            Length is { } length && MtimeMs is { } mtime
            && (file.LinkTarget is not null || file.Length != length || new DateTimeOffset(file.LastWriteTimeUtc).ToUnixTimeMilliseconds() != mtime);
    }

    /// <summary>A file in the output is the user's when no export wrote it (<paramref name="written"/> null), or when it
    /// has changed since one did: the export then neither writes over it nor removes it.</summary>
    private static bool IsTheUsers(FileInfo existing, WrittenFile? written) => written?.ChangedSinceWritten(existing) ?? true;

    /// <summary>
    /// An XMP sidecar (<see cref="XmpSidecar"/>) beside each exported photo that has faces of named people, in every
    /// folder the photo is in: its folder, its file name and its text. People without a name are left out (a
    /// "Person_004" tag in another program would be one more thing to clean up), and so are the camera raw files exported
    /// beside a photo. A photo's sidecar is made once, however many folders hold it.
    /// </summary>
    public static IEnumerable<(string Folder, string FileName, string Text)> XmpSidecars(
        IReadOnlyList<PlannedFile> plan, IReadOnlyList<FaceRecord> allFaces,
        IReadOnlyDictionary<long, (long PersonId, AssignmentSource Source)> assignments, IReadOnlyList<PersonSummary> summaries,
        ExportOptions options)
    {
        var names = summaries.Where(p => !string.IsNullOrWhiteSpace(p.Person.Name) && (options.IncludeHidden || !p.Person.Hidden))
            .ToDictionary(p => p.Person.Id, p => p.Person.Name!.Trim());
        var facesByPhoto = allFaces.ToLookup(f => f.PhotoId);
        var texts = new Dictionary<long, string?>();
        foreach (var file in plan.Where(f => f.Photo.Sha256 is not null))
        {
            if (!texts.TryGetValue(file.Photo.Id, out var text))
            {
                var photo = file.Photo;
                var named = facesByPhoto[photo.Id].OrderBy(f => f.FaceIndex)
                    .Where(f => assignments.TryGetValue(f.Id, out var a) && names.ContainsKey(a.PersonId))
                    .Select(f => Fractions(names[assignments[f.Id].PersonId], f.Box, photo.Width, photo.Height))
                    .ToList();
                texts[photo.Id] = text = named.Count == 0 || photo.Width <= 0 || photo.Height <= 0
                    ? null
                    : XmpSidecar.Write(named, photo.Width, photo.Height, Imaging.TaggedFaces.OrientationOf(photo.FullPath));
            }
            if (text is not null) yield return (file.Folder, XmpSidecar.NameFor(file.FileName), text);
        }
    }

    /// <summary>A face's box in fractions of the upright photo, cut to the photo: a face at the edge may reach past it.</summary>
    private static Imaging.TaggedFace Fractions(string name, Detection.FaceBox box, int width, int height)
    {
        var left = Math.Clamp(box.X / width, 0f, 1f);
        var top = Math.Clamp(box.Y / height, 0f, 1f);
        var right = Math.Clamp((box.X + box.Width) / width, 0f, 1f);
        var bottom = Math.Clamp((box.Y + box.Height) / height, 0f, 1f);
        return new Imaging.TaggedFace(name, left, top, right - left, bottom - top);
    }

    /// <summary>Rows in photo order; boxes in pixels of the EXIF-oriented original; person empty when unassigned;
    /// <c>original</c> the photo's full path, since <c>photo</c> (relative to the folder it was scanned from) repeats
    /// when two scanned folders hold the same relative path.</summary>
    public static void WriteCsv(
        string path, IReadOnlyList<PhotoRecord> photos, IReadOnlyList<FaceRecord> faces,
        IReadOnlyDictionary<long, (long PersonId, AssignmentSource Source)> assignments,
        IReadOnlyList<PersonSummary> people, ExportOptions options)
    {
        var folderOfPerson = ExportPlanner.FolderNames(people.Where(p => options.IncludeHidden || !p.Person.Hidden).Select(p => p.Person).ToList(), options);
        var photoById = photos.ToDictionary(p => p.Id);
        var builder = new StringBuilder();
        builder.Append(CsvHeader).Append('\n');
        foreach (var face in faces.OrderBy(f => photoById[f.PhotoId].RootPath, StringComparer.Ordinal)
                     .ThenBy(f => photoById[f.PhotoId].RelativePath, StringComparer.Ordinal).ThenBy(f => f.FaceIndex))
        {
            var person = assignments.TryGetValue(face.Id, out var a) && folderOfPerson.TryGetValue(a.PersonId, out var name) ? name : "";
            builder.Append(Csv(photoById[face.PhotoId].RelativePath)).Append(',')
                .Append(face.FaceIndex.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Pixels(face.Box.X)).Append(',').Append(Pixels(face.Box.Y)).Append(',')
                .Append(Pixels(face.Box.Width)).Append(',').Append(Pixels(face.Box.Height)).Append(',')
                .Append(face.Score.ToString("0.000", CultureInfo.InvariantCulture)).Append(',')
                .Append(Csv(person)).Append(',')
                .Append(Csv(photoById[face.PhotoId].FullPath)).Append('\n');
        }
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, builder.ToString(), new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }

    private static string Pixels(float value) => MathF.Round(value).ToString("0", CultureInfo.InvariantCulture);

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// A photo's camera raw files: those in its folder with its name and a raw extension (any case), each folder listed
    /// once, each as a record of its own (its path, size and time; no content hash: it was never read). A raw photo has none.
    /// </summary>
    private static Func<PhotoRecord, IReadOnlyList<PhotoRecord>> RawFilesBeside()
    {
        var byFolder = new Dictionary<string, ILookup<string, (string Name, FileInfo Target)>>(StringComparer.Ordinal);
        return photo =>
        {
            if (Imaging.CameraRawDecoder.IsRawFile(photo.FullPath)) return [];
            var folder = Path.GetDirectoryName(photo.FullPath) ?? "";
            if (!byFolder.TryGetValue(folder, out var raws))
            {
                IEnumerable<(string Name, FileInfo Target)> files;
                try
                {
                    // One without bytes is nothing to export, and copying a named pipe would wait forever. A link is
                    // judged by what it points at: a link's own length is that of its target's name, so a link to
                    // /dev/zero looked like a 9-byte file and its copy filled the disk.
                    files = [.. new DirectoryInfo(folder).EnumerateFiles().Where(f => Imaging.CameraRawDecoder.IsRawFile(f.Name))
                        .Select(f => (f.Name, Target: Imaging.FileBehind.Of(f.FullName))).Where(f => f.Target is { Exists: true, Length: > 0 })
                        .Select(f => (f.Name, f.Target!))];
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    files = [];
                }
                byFolder[folder] = raws = files.ToLookup(f => Path.GetFileNameWithoutExtension(f.Name), StringComparer.OrdinalIgnoreCase);
            }
            var photoFolder = Path.GetDirectoryName(photo.RelativePath);
            return [.. raws[Path.GetFileNameWithoutExtension(photo.FullPath)].OrderBy(f => f.Name, StringComparer.Ordinal).Select(raw => photo with
            {
                RelativePath = string.IsNullOrEmpty(photoFolder) ? raw.Name : photoFolder.Replace('\\', '/') + "/" + raw.Name,
                Sha256 = null, PictureHash = null, Size = raw.Target.Length, Format = "raw",
                MtimeMs = new DateTimeOffset(raw.Target.LastWriteTimeUtc).ToUnixTimeMilliseconds(),
            })];
        };
    }

    private enum Placement { Written, Unchanged, KeptAsChanged }

    /// <summary>
    /// Puts the photo at <paramref name="target"/>. Unchanged when an identical export is already there: the same size
    /// and time, or (a copy) written from the content the photo has now — the hash the last export wrote it from
    /// (<paramref name="written"/>) is the photo's, and the photo's file is as the scan that hashed it found it. A
    /// collection restored or copied without its file times had every file copied again though no photo had changed;
    /// such a copy now takes the original's time instead. Kept when the file there is the user's: no export wrote it,
    /// or one did and it has changed since (rotated, retouched); it is left as it is, and the original is not written
    /// over it.
    /// </summary>
    private static Placement Place(PhotoRecord photo, string target, ExportMode mode, WrittenFile? written)
    {
        var original = photo.FullPath;
        var existing = new FileInfo(target);
        if (existing.LinkTarget is not null || existing.Exists)
        {
            var source = new FileInfo(original);
            if (IsSameExport(original, source, existing, mode)) return Placement.Unchanged;
            if (mode == ExportMode.Copy && existing.LinkTarget is null && photo.Sha256 is not null && written?.Hash == photo.Sha256
                && existing.Length == source.Length && source.Length == photo.Size
                && new DateTimeOffset(source.LastWriteTimeUtc).ToUnixTimeMilliseconds() == photo.MtimeMs
                && !written.ChangedSinceWritten(existing))
            {
                File.SetLastWriteTimeUtc(target, source.LastWriteTimeUtc);
                return Placement.Unchanged;
            }
            // An export stopped between its copy and its manifest leaves copies no manifest lists; their bytes are the
            // original's, so they are the export's to finish, not the user's.
            if (IsTheUsers(existing, written) && !IsCopyOf(existing, source)) return Placement.KeptAsChanged;
            File.Delete(target);
        }
        switch (mode)
        {
            case ExportMode.Copy:
                File.Copy(original, target);
                File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(original));
                // A copy keeps the original's permissions (a private photo stays private) but is always the user's to
                // open and delete: an original they could not read (only root could copy it) gave an unreadable copy.
                if (!OperatingSystem.IsWindows())
                    File.SetUnixFileMode(target, File.GetUnixFileMode(target) | UnixFileMode.UserRead | UnixFileMode.UserWrite);
                break;
            case ExportMode.Symlink:
                File.CreateSymbolicLink(target, original);
                break;
            case ExportMode.Hardlink:
                if (Link(original, target) != 0)
                    throw new IOException($"cannot hard-link (errno {Marshal.GetLastPInvokeError()}); the output must be on the same file system as the photos, or use --mode copy");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode));
        }
        return Placement.Written;
    }

    private static bool IsCopyOf(FileInfo existing, FileInfo source) =>
        existing.LinkTarget is null && source.Exists && existing.Length == source.Length && Imaging.SameBytes.In(existing.FullName, source.FullName);

    private static bool IsSameExport(string original, FileInfo source, FileInfo existing, ExportMode mode) =>
        mode switch
        {
            ExportMode.Symlink => existing.LinkTarget == original,
            _ => existing.LinkTarget is null && existing.Length == source.Length && existing.LastWriteTimeUtc == source.LastWriteTimeUtc,
        };

    private static bool IsInside(string root, string path)
    {
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(path).StartsWith(fullRoot, StringComparison.Ordinal);
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
#pragma warning disable CA2101, SYSLIB1054 // UTF-8 paths; a source-generated LibraryImport adds nothing for one call.
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
#pragma warning restore CA2101, SYSLIB1054
}

/// <summary>An export of a library with no photos over the folders an earlier export wrote: refused, not emptied.</summary>
public sealed class EmptyLibraryExportException(string message) : InvalidOperationException(message)
{
}
