using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace FaceSort.Core.Corrections;

/// <summary>
/// The rows an action may change — the people it names, every assignment of those people and of the faces it names,
/// and their rejections — captured before the action, so undo puts back exactly what was there. People the action
/// creates are recorded as absent, so undo removes them.
/// </summary>
internal sealed class RowSnapshot
{
    public List<PersonRow> People { get; init; } = [];
    /// <summary>The other people the captured assignments and rejections name (a moved face's old person): put back by
    /// an undo only when a run has removed them since (an automatic person left empty by the action).</summary>
    public List<PersonRow> Referenced { get; init; } = [];
    public List<long> CreatedPeople { get; init; } = [];
    public List<long> Faces { get; init; } = [];
    public List<AssignmentRow> Assignments { get; init; } = [];
    public List<RejectionRow> Rejections { get; init; } = [];

    internal sealed record PersonRow(long Id, int Number, string? Name, bool Hidden, string Source, long CreatedAt, long? RepresentativeFaceId)
    {
        /// <summary>What the user sees: the name, or the folder name Person_NNN.</summary>
        public string Label => string.IsNullOrWhiteSpace(Name) ? $"Person_{Number:000}" : Name;
    }

    internal sealed record AssignmentRow(long FaceId, long PersonId, string Source, long AssignedAt);

    internal sealed record RejectionRow(long FaceId, long PersonId, long CreatedAt);

