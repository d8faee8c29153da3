using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FaceSort.Core.Library;

/// <summary>People and which faces belong to them. Rows a user made are never changed by automatic runs.</summary>
public sealed class PeopleStore(LibraryDatabase database)
{
    /// <summary>
    /// Replaces the automatic face→person assignments with <paramref name="clusters"/> (face ids per cluster).
    /// Each cluster keeps the existing person it overlaps most (so names and numbers survive re-clustering), and a
    /// named person that would be left without faces takes back the cluster holding most of its faces from an unnamed
    /// person; the rest become new people. User assignments stay as they are. The first clustering of a library numbers
    /// people by size (Person_001 the largest); later runs keep every surviving person's number — folder names and the
    /// verbs that take them must not change meaning under the user — and number new people after them, by size. With
    /// <paramref name="embedder"/>, only faces of that model were clustered, so only their automatic rows are replaced
    /// (faces still in an old model's space keep theirs until their photos are scanned again).
    /// </summary>
    public void ReplaceAutomaticAssignments(IReadOnlyList<IReadOnlyList<long>> clusters, string? embedder = null)
    {
        using var connection = database.Connect();
        using var transaction = connection.BeginTransaction();
        var previous = ReadAssignments(connection, transaction);
        var userFaces = previous.Where(p => p.Value.Source == AssignmentSource.User).Select(p => p.Key).ToHashSet();
        var rejected = ReadRejections(connection, transaction).ToHashSet();

        // Greedy overlap matching: biggest overlaps first, each old person used once.
        var overlaps = new List<(int Cluster, long Person, int Overlap)>();
        for (var c = 0; c < clusters.Count; c++)
        {
            foreach (var group in clusters[c].Where(previous.ContainsKey).GroupBy(f => previous[f].PersonId))
                overlaps.Add((c, group.Key, group.Count()));
        }
        var personOfCluster = new long?[clusters.Count];
        var usedPeople = new HashSet<long>();
        foreach (var (cluster, person, _) in overlaps.OrderByDescending(o => o.Overlap).ThenBy(o => o.Cluster).ThenBy(o => o.Person))
        {
            if (personOfCluster[cluster] is not null || !usedPeople.Add(person)) continue;
            personOfCluster[cluster] = person;
        }
        // A name is the user's word for a group of faces: when a clusterer merges a named person into an unnamed one,
        // the cluster keeps the name rather than leave it on an empty person (the unnamed one was only a number).
        var named = ReadNamedPeople(connection, transaction);
        foreach (var (cluster, person, _) in overlaps.Where(o => named.Contains(o.Person)).OrderByDescending(o => o.Overlap).ThenBy(o => o.Cluster))
        {
            if (usedPeople.Contains(person) || personOfCluster[cluster] is not { } holder || named.Contains(holder)) continue;
            usedPeople.Remove(holder);
            usedPeople.Add(person);
            personOfCluster[cluster] = person;
        }
        var firstClustering = CountPeople(connection, transaction) == 0;

        using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = """
                DELETE FROM assignments WHERE source = 'auto'
                  AND ($embedder IS NULL OR face_id IN (SELECT id FROM faces WHERE embedder = $embedder))
                """;
            delete.Parameters.AddWithValue("$embedder", (object?)embedder ?? DBNull.Value);
            delete.ExecuteNonQuery();
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO assignments(face_id, person_id, source, assigned_at) VALUES ($f, $p, 'auto', $t)";
        var faceParameter = insert.Parameters.Add("$f", SqliteType.Integer);
        var personParameter = insert.Parameters.Add("$p", SqliteType.Integer);
        insert.Parameters.AddWithValue("$t", now);
        var created = new List<(long Id, int Size)>();
        for (var c = 0; c < clusters.Count; c++)
        {
            if (personOfCluster[c] is null) created.Add((CreatePerson(connection, transaction, now), clusters[c].Count));
            var personId = personOfCluster[c] ?? created[^1].Id;
            personParameter.Value = personId;
            foreach (var face in clusters[c])
            {
                // "Not this person" holds: such a face waits unassigned rather than rejoin the person it was taken from.
                if (userFaces.Contains(face) || rejected.Contains((face, personId))) continue;
                faceParameter.Value = face;
                insert.ExecuteNonQuery();
            }
        }

        // Automatic people left without faces are gone; named or user-made people stay even when empty.
        Run(connection, transaction, """
            DELETE FROM people WHERE source = 'auto' AND name IS NULL
              AND id NOT IN (SELECT DISTINCT person_id FROM assignments)
            """);
        if (firstClustering) Renumber(connection, transaction);
        else NumberBySize(connection, transaction, created);
        transaction.Commit();
    }

