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
public sealed record TaggedNameResult(int PhotosRead, int TaggedFaces, int Named, int Unmatched, long CorrectionId, int Renamed = 0)
{
    /// <summary>Photos left for a call after the run placed their faces (<c>deferUnplaced</c>).</summary>
    public IReadOnlySet<long> Deferred { get; init; } = new HashSet<long>();
}

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

    /// <param name="deferUnplaced">Leave a photo whose named faces are in no person yet for a later call (its check not
    /// recorded): in a library that has people, a new photo's faces are recognised by the run, and a name given before
    /// that made a one-face person of the name beside the person recognition puts the rest of those faces in.</param>
    /// <param name="onlyPhotos">Look at these photos only (those an earlier call deferred); null: all.</param>
    public TaggedNameResult Import(CancellationToken cancellationToken = default, bool deferUnplaced = false, IReadOnlySet<long>? onlyPhotos = null)
    {
        Dictionary<long, string>? applied = null;
        Dictionary<long, (long PersonId, AssignmentSource Source)>? placed = null;
        var deferred = new HashSet<long>();
        var faces = new FaceStore(database);
        var toName = new List<(long FaceId, string Name)>();
        var checks = new List<(long PhotoId, string Key)>();
        var sidecars = new SidecarFiles();
        int read = 0, tagged = 0, unmatched = 0;
        foreach (var photo in PhotosWithFaces())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (onlyPhotos is not null && !onlyPhotos.Contains(photo.Id)) continue;
            var key = CheckKey(photo, sidecars);
            if (key == photo.CheckedKey) continue;
            read++;
            // The photo's faces are read only for a photo that names someone: most name no one.
            var tags = TaggedFaces.Read(photo.FullPath, sidecars.Exists);
            List<(FaceRecord Face, TaggedFace Tag)> matches;
            if (tags.Count > 0)
            {
                tagged += tags.Count;
                matches = Match(faces.OfPhoto(photo.Id), tags, photo.Width, photo.Height);
                unmatched += tags.Count - matches.Count;
            }
            else
            {
                // A name without a place (Google Takeout's people, PersonInImage) is a face's only where it is the one
                // face of the photo and the one name: with more, which face is whose is a guess.
                if (photo.FaceCount != 1 || TaggedFaces.ReadPeople(photo.FullPath, sidecars.Exists) is not [var person]
                    || faces.OfPhoto(photo.Id) is not [var face])
                {
                    checks.Add((photo.Id, key));
                    continue;
                }
                tagged++;
                matches = [(face, new TaggedFace(person, 0, 0, 1, 1))];
            }
            if (deferUnplaced && matches.Count > 0)
            {
                var assigned = placed ??= new PeopleStore(database).Assignments();
                if (matches.Any(m => !assigned.ContainsKey(m.Face.Id)))
                {
                    deferred.Add(photo.Id);
                    continue;
                }
            }
            checks.Add((photo.Id, key));
            applied ??= ReadApplied();
            foreach (var (face, tag) in matches)
                if (!applied.TryGetValue(face.Id, out var name) || !string.Equals(name, tag.Name, StringComparison.Ordinal))
                    toName.Add((face.Id, tag.Name));
        }
        applied ??= [];
        // Where the faces are: read once, lazily; renaming people moves no face.
        Dictionary<long, (long PersonId, AssignmentSource Source)> Placed() => placed ??= new PeopleStore(database).Assignments();
        var renamed = RenameTags(toName, applied, Placed);
        var resolved = toName.Count == 0 ? [] : PeopleTheNamesAreIn(toName, applied, Placed());
        var correction = toName.Count == 0 ? null : new CorrectionService(database, clock).NameFromTags(toName, resolved);
        var named = correction?.Items.Count(i => i.Outcome == ItemOutcome.Done) ?? 0;
        Record(checks, toName);
        return new TaggedNameResult(read, tagged, named, unmatched, correction?.CorrectionId ?? 0, renamed) { Deferred = deferred };
    }

    /// <summary>
    /// The people already holding the faces of names no person has: FaceSort had grouped Sheldon's faces as Person_003
    /// before the user named him in digiKam, and making a new person "Sheldon" of the named faces split him in two,
    /// the named faces kept apart from the rest by the user-people rule (faceapi-bbt clustered, then bbt3's five faces
    /// named: 13 people, five of them one face each). A name goes to the person holding most of its faces — this
    /// run's and those given the name before — when that is more than half of them that are placed; an unnamed person
    /// is named so (in the same history entry), a person the user named otherwise keeps the user's name. A person is
    /// taken by one name only, the one with most faces in it: two named siblings that clustering had joined come apart.
    /// </summary>
    private Dictionary<string, long> PeopleTheNamesAreIn(List<(long FaceId, string Name)> toName, Dictionary<long, string> applied,
        Dictionary<long, (long PersonId, AssignmentSource Source)> assignments)
    {
        var store = new PeopleStore(database);
        var persons = store.Summaries().Select(s => s.Person).ToDictionary(p => p.Id);
        var taken = persons.Values.Where(p => p.Name is not null).Select(p => p.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var facesOfName = toName.GroupBy(n => n.Name.Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(n => n.FaceId).ToHashSet(), StringComparer.OrdinalIgnoreCase);
        foreach (var (face, name) in applied)
            if (facesOfName.TryGetValue(name.Trim(), out var set)) set.Add(face);
        var claims = new List<(string Name, long Person, int Count)>();
        foreach (var (name, faces) in facesOfName)
        {
            if (taken.Contains(name)) continue;
            var holders = faces.Where(assignments.ContainsKey).GroupBy(f => assignments[f].PersonId)
                .Select(g => (Person: g.Key, Count: g.Count())).OrderByDescending(h => h.Count).ToList();
            if (holders.Count > 0 && 2 * holders[0].Count > holders.Sum(h => h.Count)) claims.Add((name, holders[0].Person, holders[0].Count));
        }
        var resolved = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        var claimed = new HashSet<long>();
        foreach (var (name, person, _) in claims.OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal))
            if (persons.ContainsKey(person) && claimed.Add(person)) resolved[name] = person;
        return resolved;
    }

    /// <summary>
    /// A tag renamed in the other program ("Penny" to "Penny Hofstadter" in digiKam rewrites every photo so tagged):
    /// when every face the old name was applied to now carries one new name, those faces are still together in the
    /// person of the old name, and no person has the new name yet, that person is renamed. Moving the faces instead
    /// made a second person of the new name holding the tagged faces only, kept apart from the person of the old name
    /// and the faces clustering had put with it: one person in two folders.
    /// </summary>
    private int RenameTags(List<(long FaceId, string Name)> toName, Dictionary<long, string> applied,
        Func<Dictionary<long, (long PersonId, AssignmentSource Source)>> placed)
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
            var assignments = placed();
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

    /// <summary>A scanned photo with faces, and the key its tags were last read under (null: never).</summary>
    private sealed record PhotoToCheck(long Id, string FullPath, string? Sha256, int FaceCount, string? Models, int Width, int Height, string? CheckedKey);

    /// <summary>
    /// The photos a name could be given in, read in one query with their last check: on every cluster run of a
    /// 100,000-photo library, reading them as photo records and the checks apart cost 0.57 s (docs/corrections.md).
    /// </summary>
    private List<PhotoToCheck> PhotosWithFaces()
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT p.id, r.path, p.rel_path, p.sha256, p.face_count, p.models, p.width, p.height, c.key
            FROM photos p JOIN roots r ON r.id = p.root_id LEFT JOIN tag_checks c ON c.photo_id = p.id
            WHERE p.status = 'done' AND p.face_count > 0
            """;
        using var reader = command.ExecuteReader();
        var photos = new List<PhotoToCheck>();
        while (reader.Read())
        {
            photos.Add(new PhotoToCheck(reader.GetInt64(0),
                Path.Combine(reader.GetString(1), reader.GetString(2).Replace('/', Path.DirectorySeparatorChar)),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? 0 : reader.GetInt32(6), reader.IsDBNull(7) ? 0 : reader.GetInt32(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
        }
        return photos;
    }

    /// <summary>What the photo's tags depend on: its bytes, its faces, and its sidecars' size and time.</summary>
    private static string CheckKey(PhotoToCheck photo, SidecarFiles sidecars)
    {
        var key = $"{photo.Sha256}|{photo.FaceCount}|{photo.Models}";
        // Most folders hold no sidecar at all: their photos' keys are their bytes and faces alone.
        if (!sidecars.AnyIn(photo.FullPath)) return key;
        var stamps = TaggedFaces.SidecarsOf(photo.FullPath).Concat(TaggedFaces.TakeoutSidecarsOf(photo.FullPath)).Select(sidecars.Stamp);
        return key + "|" + string.Join('|', stamps);
    }

    /// <summary>
    /// The .xmp and .json files of each folder, listed once per run: asking for each photo's six possible sidecars
    /// one by one cost six file lookups per photo on every run, where most folders have none.
    /// </summary>
    private sealed class SidecarFiles
    {
        private readonly Dictionary<string, HashSet<string>> _byFolder = new(StringComparer.Ordinal);

        /// <summary>Whether <paramref name="path"/>, an .xmp or .json file, is there (as its folder was listed).</summary>
        public bool Exists(string path) => NamesIn(Path.GetDirectoryName(path) ?? "").Contains(Path.GetFileName(path));

        /// <summary>Whether the folder of <paramref name="path"/> holds any .xmp or .json file.</summary>
        public bool AnyIn(string path) => NamesIn(Path.GetDirectoryName(path) ?? "").Count > 0;

        public string Stamp(string path)
        {
            if (!NamesIn(Path.GetDirectoryName(path) ?? "").Contains(Path.GetFileName(path))) return "-";
            var info = new FileInfo(path);
            return info.Exists ? $"{info.Length}@{info.LastWriteTimeUtc.Ticks}" : "-";
        }

        private HashSet<string> NamesIn(string folder)
        {
            if (!_byFolder.TryGetValue(folder, out var names)) _byFolder[folder] = names = List(folder);
            return names;
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

    /// <summary>The name last applied to each face.</summary>
    private Dictionary<long, string> ReadApplied()
    {
        var pairs = new Dictionary<long, string>();
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT face_id, name FROM tagged_names";
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