    public static RowSnapshot Capture(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<long> personIds, IEnumerable<long> faceIds)
    {
        var people = personIds.Distinct().ToList();
        var faces = faceIds.ToHashSet();
        var snapshot = new RowSnapshot();
        foreach (var id in people)
        {
            if (ReadPerson(connection, transaction, id) is { } row) snapshot.People.Add(row);
            using var members = Command(connection, transaction, "SELECT face_id FROM assignments WHERE person_id = $id", ("$id", id));
            using var memberReader = members.ExecuteReader();
            while (memberReader.Read()) faces.Add(memberReader.GetInt64(0));
        }
        snapshot.Faces.AddRange(faces.Order());
        foreach (var face in snapshot.Faces)
        {
            using var read = Command(connection, transaction,
                "SELECT face_id, person_id, source, assigned_at FROM assignments WHERE face_id = $f", ("$f", face));
            using var reader = read.ExecuteReader();
            if (reader.Read()) snapshot.Assignments.Add(new AssignmentRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3)));
        }
        var seen = new HashSet<(long, long)>();
        foreach (var (column, ids) in new[] { ("person_id", (IEnumerable<long>)people), ("face_id", snapshot.Faces) })
        {
            foreach (var id in ids)
            {
                using var read = Command(connection, transaction, $"SELECT face_id, person_id, created_at FROM rejections WHERE {column} = $id", ("$id", id));
                using var reader = read.ExecuteReader();
                while (reader.Read())
                    if (seen.Add((reader.GetInt64(0), reader.GetInt64(1))))
                        snapshot.Rejections.Add(new RejectionRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }
        var named = people.ToHashSet();
        foreach (var id in snapshot.Assignments.Select(a => a.PersonId).Concat(snapshot.Rejections.Select(r => r.PersonId)).Distinct())
            if (!named.Contains(id) && ReadPerson(connection, transaction, id) is { } row) snapshot.Referenced.Add(row);
        snapshot.PeopleIds = people;
        return snapshot;
    }

    private static PersonRow? ReadPerson(SqliteConnection connection, SqliteTransaction transaction, long id)
    {
        using var read = Command(connection, transaction,
            "SELECT id, number, name, hidden, source, created_at, representative_face_id FROM people WHERE id = $id", ("$id", id));
        using var reader = read.ExecuteReader();
        return reader.Read()
            ? new PersonRow(reader.GetInt64(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetInt32(3) != 0, reader.GetString(4), reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetInt64(6))
            : null;
    }

    /// <summary>Every person id whose rows this snapshot covers (existing before or created by the action).</summary>
    public List<long> PeopleIds { get; set; } = [];

    /// <summary>
    /// Puts back the captured rows and removes what the action added among them. The library may have changed since the
    /// action in ways no undo takes back: a run removed a person the action left empty (put back, from
    /// <see cref="Referenced"/>), a scan removed a face (its rows and its place as a representative stay gone), and a
    /// person put back whose folder number a newer person has taken gets the next free one.
    /// </summary>
    public void Restore(SqliteConnection connection, SqliteTransaction transaction)
    {
        // A person the action took away left its folder number free, and a run since may have given it to a new person
        // (numbers are the next free one): the person brought back then takes the next free number, so no two people
        // share a folder name and the run's person keeps its folder.
        foreach (var p in People)
        {
            using var upsert = Command(connection, transaction, $"""
                INSERT INTO people(id, number, name, hidden, source, created_at, representative_face_id)
                VALUES ($id, {FreeNumber}, $name, $h, $s, $c, (SELECT id FROM faces WHERE id = $r))
                ON CONFLICT(id) DO UPDATE SET number = excluded.number, name = $name, hidden = $h, source = $s, created_at = $c,
                    representative_face_id = (SELECT id FROM faces WHERE id = $r)
                """, ("$id", p.Id), ("$n", p.Number), ("$name", p.Name), ("$h", p.Hidden ? 1 : 0), ("$s", p.Source), ("$c", p.CreatedAt),
                ("$r", p.RepresentativeFaceId));
            upsert.ExecuteNonQuery();
        }
        foreach (var p in Referenced)
            Execute(connection, transaction, $"""
                INSERT INTO people(id, number, name, hidden, source, created_at, representative_face_id)
                VALUES ($id, {FreeNumber}, $name, $h, $s, $c, (SELECT id FROM faces WHERE id = $r))
                ON CONFLICT(id) DO NOTHING
                """, ("$id", p.Id), ("$n", p.Number), ("$name", p.Name), ("$h", p.Hidden ? 1 : 0), ("$s", p.Source), ("$c", p.CreatedAt),
                ("$r", p.RepresentativeFaceId));
        foreach (var face in Faces)
            Execute(connection, transaction, "DELETE FROM assignments WHERE face_id = $f", ("$f", face));
        // The action wrote rows for the snapshot's faces only (all faces it touches are named). Its people, old or created
        // by it, may have been given more faces since by a clustering run: those automatic rows are not the action's and
        // stay. Removing them (as until 2026-12-01) left a year's new faces of a person in none after undoing a move made
        // before the year was scanned, and the next run, which looks at new faces only, did not place them again.
        foreach (var person in CreatedPeople.Concat(PeopleIds))
            Execute(connection, transaction, "DELETE FROM assignments WHERE person_id = $p AND source = 'user'", ("$p", person));
        foreach (var person in CreatedPeople.Concat(PeopleIds))
            Execute(connection, transaction, "DELETE FROM rejections WHERE person_id = $p", ("$p", person));
        foreach (var face in Faces)
            Execute(connection, transaction, "DELETE FROM rejections WHERE face_id = $f", ("$f", face));
        // Only rows whose face and person are there: a face a scan removed since, or a person a run removed that a
        // snapshot written before Referenced existed cannot put back, made the whole undo fail on a foreign key, and
        // every undo after it (undo goes newest first).
        foreach (var a in Assignments)
            Execute(connection, transaction, $"INSERT INTO assignments(face_id, person_id, source, assigned_at) SELECT $f, $p, $s, $t WHERE {BothThere}",
                ("$f", a.FaceId), ("$p", a.PersonId), ("$s", a.Source), ("$t", a.AssignedAt));
        foreach (var r in Rejections)
            Execute(connection, transaction, $"INSERT OR IGNORE INTO rejections(face_id, person_id, created_at) SELECT $f, $p, $t WHERE {BothThere}",
                ("$f", r.FaceId), ("$p", r.PersonId), ("$t", r.CreatedAt));
        // A created person left with faces a run put there becomes an unnamed automatic person: removed, its faces fell out
        // of every person and waited for the next full run (undoing the names read from photos' tags emptied Penny's 8
        // faces where 2 had been named).
        foreach (var created in CreatedPeople)
        {
            Execute(connection, transaction, """
                UPDATE people SET name = NULL, source = 'auto', hidden = 0, representative_face_id = NULL
                WHERE id = $p AND EXISTS (SELECT 1 FROM assignments WHERE person_id = $p)
                """, ("$p", created));
            Execute(connection, transaction, "DELETE FROM people WHERE id = $p AND NOT EXISTS (SELECT 1 FROM assignments WHERE person_id = $p)", ("$p", created));
        }
    }

    /// <summary>A person's number <c>$n</c> when no other person has it, else the next free one (SQL).</summary>
    private const string FreeNumber = "(SELECT CASE WHEN EXISTS (SELECT 1 FROM people WHERE number = $n AND id <> $id) THEN MAX(number) + 1 ELSE $n END FROM people)";

    /// <summary>Face <c>$f</c> and person <c>$p</c> both exist (SQL).</summary>
    private const string BothThere = "EXISTS (SELECT 1 FROM faces WHERE id = $f) AND EXISTS (SELECT 1 FROM people WHERE id = $p)";

    public string ToJson() => JsonSerializer.Serialize(this);

    public static RowSnapshot FromJson(string json) =>
        JsonSerializer.Deserialize<RowSnapshot>(json) ?? throw new InvalidDataException("empty correction snapshot");

    internal static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
