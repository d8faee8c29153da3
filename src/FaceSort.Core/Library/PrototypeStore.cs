using System.Globalization;
using FaceSort.Core.Recognition;
using Microsoft.Data.Sqlite;

namespace FaceSort.Core.Library;

/// <summary>
/// Cached prototype embeddings per person, and what an incremental run reads instead of the whole library: the
/// faces no one has, and the embeddings of only those people whose faces changed since their prototypes were built.
/// </summary>
public sealed class PrototypeStore(LibraryDatabase database)
{
    /// <summary>Faces with ids up to this were already offered to recognition; later ids are new. A face stored under an
    /// id at or below it (SQLite gives the highest id again once its face is deleted) lowers it (<see cref="ScanWriter"/>).</summary>
    public long RecognizedThrough() => ReadCount(RecognizedThroughKey);

    public void SetRecognizedThrough(long faceId) => WriteCount(RecognizedThroughKey, faceId);

    /// <summary>The <c>meta</c> key of <see cref="RecognizedThrough"/>.</summary>
    internal const string RecognizedThroughKey = "recognized_through_face_id";

    /// <summary>How many faces the library had when it was last clustered in full (0: never, or before this was kept).</summary>
    public long FacesAtLastFullRun() => ReadCount("faces_at_last_full_run");

    public void SetFacesAtLastFullRun(long faces) => WriteCount("faces_at_last_full_run", faces);

    private long ReadCount(string key)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = $k";
        command.Parameters.AddWithValue("$k", key);
        return command.ExecuteScalar() is string s ? long.Parse(s, CultureInfo.InvariantCulture) : 0;
    }

    private void WriteCount(string key, long value)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO meta(key, value) VALUES ($k, $v)";
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$v", value.ToString(CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }

    /// <summary>Per person with faces: a fingerprint of its face set (count, id sum, latest assignment time).</summary>
    public Dictionary<long, string> CurrentFingerprints()
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT person_id, COUNT(*), SUM(face_id), MAX(assigned_at) FROM assignments GROUP BY person_id";
        using var reader = command.ExecuteReader();
        var result = new Dictionary<long, string>();
        while (reader.Read())
            result[reader.GetInt64(0)] = string.Create(CultureInfo.InvariantCulture, $"{reader.GetInt64(1)}:{reader.GetInt64(2)}:{reader.GetInt64(3)}");
        return result;
    }

    /// <summary>Stored prototypes with the fingerprint they were built for.</summary>
    public Dictionary<long, (string Fingerprint, List<float[]> Prototypes)> Stored()
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT s.person_id, s.fingerprint, p.embedding FROM prototype_state s
            JOIN person_prototypes p ON p.person_id = s.person_id ORDER BY s.person_id, p.idx
            """;
        using var reader = command.ExecuteReader();
        var result = new Dictionary<long, (string, List<float[]>)>();
        while (reader.Read())
        {
            var person = reader.GetInt64(0);
            if (!result.TryGetValue(person, out var entry)) result[person] = entry = (reader.GetString(1), []);
            entry.Item2.Add(FloatBlob.ToFloats((byte[])reader[2]));
        }
        return result;
    }

    /// <summary>Embeddings of the faces of the given people (present photos only; of one embedder when given).</summary>
    public Dictionary<long, List<float[]>> EmbeddingsOf(IReadOnlyCollection<long> personIds, string? embedder = null) =>
        FacesOf(personIds, embedder).ToDictionary(p => p.Key, p => p.Value.Select(f => f.Embedding).ToList());

    /// <summary>The faces of the given people with their photos (present photos only; of one embedder when given).</summary>
    public Dictionary<long, List<PersonFace>> FacesOf(IReadOnlyCollection<long> personIds, string? embedder = null)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT f.photo_id, f.embedding FROM assignments a JOIN faces f ON f.id = a.face_id JOIN photos ph ON ph.id = f.photo_id
            WHERE a.person_id = $p AND ph.status = 'done' AND ($embedder IS NULL OR f.embedder = $embedder)
            """;
        command.Parameters.AddWithValue("$embedder", (object?)embedder ?? DBNull.Value);
        var parameter = command.Parameters.Add("$p", SqliteType.Integer);
        var result = new Dictionary<long, List<PersonFace>>();
        foreach (var person in personIds)
        {
            parameter.Value = person;
            using var reader = command.ExecuteReader();
            var list = result[person] = [];
            while (reader.Read()) list.Add(new PersonFace(reader.GetInt64(0), FloatBlob.ToFloats((byte[])reader[1])));
        }
        return result;
    }

    /// <summary>Replaces the prototypes of the given people; people absent from the database are ignored.</summary>
    public void Save(IReadOnlyDictionary<long, (string Fingerprint, IReadOnlyList<float[]> Prototypes)> people)
    {
        using var connection = database.Connect();
        using var transaction = connection.BeginTransaction();
        using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM person_prototypes WHERE person_id = $p; DELETE FROM prototype_state WHERE person_id = $p;";
        var deletePerson = delete.Parameters.Add("$p", SqliteType.Integer);
        using var state = connection.CreateCommand();
        state.Transaction = transaction;
        state.CommandText = "INSERT INTO prototype_state(person_id, fingerprint) SELECT $p, $fp WHERE EXISTS (SELECT 1 FROM people WHERE id = $p)";
        var statePerson = state.Parameters.Add("$p", SqliteType.Integer);
        var fingerprint = state.Parameters.Add("$fp", SqliteType.Text);
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO person_prototypes(person_id, idx, embedding) SELECT $p, $i, $e WHERE EXISTS (SELECT 1 FROM people WHERE id = $p)";
        var insertPerson = insert.Parameters.Add("$p", SqliteType.Integer);
        var index = insert.Parameters.Add("$i", SqliteType.Integer);
        var embedding = insert.Parameters.Add("$e", SqliteType.Blob);
        foreach (var (person, (print, prototypes)) in people)
        {
            deletePerson.Value = person;
            delete.ExecuteNonQuery();
            statePerson.Value = person;
            fingerprint.Value = print;
            state.ExecuteNonQuery();
            insertPerson.Value = person;
            for (var i = 0; i < prototypes.Count; i++)
            {
                index.Value = i;
                embedding.Value = FloatBlob.ToBytes(prototypes[i]);
                insert.ExecuteNonQuery();
            }
        }
        transaction.Commit();
    }
}
