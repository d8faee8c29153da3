using FaceSort.Core.Detection;
using FaceSort.Core.Imaging;
using FaceSort.Core.Library;

namespace FaceSort.Core.Corrections;

/// <summary>What one <see cref="TaggedNameImport.Import"/> did.</summary>
/// <param name="PhotosRead">Photos whose metadata was read (new or changed since the last look).</param>
/// <param name="TaggedFaces">Named face regions found in them.</param>
/// <param name="Named">Faces put in the person of their name now (a face whose name was applied before is left as the user has it since).</param>
/// <param name="Unmatched">Named regions no detected face lies in (a face the detector missed, or a region drawn elsewhere).</param>
/// <param name="CorrectionId">The history entry of the faces named, 0 when none.</param>
/// <param name="Renamed">People renamed because every face the tags gave one name now carries another (a tag renamed
/// in the other program), each its own history entry.</param>
public sealed record TaggedNameResult(int PhotosRead, int TaggedFaces, int Named, int Unmatched, long CorrectionId, int Renamed = 0);

/// <summary>
/// Reads the face names other programs wrote into the photos (<see cref="TaggedFaces"/>: digiKam, Lightroom, Picasa…),
/// finds the detected face each named region lies on (a name without a region, from Google Takeout or PersonInImage,
/// only in a photo of one face and one name), and puts that face in the person of that name as a user decision
/// (<see cref="CorrectionService.NameFromTags"/>): clustering then keeps those faces together, keeps differently named
/// people apart, names the person's folder, and recognises the rest of that person's faces around them. A name is
/// applied once per face: a user who moves the face elsewhere afterwards is not overruled by the next scan, while a
/// name changed in the other program is applied again. A photo is looked at again only when its bytes, its faces or
/// its sidecars changed.
/// </summary>
public sealed class TaggedNameImport(LibraryDatabase database, TimeProvider? clock = null)
{
    /// <summary>A named region and a detected face are one face when their boxes overlap this much (intersection over union)…</summary>
    internal const float MinOverlap = 0.3f;

