using FaceSort.Core.Library;

namespace FaceSort.Core.Export;

/// <summary>One file an export will create: a photo, under a folder, with a clash-free name.</summary>
public sealed record PlannedFile(string Folder, string FileName, PhotoRecord Photo)
{
    public string RelativePath => Folder + "/" + FileName;
}

/// <summary>
/// Decides the export layout without touching the disk: person folders (largest first, given names or
/// <c>Person_001</c>), Unsorted and No faces, each picture once per folder, with file-name clashes resolved the same
/// way on every run.
/// </summary>
public static class ExportPlanner
{
    /// <param name="rawFilesOf">A photo's camera raw files (<see cref="ExportOptions.WithRawFiles"/>), each as a record of
    /// its own (its path, no content hash), found by the caller; none when null.</param>
    /// <param name="copiesLeftOut">Where the smaller copies of a picture a folder holds once are listed (folder and photo;
    /// <see cref="ExportOptions.AllCopies"/>), when the caller wants to know.</param>
    public static IReadOnlyList<PlannedFile> Plan(
        IReadOnlyList<PhotoRecord> photos,
        IReadOnlyList<FaceRecord> faces,
        IReadOnlyDictionary<long, (long PersonId, AssignmentSource Source)> assignments,
        IReadOnlyList<PersonSummary> people,
        ExportOptions options,
        Func<PhotoRecord, IReadOnlyList<PhotoRecord>>? rawFilesOf = null,
        ICollection<(string Folder, PhotoRecord Photo)>? copiesLeftOut = null)
    {
        var folderOfPerson = FolderNames(people.Where(p => options.IncludeHidden || !p.Person.Hidden).Select(p => p.Person).ToList(), options);
        var facesByPhoto = faces.ToLookup(f => f.PhotoId);
        var files = new List<(string Folder, PhotoRecord Photo)>();
        foreach (var photo in photos.Where(p => p.Status == PhotoStatus.Done))
        {
            var photoFaces = facesByPhoto[photo.Id].ToList();
            if (photoFaces.Count == 0)
            {
                files.Add((options.NoFacesFolder, photo));
                continue;
            }
            var folders = photoFaces
                .Select(f => assignments.TryGetValue(f.Id, out var a) && folderOfPerson.TryGetValue(a.PersonId, out var folder) ? folder : null)
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (folders.Count == 0) files.Add((options.UnsortedFolder, photo));
            else files.AddRange(folders.Select(folder => (folder, photo)));
        }

        var planned = new List<PlannedFile>(files.Count);
        foreach (var folder in files.GroupBy(f => f.Folder, StringComparer.Ordinal))
        {
            var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            // A folder holds each picture once: a byte-identical copy (the same photo in two albums, a collection scanned
            // beside its backup) added nothing but a "name (2).jpg" beside it; the first in path order is written.
            var contents = new HashSet<string>(StringComparer.Ordinal);
            var distinct = folder.OrderBy(f => f.Photo.RootPath, StringComparer.Ordinal).ThenBy(f => f.Photo.RelativePath, StringComparer.Ordinal)
                .Select(f => f.Photo).Where(p => p.Sha256 is not { } hash || contents.Add(hash)).ToList();
            // And each picture once: of a photo and its chat app's smaller copies, the photo (PictureCopies).
            if (!options.AllCopies && folder.Key != options.NoFacesFolder)
            {
                var kept = new HashSet<long>();
                foreach (var picture in PictureCopies.Group(distinct, facesByPhoto))
                {
                    kept.Add(picture[0].Id);
                    foreach (var copy in picture.Skip(1)) copiesLeftOut?.Add((folder.Key, copy));
                }
                distinct = [.. distinct.Where(p => kept.Contains(p.Id))];
            }
            foreach (var photo in distinct)
            {
                var name = UniqueName(ExportedName(photo), taken);
                planned.Add(new PlannedFile(folder.Key, name, photo));
                if (!options.WithRawFiles || rawFilesOf is null) continue;
                foreach (var raw in rawFilesOf(photo))
                {
                    // Named after the exported photo, so a numbered "IMG_0001 (2).JPG" keeps its own raw file beside it.
                    var rawName = UniqueName(Path.GetFileNameWithoutExtension(name) + Path.GetExtension(raw.RelativePath), taken);
                    planned.Add(new PlannedFile(folder.Key, rawName, raw));
                }
            }
        }
        return planned;
    }