    /// <summary>
    /// Adds automatic rows for newly recognised faces and creates a person per new group, leaving every existing row
    /// alone: faces already assigned and rejected face→person pairs are skipped. New people get the next numbers.
    /// What the run decided is checked again inside this transaction, since the library may have changed while it
    /// computed (a correction made in the web app, another process's run): a face whose person was merged away or
    /// whose photo was scanned again stays unassigned, and a group whose faces all have a person by now makes no person.
    /// </summary>
    /// <returns>The ids of the people created, one per group that still had an unassigned face.</returns>
    public IReadOnlyList<long> AddAutomaticAssignments(IReadOnlyList<(long FaceId, long PersonId)> recognised, IReadOnlyList<IReadOnlyList<long>> newGroups)
    {
        using var connection = database.Connect();
        using var transaction = connection.BeginTransaction();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        // The WHERE also keeps SQLite from reading ON CONFLICT as a join clause of the SELECT (its documented parsing ambiguity).
        insert.CommandText = """
            INSERT INTO assignments(face_id, person_id, source, assigned_at)
            SELECT $f, $p, 'auto', $t WHERE NOT EXISTS (SELECT 1 FROM rejections WHERE face_id = $f AND person_id = $p)
              AND EXISTS (SELECT 1 FROM faces WHERE id = $f) AND EXISTS (SELECT 1 FROM people WHERE id = $p)
            ON CONFLICT(face_id) DO NOTHING
            """;
        var faceParameter = insert.Parameters.Add("$f", SqliteType.Integer);
        var personParameter = insert.Parameters.Add("$p", SqliteType.Integer);
        insert.Parameters.AddWithValue("$t", now);
        foreach (var (face, person) in recognised)
        {
            faceParameter.Value = face;
            personParameter.Value = person;
            insert.ExecuteNonQuery();
        }
        var created = new List<long>();
        using var drop = connection.CreateCommand();
        drop.Transaction = transaction;
        drop.CommandText = "DELETE FROM people WHERE id = $p";
        var dropped = drop.Parameters.Add("$p", SqliteType.Integer);
        foreach (var group in newGroups.Where(g => g.Count > 0))
        {
            var personId = CreatePerson(connection, transaction, now);
            personParameter.Value = personId;
            var added = 0;
            foreach (var face in group)
            {
                faceParameter.Value = face;
                added += insert.ExecuteNonQuery();
            }
            if (added > 0)
            {
                created.Add(personId);
                continue;
            }
            // Every face of the group has a person by now: a person made for it would be an empty Person_NNN.
            dropped.Value = personId;
            drop.ExecuteNonQuery();
        }
        transaction.Commit();
        return created;
    }

    /// <summary>Whether person <c>pe</c> is a run's own: made by a run, unnamed, shown, with no face a user placed and named
    /// in no "not this person".</summary>
    private const string RunsOwn = """
        (pe.source = 'auto' AND pe.name IS NULL AND pe.hidden = 0
         AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.person_id = pe.id AND a.source = 'user')
         AND NOT EXISTS (SELECT 1 FROM rejections r WHERE r.person_id = pe.id))
        """;

