using FaceSort.Core.Library;
using Microsoft.Data.Sqlite;
using static FaceSort.Core.Corrections.RowSnapshot;

namespace FaceSort.Core.Corrections;

/// <summary>
/// The user's corrections. Each action runs in one transaction, writes user rows (which automatic runs never change),
/// and is logged with its time and the rows it changed, so <see cref="Undo()"/> restores exactly the state before it.
/// "Not this person" is kept as a face→person rejection that clustering and automatic assignment honour.
/// Unknown person ids throw <see cref="ArgumentException"/>; per-face problems are <see cref="ItemOutcome.Failed"/> items.
/// </summary>
public sealed class CorrectionService(LibraryDatabase database, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Gives a person a name (null or blank clears it). The person becomes user-made, so it is never removed automatically.</summary>
    public CorrectionResult Rename(long personId, string? name)
    {
        var clean = CleanName(name);
        return Run(CorrectionKind.Rename, [personId], [], (c, t, log) =>
        {
            var person = RequirePerson(c, t, personId);
            if (clean is not null && AutomaticNumber(clean) is { } number && number != person.Number)
            {
                // Person_NNN is how an unnamed person's folder is named (and the next new person takes the next free
                // number): as a given name it would make "Person_002" mean two people.
                using var owner = Command(c, t, "SELECT id FROM people WHERE number = $n AND id <> $id", ("$n", number), ("$id", personId));
                throw new ArgumentException(owner.ExecuteScalar() is long other
                    ? $"'{clean}' is the folder name of person id {other}; choose another name"
                    : $"'{clean}' is the form of an unnamed person's folder name (Person_NNN); choose another name");
            }
            if (clean is not null)
            {
                using var taken = Command(c, t, """
                    SELECT p.id, EXISTS (SELECT 1 FROM assignments a WHERE a.person_id = p.id)
                    FROM people p WHERE p.name = $n COLLATE NOCASE AND p.id <> $id
                    """, ("$n", clean), ("$id", personId));
                using var holder = taken.ExecuteReader();
                if (holder.Read())
                {
                    // A person whose faces were all moved away keeps its name for Undo but is listed nowhere: saying only
                    // "merge the two people" pointed at someone the user cannot see.
                    var other = holder.GetInt64(0);
                    throw new ArgumentException(holder.GetBoolean(1)
                        ? $"the name '{clean}' is already person id {other}; merge the two people instead"
                        : $"the name '{clean}' is kept by person id {other}, who has no faces left (all moved away, so not listed); "
                          + "merge that person into this one to give it the name, or undo the moves");
                }
            }
            if (person.Name == clean && person.Source == "user") return (personId, [new ItemResult(personId, ItemOutcome.Skipped, "already so named")]);
            Execute(c, t, "UPDATE people SET name = $n, source = 'user' WHERE id = $id", ("$n", clean), ("$id", personId));
            log.Summary = clean is null ? $"cleared the name of {person.Label}" : $"named {person.Label} '{clean}'";
            return (personId, [new ItemResult(personId, ItemOutcome.Done)]);
        });
    }

    /// <summary>NNN when <paramref name="name"/> is Person_NNN, the automatic folder name, any case; else null.</summary>
    private static int? AutomaticNumber(string name) =>
        name.StartsWith("Person_", StringComparison.OrdinalIgnoreCase) && name.Length > 7 && name.Length < 17 && name[7..].All(char.IsAsciiDigit)
            ? int.Parse(name[7..], System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>Moves every face of <paramref name="others"/> into <paramref name="targetId"/> as user rows (the target's own faces
    /// become user rows too) and removes the others.
    /// The target keeps its name; an unnamed target takes the first other's name.</summary>
    public CorrectionResult Merge(long targetId, IReadOnlyList<long> others) =>
        Run(CorrectionKind.Merge, [targetId, .. others], [], (c, t, log) =>
        {
            var target = RequirePerson(c, t, targetId);
            var name = target.Name;
            var items = new List<ItemResult>();
            var merged = new List<string>();
            foreach (var otherId in others.Distinct())
            {
                if (otherId == targetId) { items.Add(new ItemResult(otherId, ItemOutcome.Skipped, "is the target")); continue; }
                var other = RequirePerson(c, t, otherId);
                merged.Add(other.Label);
                name ??= other.Name;
                Execute(c, t, "UPDATE assignments SET person_id = $t, source = 'user', assigned_at = $now WHERE person_id = $o",
                    ("$t", targetId), ("$o", otherId), ("$now", Now));
                // A face rejected from either person is rejected from the merged one.
                Execute(c, t, "INSERT OR IGNORE INTO rejections(face_id, person_id, created_at) SELECT face_id, $t, created_at FROM rejections WHERE person_id = $o",
                    ("$t", targetId), ("$o", otherId));
                Execute(c, t, "UPDATE people SET representative_face_id = COALESCE(representative_face_id, $r) WHERE id = $t",
                    ("$r", other.RepresentativeFaceId), ("$t", targetId));
                Execute(c, t, "DELETE FROM people WHERE id = $o", ("$o", otherId));
                items.Add(new ItemResult(otherId, ItemOutcome.Done));
            }
            // The user looked at both and said "one person": the target's own faces are confirmed with the merged ones.
            Execute(c, t, "UPDATE assignments SET source = 'user', assigned_at = $now WHERE person_id = $t AND source = 'auto'", ("$t", targetId), ("$now", Now));
            // The user put these faces together: a rejection of one of them from the target no longer stands.
            Execute(c, t, "DELETE FROM rejections WHERE person_id = $t AND face_id IN (SELECT face_id FROM assignments WHERE person_id = $t AND source = 'user')", ("$t", targetId));
            Execute(c, t, "UPDATE people SET name = $n, source = 'user' WHERE id = $t", ("$n", name), ("$t", targetId));
            log.Summary = $"merged {string.Join(", ", merged)} into {RequirePerson(c, t, targetId).Label}";
            return (targetId, items);
        });

    /// <summary>Puts faces into a person (a new user-made person when <paramref name="personId"/> is null) as user rows.</summary>
    public CorrectionResult MoveFaces(IReadOnlyList<long> faceIds, long? personId, string? newPersonName = null) =>
        Run(CorrectionKind.Move, personId is null ? [] : [personId.Value], faceIds, (c, t, log) =>
        {
            var target = personId is null ? (long?)null : RequirePerson(c, t, personId.Value).Id;
            var items = new List<ItemResult>();
            foreach (var face in faceIds.Distinct())
            {
                if (!FaceExists(c, t, face)) { items.Add(new ItemResult(face, ItemOutcome.Failed, "no such face")); continue; }
                var current = AssignmentOf(c, t, face);
                if (target is not null && current is { } a && a.PersonId == target && a.Source == "user")
                {
                    items.Add(new ItemResult(face, ItemOutcome.Skipped, "already there"));
                    continue;
                }
                target ??= CreatePerson(c, t, log, newPersonName);
                Assign(c, t, face, target.Value);
                items.Add(new ItemResult(face, ItemOutcome.Done));
            }
            log.Summary = target is null ? "moved no face" : $"moved {Faces(items)} to {RequirePerson(c, t, target.Value).Label}";
            return (target, items);
        });

    /// <summary>
    /// Puts each face in the person of its name, as user rows: the person of that name (any case), else a new person
    /// named so. What another program's users named in their photos (<see cref="TaggedNameImport"/>); one entry in the
    /// history, undone as one. A name FaceSort would refuse as a person's name (too long, control characters, the
    /// Person_NNN form) leaves its faces as they are.
    /// </summary>
    /// <param name="personOfName">The person each of some names goes to although not so named: the person already holding
    /// most of that name's faces (<see cref="TaggedNameImport"/>). An unnamed one takes the name; one the user named
    /// otherwise keeps the user's name.</param>
    public CorrectionResult NameFromTags(IReadOnlyList<(long FaceId, string Name)> named, IReadOnlyDictionary<string, long>? personOfName = null)
    {
        var people = PersonIdsNamed(named.Select(n => n.Name));
        foreach (var (name, person) in personOfName ?? new Dictionary<string, long>()) people.TryAdd(name.Trim(), person);
        return Run(CorrectionKind.NameFromTags, [.. people.Values.Distinct()], [.. named.Select(n => n.FaceId).Distinct()], (c, t, log) =>
        {
            var items = new List<ItemResult>();
            var personOf = new Dictionary<string, long>(people, StringComparer.OrdinalIgnoreCase);
            var renamed = new List<string>();
            foreach (var (name, person) in personOfName ?? new Dictionary<string, long>())
            {
                string? clean;
                try
                {
                    clean = CleanName(name);
                }
                catch (ArgumentException)
                {
                    personOf.Remove(name.Trim());
                    continue;
                }
                var row = RequirePerson(c, t, person);
                if (clean is null || row.Name is not null) continue;
                if (AutomaticNumber(clean) is not null)
                {
                    personOf.Remove(name.Trim());
                    continue;
                }
                Execute(c, t, "UPDATE people SET name = $n, source = 'user' WHERE id = $id", ("$n", clean), ("$id", person));
                renamed.Add($"{row.Label} '{clean}'");
            }
            foreach (var (face, name) in named)
            {
                string? clean;
                try
                {
                    clean = CleanName(name);
                }
                catch (ArgumentException e)
                {
                    items.Add(new ItemResult(face, ItemOutcome.Failed, e.Message));
                    continue;
                }
                if (clean is null || AutomaticNumber(clean) is not null)
                {
                    items.Add(new ItemResult(face, ItemOutcome.Failed, $"'{name}' is not a name FaceSort gives"));
                    continue;
                }
                if (!FaceExists(c, t, face)) { items.Add(new ItemResult(face, ItemOutcome.Failed, "no such face")); continue; }
                if (!personOf.TryGetValue(clean, out var person)) personOf[clean] = person = CreatePerson(c, t, log, clean);
                if (AssignmentOf(c, t, face) is { } a && a.PersonId == person && a.Source == "user")
                {
                    items.Add(new ItemResult(face, ItemOutcome.Skipped, "already there"));
                    continue;
                }
                Assign(c, t, face, person);
                items.Add(new ItemResult(face, ItemOutcome.Done));
            }
            var names = named.Where((_, i) => items[i].Outcome == ItemOutcome.Done).Select(n => n.Name.Trim())
                .GroupBy(n => n, StringComparer.OrdinalIgnoreCase).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Count() == 1 ? g.Key : $"{g.Key} ×{g.Count()}").ToList();
            log.Summary = $"named {Faces(items)} as the photos' own tags name them: {string.Join(", ", names.Take(8))}{(names.Count > 8 ? ", …" : "")}"
                + (renamed.Count == 0 ? "" : $"; named {string.Join(", ", renamed.Take(8))}{(renamed.Count > 8 ? ", …" : "")}");
            return (null, items);
        });
    }

    /// <summary>The people holding each of <paramref name="names"/> now, by name in any case.</summary>
    private Dictionary<string, long> PersonIdsNamed(IEnumerable<string> names)
    {
        var wanted = names.Select(n => n.Trim()).Where(n => n.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var found = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        using var connection = database.Connect();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT id, name FROM people WHERE name IS NOT NULL ORDER BY id";
        using var reader = read.ExecuteReader();
        while (reader.Read())
            if (wanted.Contains(reader.GetString(1))) found.TryAdd(reader.GetString(1), reader.GetInt64(0));
        return found;
    }

    /// <summary>"Not this person": each face leaves <paramref name="personId"/> (if it was there) and may never be assigned to it automatically.</summary>
    public CorrectionResult RejectFaces(IReadOnlyList<long> faceIds, long personId) =>
        Run(CorrectionKind.Reject, [personId], faceIds, (c, t, log) =>
        {
            var person = RequirePerson(c, t, personId);
            var items = new List<ItemResult>();
            foreach (var face in faceIds.Distinct())
            {
                if (!FaceExists(c, t, face)) { items.Add(new ItemResult(face, ItemOutcome.Failed, "no such face")); continue; }
                var current = AssignmentOf(c, t, face);
                using var exists = Command(c, t, "SELECT 1 FROM rejections WHERE face_id = $f AND person_id = $p", ("$f", face), ("$p", personId));
                if (exists.ExecuteScalar() is not null && current?.PersonId != personId)
                {
                    items.Add(new ItemResult(face, ItemOutcome.Skipped, "already rejected"));
                    continue;
                }
                if (current?.PersonId == personId) Execute(c, t, "DELETE FROM assignments WHERE face_id = $f", ("$f", face));
                AddRejection(c, t, face, personId);
                items.Add(new ItemResult(face, ItemOutcome.Done));
            }
            log.Summary = $"{Faces(items)} not {person.Label}";
            return (personId, items);
        });

    /// <summary>Takes faces out of a person into a new user-made person; they are also rejected from the old one, so they never drift back.</summary>
    public CorrectionResult Split(long personId, IReadOnlyList<long> faceIds, string? newPersonName = null) =>
        Run(CorrectionKind.Split, [personId], faceIds, (c, t, log) =>
        {
            var person = RequirePerson(c, t, personId);
            var items = new List<ItemResult>();
            long? created = null;
            foreach (var face in faceIds.Distinct())
            {
                if (AssignmentOf(c, t, face)?.PersonId != personId) { items.Add(new ItemResult(face, ItemOutcome.Failed, $"not a face of {person.Label}")); continue; }
                created ??= CreatePerson(c, t, log, newPersonName);
                Assign(c, t, face, created.Value);
                AddRejection(c, t, face, personId);
                items.Add(new ItemResult(face, ItemOutcome.Done));
            }
            log.Summary = created is null ? "split nothing" : $"split {Faces(items)} from {person.Label} into {RequirePerson(c, t, created.Value).Label}";
            return (created, items);
        });

    public CorrectionResult Hide(long personId) => SetHidden(personId, true);

    public CorrectionResult Unhide(long personId) => SetHidden(personId, false);

    /// <summary>
    /// Hides every visible person with fewer than <paramref name="minFaces"/> faces, as one correction: one Undo shows
    /// them all again. The people are those small when called; nothing is logged when there are none.
    /// </summary>
    public CorrectionResult HideSmallerThan(int minFaces)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minFaces, 1);
        var small = new List<long>();
        using (var connection = database.Connect())
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT pe.id FROM people pe LEFT JOIN assignments a ON a.person_id = pe.id "
                + "WHERE pe.hidden = 0 GROUP BY pe.id HAVING COUNT(a.face_id) < $m ORDER BY pe.id";
            read.Parameters.AddWithValue("$m", minFaces);
            using var reader = read.ExecuteReader();
            while (reader.Read()) small.Add(reader.GetInt64(0));
        }
        return Run(CorrectionKind.Hide, small, [], (c, t, log) =>
        {
            foreach (var id in small) Execute(c, t, "UPDATE people SET hidden = 1, source = 'user' WHERE id = $p", ("$p", id));
            log.Summary = $"hid {small.Count} people with fewer than {minFaces} faces";
            return (null, [.. small.Select(id => new ItemResult(id, ItemOutcome.Done))]);
        });
    }

    /// <summary>Makes every automatic face of a person a user row, and the person user-made.</summary>
    public CorrectionResult ConfirmPerson(long personId) =>
        Run(CorrectionKind.Confirm, [personId], [], (c, t, log) =>
        {
            var person = RequirePerson(c, t, personId);
            using var update = Command(c, t, "UPDATE assignments SET source = 'user', assigned_at = $now WHERE person_id = $p AND source = 'auto'",
                ("$p", personId), ("$now", Now));
            var count = update.ExecuteNonQuery();
            Execute(c, t, "UPDATE people SET source = 'user' WHERE id = $p", ("$p", personId));
            log.Summary = $"confirmed {person.Label} ({count} faces)";
            return (personId, [new ItemResult(personId, ItemOutcome.Done)]);
        });

    /// <summary>Makes the current assignment of each face a user row.</summary>
    public CorrectionResult ConfirmFaces(IReadOnlyList<long> faceIds) =>
        Run(CorrectionKind.Confirm, [], faceIds, (c, t, log) =>
        {
            var items = new List<ItemResult>();
            foreach (var face in faceIds.Distinct())
            {
                var current = AssignmentOf(c, t, face);
                if (current is null) { items.Add(new ItemResult(face, ItemOutcome.Failed, "face is not assigned to anyone")); continue; }
                if (current.Value.Source == "user") { items.Add(new ItemResult(face, ItemOutcome.Skipped, "already confirmed")); continue; }
                Assign(c, t, face, current.Value.PersonId);
                items.Add(new ItemResult(face, ItemOutcome.Done));
            }
            log.Summary = $"confirmed faces {Ids(items)}";
            return (null, items);
        });

    /// <summary>Chooses the face shown for a person; it must be one of the person's faces.</summary>
    public CorrectionResult SetRepresentative(long personId, long faceId) =>
        Run(CorrectionKind.SetRepresentative, [personId], [], (c, t, log) =>
        {
            var person = RequirePerson(c, t, personId);
            if (AssignmentOf(c, t, faceId)?.PersonId != personId)
                return (personId, [new ItemResult(faceId, ItemOutcome.Failed, $"not a face of {person.Label}")]);
            Execute(c, t, "UPDATE people SET representative_face_id = $f WHERE id = $p", ("$f", faceId), ("$p", personId));
            log.Summary = $"face {faceId} represents {person.Label}";
            return (personId, [new ItemResult(faceId, ItemOutcome.Done)]);
        });

    /// <summary>A photo filed under the wrong person: its face in <paramref name="fromPersonId"/> moves to <paramref name="toPersonId"/>.</summary>
    public CorrectionResult MovePhoto(long photoId, long fromPersonId, long toPersonId)
    {
        long? face;
        using (var connection = database.Connect())
        using (var find = connection.CreateCommand())
        {
            find.CommandText = "SELECT f.id FROM faces f JOIN assignments a ON a.face_id = f.id WHERE f.photo_id = $ph AND a.person_id = $p ORDER BY f.face_index LIMIT 1";
            find.Parameters.AddWithValue("$ph", photoId);
            find.Parameters.AddWithValue("$p", fromPersonId);
            face = find.ExecuteScalar() as long?;
        }
        if (face is null)
            return new CorrectionResult(0, CorrectionKind.MovePhoto, toPersonId, [new ItemResult(photoId, ItemOutcome.Failed, $"photo {photoId} has no face of person {fromPersonId}")], "nothing moved");
        var moved = MoveFaces([face.Value], toPersonId);
        return moved with { Kind = CorrectionKind.MovePhoto };
    }

    /// <summary>Undoes the last action not yet undone (call again for the one before). Null when there is nothing to undo.</summary>
    public CorrectionEntry? Undo() => Undo(null).Undone;

    /// <summary>
    /// Undoes the last action not yet undone, if it is <paramref name="expectedId"/> (any, when null). Undo takes actions
    /// back newest first, and two people on one library each mean their own last action: one made elsewhere since is
    /// left alone and returned as <see cref="UndoResult.Newest"/>, so the caller can say what it is instead of taking it back.
    /// </summary>
    public UndoResult Undo(long? expectedId)
    {
        using var connection = database.Connect();
        using var transaction = connection.BeginTransaction();
        CorrectionEntry? entry = null;
        string? before = null;
        using (var last = Command(connection, transaction, "SELECT id, at, kind, summary, before FROM corrections WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1"))
        using (var reader = last.ExecuteReader())
        {
            if (reader.Read())
            {
                entry = new CorrectionEntry(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    Enum.Parse<CorrectionKind>(reader.GetString(2)), reader.GetString(3), null);
                before = reader.GetString(4);
            }
        }
        if (expectedId is { } expected && entry?.Id != expected)
            return new UndoResult(null, entry, EntryById(connection, transaction, expected));
        if (entry is null) return new UndoResult(null, null);
        FromJson(before!).Restore(connection, transaction);
        var now = Now;
        Execute(connection, transaction, "UPDATE corrections SET undone_at = $t WHERE id = $id", ("$t", now), ("$id", entry.Id));
        transaction.Commit();
        return new UndoResult(entry with { UndoneAt = DateTimeOffset.FromUnixTimeMilliseconds(now) }, null);
    }

    /// <summary>The most recent actions first, undone ones included (with the time they were undone).</summary>
    public IReadOnlyList<CorrectionEntry> History(int limit = 50)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, at, kind, summary, undone_at FROM corrections ORDER BY id DESC LIMIT $n";
        command.Parameters.AddWithValue("$n", limit);
        using var reader = command.ExecuteReader();
        var entries = new List<CorrectionEntry>();
        while (reader.Read()) entries.Add(ReadEntry(reader));
        return entries;
    }

    private static CorrectionEntry? EntryById(SqliteConnection connection, SqliteTransaction transaction, long id)
    {
        using var command = Command(connection, transaction, "SELECT id, at, kind, summary, undone_at FROM corrections WHERE id = $id", ("$id", id));
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadEntry(reader) : null;
    }

    private static CorrectionEntry ReadEntry(SqliteDataReader reader) =>
        new(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), Enum.Parse<CorrectionKind>(reader.GetString(2)),
            reader.GetString(3), reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)));

    private long Now => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    private sealed class LogEntry
    {
        public string Summary { get; set; } = "";
        public List<long> CreatedPeople { get; } = [];
    }

    private delegate (long? PersonId, IReadOnlyList<ItemResult> Items) ActionBody(SqliteConnection connection, SqliteTransaction transaction, LogEntry log);

    /// <summary>Runs one action in a transaction: snapshot, change, log (only when something was done).</summary>
    private CorrectionResult Run(CorrectionKind kind, IReadOnlyList<long> people, IReadOnlyList<long> faces, ActionBody body)
    {
        using var connection = database.Connect();
        using var transaction = connection.BeginTransaction();
        var snapshot = Capture(connection, transaction, people, faces);
        var log = new LogEntry();
        var (personId, items) = body(connection, transaction, log);
        if (!items.Any(i => i.Outcome == ItemOutcome.Done))
        {
            transaction.Rollback();
            return new CorrectionResult(0, kind, personId, items, "nothing changed");
        }
        snapshot.CreatedPeople.AddRange(log.CreatedPeople);
        using var insert = Command(connection, transaction,
            "INSERT INTO corrections(at, kind, summary, before) VALUES ($t, $k, $s, $b) RETURNING id",
            ("$t", Now), ("$k", kind.ToString()), ("$s", log.Summary), ("$b", snapshot.ToJson()));
        var id = (long)insert.ExecuteScalar()!;
        transaction.Commit();
        return new CorrectionResult(id, kind, personId, items, log.Summary);
    }

    private CorrectionResult SetHidden(long personId, bool hidden) =>
        Run(hidden ? CorrectionKind.Hide : CorrectionKind.Unhide, [personId], [], (c, t, log) =>
        {
            var person = RequirePerson(c, t, personId);
            if (person.Hidden == hidden) return (personId, [new ItemResult(personId, ItemOutcome.Skipped, hidden ? "already hidden" : "not hidden")]);
            Execute(c, t, "UPDATE people SET hidden = $h, source = 'user' WHERE id = $p", ("$h", hidden ? 1 : 0), ("$p", personId));
            log.Summary = $"{(hidden ? "hid" : "showed")} {person.Label}";
            return (personId, [new ItemResult(personId, ItemOutcome.Done)]);
        });

    private static PersonRow RequirePerson(SqliteConnection c, SqliteTransaction t, long personId)
    {
        using var read = Command(c, t, "SELECT id, number, name, hidden, source, created_at, representative_face_id FROM people WHERE id = $id", ("$id", personId));
        using var reader = read.ExecuteReader();
        if (!reader.Read())
        {
            // Ids are never given twice, so an id given before names a person merged away or undone since it was listed:
            // two people on one library, one page drawn before the other's merge.
            using var high = Command(c, t, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'person_id_high'");
            throw new ArgumentException(high.ExecuteScalar() is long given && personId > 0 && personId <= given
                ? $"person {personId} is no longer there: merged into another person or undone since it was listed (in another tab, or by someone else)"
                : $"no person with id {personId}", nameof(personId));
        }
        return new PersonRow(reader.GetInt64(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt32(3) != 0,
            reader.GetString(4), reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetInt64(6));
    }

    private static bool FaceExists(SqliteConnection c, SqliteTransaction t, long faceId)
    {
        using var read = Command(c, t, "SELECT 1 FROM faces WHERE id = $f", ("$f", faceId));
        return read.ExecuteScalar() is not null;
    }

    private static (long PersonId, string Source)? AssignmentOf(SqliteConnection c, SqliteTransaction t, long faceId)
    {
        using var read = Command(c, t, "SELECT person_id, source FROM assignments WHERE face_id = $f", ("$f", faceId));
        using var reader = read.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    private void Assign(SqliteConnection c, SqliteTransaction t, long faceId, long personId)
    {
        Execute(c, t, """
            INSERT INTO assignments(face_id, person_id, source, assigned_at) VALUES ($f, $p, 'user', $now)
            ON CONFLICT(face_id) DO UPDATE SET person_id = $p, source = 'user', assigned_at = $now
            """, ("$f", faceId), ("$p", personId), ("$now", Now));
        // The user put the face here: an earlier "not this person" for this pair no longer stands.
        Execute(c, t, "DELETE FROM rejections WHERE face_id = $f AND person_id = $p", ("$f", faceId), ("$p", personId));
    }

    private void AddRejection(SqliteConnection c, SqliteTransaction t, long faceId, long personId) =>
        Execute(c, t, "INSERT OR IGNORE INTO rejections(face_id, person_id, created_at) VALUES ($f, $p, $now)", ("$f", faceId), ("$p", personId), ("$now", Now));

    /// <summary>Longest name a person may have: a name is a folder name and a card label, not a note.</summary>
    public const int MaxNameLength = 200;

    /// <summary>
    /// The name as stored: trimmed, null when blank. Refused: longer than <see cref="MaxNameLength"/>, or holding
    /// control or invisible formatting characters (a zero-width space made a second "Sheldon" that looked the same).
    /// </summary>
    private static string? CleanName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var clean = name.Trim();
        if (clean.Length > MaxNameLength) throw new ArgumentException($"a name has at most {MaxNameLength} characters ({clean.Length} given)");
        foreach (var c in clean)
            if (char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
                throw new ArgumentException($"a name cannot hold control or invisible characters (U+{(int)c:X4})");
        return clean;
    }

    private long CreatePerson(SqliteConnection c, SqliteTransaction t, LogEntry log, string? name)
    {
        var id = PeopleStore.InsertPerson(c, t, CleanName(name), AssignmentSource.User, Now);
        log.CreatedPeople.Add(id);
        return id;
    }

    private static string Ids(IEnumerable<ItemResult> items) =>
        string.Join(", ", items.Where(i => i.Outcome == ItemOutcome.Done).Select(i => i.Id));

    /// <summary>"face 17" or "2 faces (17, 19)": what the history and the undo note show.</summary>
    private static string Faces(IEnumerable<ItemResult> items)
    {
        var done = items.Where(i => i.Outcome == ItemOutcome.Done).Select(i => i.Id).ToList();
        return done.Count == 1 ? $"face {done[0]}" : $"{done.Count} faces ({string.Join(", ", done)})";
    }
}
