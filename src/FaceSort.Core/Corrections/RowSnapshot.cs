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
            using var read = Command(connection, transaction,
                "SELECT id, number, name, hidden, source, created_at, representative_face_id FROM people WHERE id = $id", ("$id", id));
            using (var reader = read.ExecuteReader())
            {
                if (reader.Read())
                    snapshot.People.Add(new PersonRow(reader.GetInt64(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                        reader.GetInt32(3) != 0, reader.GetString(4), reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetInt64(6)));
            }
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
        snapshot.PeopleIds = people;
        return snapshot;
    }

    /// <summary>Every person id whose rows this snapshot covers (existing before or created by the action).</summary>
    public List<long> PeopleIds { get; set; } = [];

    /// <summary>Puts back the captured rows and removes what the action added among them.</summary>
    public void Restore(SqliteConnection connection, SqliteTransaction transaction)
    {
        // A person the action took away left its folder number free, and a run since may have given it to a new person
        // (numbers are the next free one): the person brought back then takes the next free number, so no two people
        // share a folder name and the run's person keeps its folder.
        foreach (var p in People)
        {
            using var upsert = Command(connection, transaction, """
                INSERT INTO people(id, number, name, hidden, source, created_at, representative_face_id)
                VALUES ($id, CASE WHEN EXISTS (SELECT 1 FROM people WHERE number = $n AND id <> $id)
                                  THEN (SELECT MAX(number) + 1 FROM people) ELSE $n END, $name, $h, $s, $c, $r)
                ON CONFLICT(id) DO UPDATE SET number = excluded.number, name = $name, hidden = $h, source = $s, created_at = $c, representative_face_id = $r
                """, ("$id", p.Id), ("$n", p.Number), ("$name", p.Name), ("$h", p.Hidden ? 1 : 0), ("$s", p.Source), ("$c", p.CreatedAt),
                ("$r", p.RepresentativeFaceId));
            upsert.ExecuteNonQuery();
        }
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
        foreach (var a in Assignments)
            Execute(connection, transaction, "INSERT INTO assignments(face_id, person_id, source, assigned_at) VALUES ($f, $p, $s, $t)",
                ("$f", a.FaceId), ("$p", a.PersonId), ("$s", a.Source), ("$t", a.AssignedAt));
        foreach (var r in Rejections)
            Execute(connection, transaction, "INSERT OR IGNORE INTO rejections(face_id, person_id, created_at) VALUES ($f, $p, $t)",
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
