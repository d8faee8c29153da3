using System.Collections.Frozen;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;

namespace FaceSort.Core.Evaluation;

/// <summary>
/// Ground truth from folder names for a library's faces: a photo at <c>…/&lt;Identity&gt;/&lt;file&gt;</c> shows
/// <c>Identity</c> (its parent folder) in its main face — the face whose box centre is nearest the image centre.
/// Other faces are clustered but not scored; a labelled photo without a face is scored as a miss.
/// </summary>
public static class LibraryEmbeddingSet
{
    /// <summary>Folders whose photos carry no identity by default (group photos, edge cases), as the peer pipeline.</summary>
    public static IReadOnlySet<string> DefaultUnlabelled { get; } = new HashSet<string>(StringComparer.Ordinal) { "group", "edge" };

    /// <summary>The set (faces in <see cref="FaceStore.AllPresent"/> order) and each face's library id.</summary>
    public static (EmbeddingSet Set, long[] FaceIds) Build(
        PhotoStore photos, FaceStore faces, string labelsRoot, IReadOnlySet<string>? unlabelledFolders = null)
    {
        unlabelledFolders ??= DefaultUnlabelled;
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(labelsRoot));
        return Build(photos, faces, photo => LabelOf(photo, root, unlabelledFolders));
    }

    /// <summary>
    /// Identities that are the name of more than one folder under <paramref name="labelsRoot"/>, each with those folders
    /// (relative to the root): <c>Alice/2019</c> and <c>Bob/2019</c> both give "2019", so their photos are scored as one
    /// person. Name order, folders in path order.
    /// </summary>
    public static IReadOnlyList<(string Identity, IReadOnlyList<string> Folders)> SharedFolderNames(
        PhotoStore photos, string labelsRoot, IReadOnlySet<string>? unlabelledFolders = null)
    {
        unlabelledFolders ??= DefaultUnlabelled;
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(labelsRoot));
        return [.. photos.All().Where(p => p.Status == PhotoStatus.Done)
            .Select(p => (Identity: LabelOf(p, root, unlabelledFolders), Folder: Path.GetRelativePath(root, Path.GetDirectoryName(Path.GetFullPath(p.FullPath))!)))
            .Where(p => p.Identity is not null)
            .GroupBy(p => p.Identity!, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)[.. g.Select(p => p.Folder).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))
            .Where(g => g.Item2.Count > 1)
            .OrderBy(g => g.Key, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Ground truth from a CSV of <c>path,identity</c> rows (an optional header row whose first column is called path,
    /// photo, file, filename or image; paths absolute or relative to the CSV's folder; an empty identity leaves a photo
    /// unscored). Fields may be quoted.
    /// </summary>
    public static (EmbeddingSet Set, long[] FaceIds) BuildFromTruthCsv(PhotoStore photos, FaceStore faces, string truthCsv) =>
        BuildFromTruth(photos, faces, ReadTruthCsv(truthCsv));

    /// <summary>Scores the main face of every photo <paramref name="truth"/> (full path → identity) names.</summary>
    public static (EmbeddingSet Set, long[] FaceIds) BuildFromTruth(PhotoStore photos, FaceStore faces, IReadOnlyDictionary<string, string> truth) =>
        Build(photos, faces, photo => truth.TryGetValue(Path.GetFullPath(photo.FullPath), out var id) && id.Length > 0 ? id : null);

    /// <summary>The truth CSV as full path → identity (see <see cref="BuildFromTruthCsv"/>); read apart from any library,
    /// so a malformed file is reported before one is opened.</summary>
    /// <exception cref="InvalidDataException">A row is not 'path,identity' (a third field that is not empty, as a
    /// face-level 'path,face,identity' row would have, included), or names a photo an earlier row gave another identity;
    /// the message names the file and line.</exception>
    public static IReadOnlyDictionary<string, string> ReadTruthCsv(string truthCsv)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(truthCsv))!;
        var truth = new Dictionary<string, (string Identity, int Line)>(StringComparer.Ordinal);
        var line = 0;
        foreach (var text in File.ReadLines(truthCsv))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var fields = CsvFields(text);
            if (fields.Count < 2) throw new InvalidDataException($"{truthCsv}:{line}: expected 'path,identity'");
            if (line == 1 && HeaderWords.Contains(fields[0].Trim())) continue;
            // A third column would otherwise be dropped and the second read as the identity: a face index, a box.
            if (fields.Skip(2).Any(f => f.Trim().Length > 0))
                throw new InvalidDataException($"{truthCsv}:{line}: expected 'path,identity', got {fields.Count} fields (truth names a photo's main face; there is no face-level truth)");
            var path = Path.GetFullPath(fields[0], folder);
            var identity = fields[1].Trim();
            if (truth.TryGetValue(path, out var earlier) && earlier.Identity != identity)
                throw new InvalidDataException($"{truthCsv}:{line}: {fields[0]} is '{identity}' here but '{earlier.Identity}' on line {earlier.Line}");
            truth[path] = (identity, line);
        }
        return truth.ToDictionary(row => row.Key, row => row.Value.Identity, StringComparer.Ordinal);
    }

    /// <summary>Scores the main face of every photo <paramref name="labelOf"/> names an identity for.</summary>
    public static (EmbeddingSet Set, long[] FaceIds) Build(PhotoStore photos, FaceStore faces, Func<PhotoRecord, string?> labelOf)
    {
        var all = faces.AllPresent();
        var dimension = all.Count == 0 ? 1 : all[0].Embedding.Length;
        var input = ClusterService.BuildInput(all, dimension, new Dictionary<long, (long, AssignmentSource)>());
        var facesOfPhoto = Enumerable.Range(0, all.Count).ToLookup(i => all[i].PhotoId);

        var names = new List<string>();
        var nameIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var scored = new List<int>();
        var truth = new List<int>();
        foreach (var photo in photos.All().Where(p => p.Status == PhotoStatus.Done))
        {
            if (labelOf(photo) is not { } label) continue;
            if (!nameIds.TryGetValue(label, out var id))
            {
                nameIds[label] = id = names.Count;
                names.Add(label);
            }
            scored.Add(MainFaceOf(photo, facesOfPhoto[photo.Id], all));
            truth.Add(id);
        }
        var set = new EmbeddingSet(input.Embeddings, input.PhotoOfFace!, input.Quality!, [.. scored], [.. truth], [.. names]);
        return (set, all.Select(f => f.Id).ToArray());
    }

    // What spreadsheets and scripts call the first column; "photo,identity" was read as a photo named "photo".
    private static readonly FrozenSet<string> HeaderWords =
        new[] { "path", "photo", "file", "filename", "file_name", "image", "photo_path", "file_path" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static List<string> CsvFields(string text)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }

    private static string? LabelOf(PhotoRecord photo, string root, IReadOnlySet<string> unlabelled)
    {
        var full = Path.GetFullPath(photo.FullPath);
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return null;
        var relative = Path.GetRelativePath(root, full).Split(Path.DirectorySeparatorChar);
        if (relative.Length < 2) return null;
        var parent = relative[^2];
        return unlabelled.Contains(parent) || relative.Take(relative.Length - 1).Any(unlabelled.Contains) ? null : parent;
    }

    private static int MainFaceOf(PhotoRecord photo, IEnumerable<int> candidates, IReadOnlyList<FaceRecord> all)
    {
        var best = -1;
        var bestDistance = double.MaxValue;
        foreach (var i in candidates)
        {
            var distance = MainFace.DistanceFromCentre(all[i].Box, photo.Width, photo.Height);
            if (distance < bestDistance) (best, bestDistance) = (i, distance);
        }
        return best;
    }
}