    /// <summary>
    /// Of <paramref name="personIds"/>: those an automatic run may fold into another person — made by a run, unnamed,
    /// shown, holding no face a user placed and named in no "not this person", so nothing a user said is about them —
    /// and those the user hid (never folded into either). One query.
    /// </summary>
    public (HashSet<long> Foldable, HashSet<long> Hidden) FoldingRoles(IReadOnlyCollection<long> personIds)
    {
        var (foldable, hidden) = (new HashSet<long>(), new HashSet<long>());
        if (personIds.Count == 0) return (foldable, hidden);
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT pe.id, pe.hidden, {RunsOwn}
            FROM people pe WHERE pe.id IN ({string.Join(',', personIds)})
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (reader.GetInt32(1) != 0) hidden.Add(reader.GetInt64(0));
            if (reader.GetInt32(2) != 0) foldable.Add(reader.GetInt64(0));
        }
        return (foldable, hidden);
    }

    /// <summary>
    /// Moves each automatic person's automatic rows into the other person (a face rejected from the target stays where
    /// it is) and removes the folded person once empty. The others keep their numbers: a run never renames a person.
    /// A fold is made only when, inside this transaction, the person folded is still a run's own (as
    /// <see cref="FoldingRoles"/> says) and the target still exists: a user may have named, hidden or merged either
    /// since the run looked.
    /// </summary>
    public void FoldAutomaticPeople(IReadOnlyList<(long From, long Into)> folds)
    {
        if (folds.Count == 0) return;
        using var connection = database.Connect();
        using var transaction = connection.BeginTransaction();
        using var move = connection.CreateCommand();
        move.Transaction = transaction;
        move.CommandText = $"""
            UPDATE assignments SET person_id = $into
            WHERE person_id = $from AND source = 'auto'
              AND NOT EXISTS (SELECT 1 FROM rejections r WHERE r.face_id = assignments.face_id AND r.person_id = $into)
              AND EXISTS (SELECT 1 FROM people WHERE id = $into)
              AND EXISTS (SELECT 1 FROM people pe WHERE pe.id = $from AND {RunsOwn})
            """;
        var from = move.Parameters.Add("$from", SqliteType.Integer);
        var into = move.Parameters.Add("$into", SqliteType.Integer);
        using var drop = connection.CreateCommand();
        drop.Transaction = transaction;
        drop.CommandText = $"DELETE FROM people WHERE id = $from AND NOT EXISTS (SELECT 1 FROM assignments WHERE person_id = $from) AND id IN (SELECT pe.id FROM people pe WHERE {RunsOwn})";
        var dropped = drop.Parameters.Add("$from", SqliteType.Integer);
        foreach (var (f, i) in folds)
        {
            (from.Value, into.Value) = (f, i);
            move.ExecuteNonQuery();
            // Only the folded person goes, and only when nothing is left in it (a face rejected from the target stays).
            dropped.Value = f;
            drop.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>The <c>meta</c> key of <see cref="MarkUpdated"/>'s mark.</summary>
    public const string UpdateMarkKey = "people_updated";

    /// <summary>
    /// Records that a scan or clustering just changed the people (<c>meta.people_updated</c>: time, process id and what
    /// ran), so an open web page hears of it even when another process did it (<c>facesort cluster</c> from cron beside
    /// <c>facesort serve</c>); corrections are known from their own log.
    /// </summary>
    public void MarkUpdated(string by)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT OR REPLACE INTO meta(key, value) VALUES ('{UpdateMarkKey}', $v)";
        command.Parameters.AddWithValue("$v", string.Create(CultureInfo.InvariantCulture,
            $"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}|{Environment.ProcessId}|{by}"));
        command.ExecuteNonQuery();
    }

    /// <summary>The process id and what ran in a mark <see cref="MarkUpdated"/> wrote; null for none or another form.</summary>
    public static (int ProcessId, string By)? ReadUpdateMark(string? mark) =>
        mark?.Split('|', 3) is [_, var pid, var by] && int.TryParse(pid, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
            ? (id, by) : null;

    /// <summary>How many people the library has (hidden ones included).</summary>
    public int Count()
    {
        using var connection = database.Connect();
        return CountPeople(connection, null);
    }

    /// <summary>The people <c>people</c> lists and an export gives a folder: not hidden, with at least one face.</summary>
    public int CountShown()
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM people pe WHERE pe.hidden = 0 AND EXISTS (SELECT 1 FROM assignments a WHERE a.person_id = pe.id)";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A photo's picture for counting a person's photos (SQL over <c>f</c>, the face, and <c>ph</c>, its photo): its
    /// bytes' hash, so byte-identical copies (Google Takeout writes each album's photos again beside the year folders)
    /// count once, as the export writes them once per person folder; the photo's id when it has no hash.
    /// </summary>
    public const string PictureKeySql = "COALESCE(ph.sha256, 'photo ' || f.photo_id)";

    /// <summary>People with face and photo counts, largest first. Faces count every file's face (each can be corrected
    /// on its own); photos count each picture once (<see cref="PictureKeySql"/>).</summary>
    public IReadOnlyList<PersonSummary> Summaries(bool includeHidden = true)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT pe.id, pe.number, pe.name, pe.hidden, pe.source,
                   COUNT(a.face_id), COUNT(DISTINCT {PictureKeySql})
            FROM people pe
            LEFT JOIN assignments a ON a.person_id = pe.id
            LEFT JOIN faces f ON f.id = a.face_id
            LEFT JOIN photos ph ON ph.id = f.photo_id
            {(includeHidden ? "" : "WHERE pe.hidden = 0")}
            GROUP BY pe.id
            ORDER BY COUNT(a.face_id) DESC, pe.number
            """;
        using var reader = command.ExecuteReader();
        var people = new List<PersonSummary>();
        while (reader.Read())
            people.Add(new PersonSummary(ReadPerson(reader), reader.GetInt32(5), reader.GetInt32(6)));
        return people;
    }

    /// <summary>Every "not this person" the user said: face id and the person it is not.</summary>
    public IReadOnlyList<(long FaceId, long PersonId)> Rejections()
    {
        using var connection = database.Connect();
        return ReadRejections(connection, null);
    }

    /// <summary>The face shown for a person, when the user chose one.</summary>
    public long? RepresentativeFace(long personId)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT representative_face_id FROM people WHERE id = $p";
        command.Parameters.AddWithValue("$p", personId);
        return command.ExecuteScalar() as long?;
    }

    private static List<(long FaceId, long PersonId)> ReadRejections(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT face_id, person_id FROM rejections";
        using var reader = command.ExecuteReader();
        var rejections = new List<(long, long)>();
        while (reader.Read()) rejections.Add((reader.GetInt64(0), reader.GetInt64(1)));
        return rejections;
    }

    /// <summary>Person id and source for every assigned face.</summary>
    public Dictionary<long, (long PersonId, AssignmentSource Source)> Assignments()
    {
        using var connection = database.Connect();
        return ReadAssignments(connection, null);
    }

    private static Dictionary<long, (long PersonId, AssignmentSource Source)> ReadAssignments(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT face_id, person_id, source FROM assignments";
        using var reader = command.ExecuteReader();
        var assignments = new Dictionary<long, (long, AssignmentSource)>();
        while (reader.Read())
            assignments[reader.GetInt64(0)] = (reader.GetInt64(1), reader.GetString(2) == "user" ? AssignmentSource.User : AssignmentSource.Auto);
        return assignments;
    }

    internal static PersonRecord ReadPerson(SqliteDataReader reader) => new(
        reader.GetInt64(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetInt32(3) != 0, reader.GetString(4) == "user" ? AssignmentSource.User : AssignmentSource.Auto);

    /// <summary>
    /// The id a new person gets: above every id the library ever gave (kept in <c>meta</c> by a trigger, schema v6), so
    /// a person removed by an undo never lends its id to the next one — an old link or a CLI id would name someone else.
    /// </summary>
    private const string NextPersonId = """
        (SELECT MAX(COALESCE((SELECT MAX(id) FROM people), 0),
                    COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'person_id_high'), 0)) + 1)
        """;

    private static long CreatePerson(SqliteConnection connection, SqliteTransaction transaction, long now) =>
        InsertPerson(connection, transaction, null, AssignmentSource.Auto, now);

    /// <summary>A new, shown person with the next free folder number and an id never given before; its id. Automatic
    /// runs and user corrections make people through this one statement.</summary>
    internal static long InsertPerson(SqliteConnection connection, SqliteTransaction transaction, string? name, AssignmentSource source, long now)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO people(id, number, name, hidden, source, created_at)
            VALUES ({NextPersonId}, (SELECT COALESCE(MAX(number), 0) + 1 FROM people), $name, 0, $source, $t) RETURNING id
            """;
        command.Parameters.AddWithValue("$name", (object?)name ?? DBNull.Value);
        command.Parameters.AddWithValue("$source", source == AssignmentSource.User ? "user" : "auto");
        command.Parameters.AddWithValue("$t", now);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The numbers <see cref="CreatePerson"/> gave the people of one run, dealt out again largest first.</summary>
    private static void NumberBySize(SqliteConnection connection, SqliteTransaction transaction, List<(long Id, int Size)> created)
    {
        if (created.Count < 2) return;
        var numbers = new List<(long Id, long Number)>();
        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = $"SELECT id, number FROM people WHERE id IN ({string.Join(',', created.Select(c => c.Id))}) ORDER BY number";
            using var reader = select.ExecuteReader();
            while (reader.Read()) numbers.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }
        var alive = numbers.Select(n => n.Id).ToHashSet();
        var bySize = created.Where(c => alive.Contains(c.Id)).OrderByDescending(c => c.Size).ThenBy(c => c.Id).ToList();
        SetNumbers(connection, transaction, [.. bySize.Select((c, i) => (c.Id, numbers[i].Number))]);
    }

    private static void SetNumbers(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<(long Id, long Number)> numbers)
    {
        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE people SET number = $n WHERE id = $id";
        var id = update.Parameters.Add("$id", SqliteType.Integer);
        var number = update.Parameters.Add("$n", SqliteType.Integer);
        foreach (var (person, value) in numbers)
        {
            id.Value = person;
            number.Value = value;
            update.ExecuteNonQuery();
        }
    }

    private static HashSet<long> ReadNamedPeople(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id FROM people WHERE name IS NOT NULL";
        using var reader = command.ExecuteReader();
        var named = new HashSet<long>();
        while (reader.Read()) named.Add(reader.GetInt64(0));
        return named;
    }

    private static int CountPeople(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM people";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Unnamed people get numbers 1, 2, … by face count, largest first, so Person_001 is the biggest.</summary>
    private static void Renumber(SqliteConnection connection, SqliteTransaction transaction)
    {
        var order = new List<long>();
        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = """
                SELECT pe.id FROM people pe LEFT JOIN assignments a ON a.person_id = pe.id
                GROUP BY pe.id ORDER BY COUNT(a.face_id) DESC, pe.id
                """;
            using var reader = select.ExecuteReader();
            while (reader.Read()) order.Add(reader.GetInt64(0));
        }
        SetNumbers(connection, transaction, [.. order.Select((person, i) => (person, (long)i + 1))]);
    }

    private static void Run(SqliteConnection connection, SqliteTransaction transaction, string sql) =>
        LibraryDatabase.Execute(connection, sql, transaction);
}