    public TaggedNameResult Import(CancellationToken cancellationToken = default)
    {
        var checkedKeys = ReadChecks();
        var applied = ReadApplied();
        var faces = new FaceStore(database);
        var toName = new List<(long FaceId, string Name)>();
        var checks = new List<(long PhotoId, string Key)>();
        var sidecars = new SidecarFiles();
        int read = 0, tagged = 0, unmatched = 0;
        foreach (var photo in new PhotoStore(database).All())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (photo.Status != PhotoStatus.Done || photo.FaceCount == 0) continue;
            var key = CheckKey(photo, sidecars);
            if (checkedKeys.TryGetValue(photo.Id, out var known) && known == key) continue;
            checks.Add((photo.Id, key));
            read++;
            var tags = TaggedFaces.Read(photo.FullPath);
            var photoFaces = faces.OfPhoto(photo.Id);
            List<(FaceRecord Face, TaggedFace Tag)> matches;
            if (tags.Count > 0)
            {
                tagged += tags.Count;
                matches = Match(photoFaces, tags, photo.Width, photo.Height);
                unmatched += tags.Count - matches.Count;
            }
            else
            {
                // A name without a place (Google Takeout's people, PersonInImage) is a face's only where it is the one
                // face of the photo and the one name: with more, which face is whose is a guess.
                if (photoFaces.Count != 1 || TaggedFaces.ReadPeople(photo.FullPath) is not [var person]) continue;
                tagged++;
                matches = [(photoFaces[0], new TaggedFace(person, 0, 0, 1, 1))];
            }
            foreach (var (face, tag) in matches)
                if (!applied.TryGetValue(face.Id, out var name) || !string.Equals(name, tag.Name, StringComparison.Ordinal))
                    toName.Add((face.Id, tag.Name));
        }
        var renamed = RenameTags(toName, applied);
        var correction = toName.Count == 0 ? null : new CorrectionService(database, clock).NameFromTags(toName);
        var named = correction?.Items.Count(i => i.Outcome == ItemOutcome.Done) ?? 0;
        Record(checks, toName);
        return new TaggedNameResult(read, tagged, named, unmatched, correction?.CorrectionId ?? 0, renamed);
    }

    /// <summary>
    /// A tag renamed in the other program ("Penny" to "Penny Hofstadter" in digiKam rewrites every photo so tagged):
    /// when every face the old name was applied to now carries one new name, those faces are still together in the
    /// person of the old name, and no person has the new name yet, that person is renamed. Moving the faces instead
    /// made a second person of the new name holding the tagged faces only, kept apart from the person of the old name
    /// and the faces clustering had put with it: one person in two folders.
    /// </summary>
    private int RenameTags(List<(long FaceId, string Name)> toName, Dictionary<long, string> applied)
    {
        var renamed = 0;
        var people = new PeopleStore(database);
        var corrections = new CorrectionService(database, clock);
        foreach (var group in toName.Where(n => applied.ContainsKey(n.FaceId) && !string.Equals(applied[n.FaceId], n.Name.Trim(), StringComparison.OrdinalIgnoreCase))
                     .GroupBy(n => applied[n.FaceId].Trim(), StringComparer.OrdinalIgnoreCase))
        {
            var newNames = group.Select(n => n.Name.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (newNames.Count != 1) continue;
            var faces = group.Select(n => n.FaceId).ToHashSet();
            var before = applied.Where(a => string.Equals(a.Value.Trim(), group.Key, StringComparison.OrdinalIgnoreCase)).Select(a => a.Key);
            if (!faces.SetEquals(before)) continue;
            var assignments = people.Assignments();
            var holders = faces.Select(f => assignments.TryGetValue(f, out var a) ? a.PersonId : 0).Distinct().ToList();
            if (holders is not [var holder] || holder == 0) continue;
            var summaries = people.Summaries().Select(s => s.Person).ToList();
            if (summaries.SingleOrDefault(p => p.Id == holder) is not { } person || !string.Equals(person.Name, group.Key, StringComparison.OrdinalIgnoreCase)) continue;
            try
            {
                corrections.Rename(holder, newNames[0]);
                renamed++;
            }
            catch (ArgumentException)
            {
                // The new name is another person's, or one FaceSort refuses: the faces are named one by one as before.
            }
        }
        return renamed;
    }

    /// <summary>
    /// Each named region's face: pairs by overlap, best first, each face and region once. A region drawn by hand or by
    /// another detector is larger or smaller than FaceSort's box, so a pair also counts when each box holds the
    /// other's centre.
    /// </summary>
    internal static List<(FaceRecord Face, TaggedFace Tag)> Match(IReadOnlyList<FaceRecord> faces, IReadOnlyList<TaggedFace> tags, int width, int height)
    {
        var pairs = new List<(float Overlap, int Face, int Tag)>();
        for (var t = 0; t < tags.Count; t++)
        {
            var tag = tags[t];
            var box = new FaceBox(tag.X * width, tag.Y * height, tag.Width * width, tag.Height * height);
            for (var f = 0; f < faces.Count; f++)
            {
                var face = faces[f].Box;
                var overlap = face.IntersectionOverUnion(box);
                if (overlap >= MinOverlap || (Holds(box, face.CenterX, face.CenterY) && Holds(face, box.CenterX, box.CenterY)))
                    pairs.Add((overlap, f, t));
            }
        }
        var matches = new List<(FaceRecord, TaggedFace)>();
        var usedFaces = new HashSet<int>();
        var usedTags = new HashSet<int>();
        foreach (var (_, f, t) in pairs.OrderByDescending(p => p.Overlap))
        {
            if (usedFaces.Contains(f) || usedTags.Contains(t)) continue;
            usedFaces.Add(f);
            usedTags.Add(t);
            matches.Add((faces[f], tags[t]));
        }
        return matches;
    }

    private static bool Holds(FaceBox box, float x, float y) => x >= box.X && x <= box.Right && y >= box.Y && y <= box.Bottom;

    /// <summary>What the photo's tags depend on: its bytes, its faces, and its sidecars' size and time.</summary>
    private static string CheckKey(PhotoRecord photo, SidecarFiles sidecars)
    {
        var stamps = TaggedFaces.SidecarsOf(photo.FullPath).Concat(TaggedFaces.TakeoutSidecarsOf(photo.FullPath)).Select(sidecars.Stamp);
        return $"{photo.Sha256}|{photo.FaceCount}|{photo.Models}|{string.Join('|', stamps)}";
    }

    /// <summary>
    /// The .xmp and .json files of each folder, listed once per run: asking for each photo's six possible sidecars
    /// one by one cost six file lookups per photo on every run, where most folders have none.
    /// </summary>
    private sealed class SidecarFiles
    {
        private readonly Dictionary<string, HashSet<string>> _byFolder = new(StringComparer.Ordinal);

        public string Stamp(string path)
        {
            var folder = Path.GetDirectoryName(path) ?? "";
            if (!_byFolder.TryGetValue(folder, out var names)) _byFolder[folder] = names = List(folder);
            if (!names.Contains(Path.GetFileName(path))) return "-";
            var info = new FileInfo(path);
            return info.Exists ? $"{info.Length}@{info.LastWriteTimeUtc.Ticks}" : "-";
        }

        private static HashSet<string> List(string folder)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                foreach (var file in Directory.EnumerateFiles(folder))
                    if (file.EndsWith(".xmp", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                        names.Add(Path.GetFileName(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
            return names;
        }
    }

    private Dictionary<long, string> ReadChecks() => ReadPairs("SELECT photo_id, key FROM tag_checks");

    private Dictionary<long, string> ReadApplied() => ReadPairs("SELECT face_id, name FROM tagged_names");

    private Dictionary<long, string> ReadPairs(string sql)
    {
        var pairs = new Dictionary<long, string>();
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read()) pairs[reader.GetInt64(0)] = reader.GetString(1);
        return pairs;
    }

    private void Record(List<(long PhotoId, string Key)> checks, List<(long FaceId, string Name)> names)
    {
        if (checks.Count == 0 && names.Count == 0) return;
        using var connection = database.Connect();
        using var transaction = connection.BeginTransaction();
        // A photo or face deleted meanwhile (a scan beside this run) is not recorded.
        Upsert(connection, transaction, """
            INSERT INTO tag_checks(photo_id, key) SELECT $id, $text WHERE EXISTS (SELECT 1 FROM photos WHERE id = $id)
            ON CONFLICT(photo_id) DO UPDATE SET key = $text
            """, checks);
        Upsert(connection, transaction, """
            INSERT INTO tagged_names(face_id, name) SELECT $id, $text WHERE EXISTS (SELECT 1 FROM faces WHERE id = $id)
            ON CONFLICT(face_id) DO UPDATE SET name = $text
            """, names);
        transaction.Commit();
    }

    private static void Upsert(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction transaction,
        string sql, List<(long Id, string Text)> rows)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var id = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Integer);
        var text = command.Parameters.Add("$text", Microsoft.Data.Sqlite.SqliteType.Text);
        foreach (var row in rows)
        {
            id.Value = row.Id;
            text.Value = row.Text;
            command.ExecuteNonQuery();
        }
    }
}