    /// <summary>Folder per visible person; given names are made safe for every file system, duplicates numbered.</summary>
    public static Dictionary<long, string> FolderNames(IReadOnlyList<PersonRecord> people, ExportOptions options)
    {
        var reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { options.UnsortedFolder, options.NoFacesFolder };
        var names = new Dictionary<long, string>();
        foreach (var person in people)
            names[person.Id] = UniqueName(SafeFolderName(person.DisplayName), reserved);
        return names;
    }

    public static string SafeFolderName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat(['/', '\\', ':', '*', '?', '"', '<', '>', '|']).ToHashSet();
        var cleaned = TrimDotsAndSpaces(new string(name.Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray()));
        // At most 120 characters and 200 bytes of UTF-8, never cut inside a character: a file system takes 255 bytes a
        // name, and 120 characters of Chinese are 360 (every file of such a person failed to export); a clash adds " (2)".
        var length = 0;
        for (var bytes = 0; length < cleaned.Length;)
        {
            System.Text.Rune.DecodeFromUtf16(cleaned.AsSpan(length), out var rune, out var used);
            if (length + used > 120 || bytes + rune.Utf8SequenceLength > 200) break;
            (length, bytes) = (length + used, bytes + rune.Utf8SequenceLength);
        }
        cleaned = TrimDotsAndSpaces(cleaned[..length]);
        if (cleaned.Length == 0) return "_";
        // Windows' device names, alone or before a dot (CON, NUL.x): such a folder cannot be opened there (a zip
        // unpacked on Windows, a share), so it takes a '_' after the name.
        var stem = cleaned.Split('.')[0].TrimEnd();
        return WindowsDeviceNames.Contains(stem) ? stem + "_" + cleaned[stem.Length..] : cleaned;
    }

    /// <summary>Without dots and spaces at either end: Windows drops them, so "Bob ." and "Bob" were one folder there,
    /// and two that looked the same here (Trim then Trim('.') left the space of "Bob .").</summary>
    private static string TrimDotsAndSpaces(string name)
    {
        int start = 0, end = name.Length;
        while (start < end && (char.IsWhiteSpace(name[start]) || name[start] == '.')) start++;
        while (end > start && (char.IsWhiteSpace(name[end - 1]) || name[end - 1] == '.')) end--;
        return name[start..end];
    }

    private static readonly HashSet<string> WindowsDeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>
    /// The photo's file name, with the extension of its format added when it has none (a photo saved by a chat app or
    /// restored from a phone backup as <c>IMG_1234</c>): in a person folder, a file without one opens in no viewer.
    /// </summary>
    internal static string ExportedName(PhotoRecord photo)
    {
        var name = Path.GetFileName(photo.RelativePath);
        if (Path.HasExtension(name) || string.IsNullOrEmpty(photo.Format)) return name;
        return name + photo.Format switch
        {
            "jpeg" => ".jpg",
            "tiff" => ".tif",
            var format => "." + format,
        };
    }

    /// <summary><c>name.jpg</c>, then <c>name (2).jpg</c>, <c>name (3).jpg</c>… for later clashes.</summary>
    private static string UniqueName(string name, HashSet<string> taken)
    {
        if (taken.Add(name)) return name;
        var extension = Path.GetExtension(name);
        var stem = name[..^extension.Length];
        for (var n = 2; ; n++)
        {
            var candidate = $"{stem} ({n}){extension}";
            if (taken.Add(candidate)) return candidate;
        }
    }
}
