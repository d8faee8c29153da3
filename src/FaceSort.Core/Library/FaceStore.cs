using FaceSort.Core.Detection;
using Microsoft.Data.Sqlite;

namespace FaceSort.Core.Library;

/// <summary>Reads stored faces: all of them for clustering, or those of one photo.</summary>
public sealed class FaceStore(LibraryDatabase database)
{
    /// <summary>
    /// Every face of every present photo, ordered by folder, file and face index — the order of the files, not of the
    /// scan, so two libraries of the same photos cluster alike however the parallel scan happened to finish; with
    /// <paramref name="embedder"/>, only the faces that model embedded (one embedding space).
    /// </summary>
    public IReadOnlyList<FaceRecord> AllPresent(string? embedder = null) =>
        Query("JOIN photos p ON p.id = f.photo_id WHERE p.status = 'done'" + EmbedderClause(embedder), c => BindEmbedder(c, embedder));

    /// <summary>Content hash (sha256) of every present photo that has one (or of those of <paramref name="photoIds"/>),
    /// by photo id: byte-identical files share it.</summary>
    public Dictionary<long, string> PhotoHashes(IEnumerable<long>? photoIds = null)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, sha256 FROM photos WHERE status = 'done' AND sha256 IS NOT NULL"
            + (photoIds is null ? "" : " AND id IN (SELECT value FROM json_each($ids))");
        if (photoIds is not null) command.Parameters.AddWithValue("$ids", "[" + string.Join(",", photoIds.Distinct()) + "]");
        using var reader = command.ExecuteReader();
        var hashes = new Dictionary<long, string>();
        while (reader.Read()) hashes[reader.GetInt64(0)] = reader.GetString(1);
        return hashes;
    }

    /// <summary>Faces of present photos that no person has (yet), in the same order; optionally of one embedder.</summary>
    public IReadOnlyList<FaceRecord> Unassigned(string? embedder = null) =>
        Query("JOIN photos p ON p.id = f.photo_id WHERE p.status = 'done' AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.face_id = f.id)"
            + EmbedderClause(embedder), c => BindEmbedder(c, embedder));

    /// <summary>
    /// The embedder of the most recently scanned photo's faces and its embedding length: the space clustering and
    /// recognition work in. After a change of models, faces of photos not yet scanned again stay in the old space and
    /// wait (null: no faces).
    /// </summary>
    public EmbeddingSpace? CurrentSpace()
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        // CROSS JOIN fixes the loop order: photos newest first by the scan-time index, stopping at the first with a
        // face, instead of sorting every face (100 ms on a 100,000-face library, on every incremental run).
        command.CommandText = """
            SELECT f.embedder, length(f.embedding) / 4 FROM photos p CROSS JOIN faces f ON f.photo_id = p.id
            ORDER BY p.scanned_at DESC, p.id DESC LIMIT 1
            """;
        using var reader = command.ExecuteReader();
        return reader.Read() ? new EmbeddingSpace(reader.GetString(0), reader.GetInt32(1)) : null;
    }

    private static string EmbedderClause(string? embedder) => embedder is null ? "" : " AND f.embedder = $embedder";

    private static void BindEmbedder(SqliteCommand command, string? embedder)
    {
        if (embedder is not null) command.Parameters.AddWithValue("$embedder", embedder);
    }

    /// <summary>
    /// The id, embedder and embedding of each face of a person, in the order the person's page lists them (photo id,
    /// then face index).
    /// </summary>
    public IReadOnlyList<(long FaceId, string Embedder, float[] Embedding)> EmbeddingsOfPerson(long personId)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT f.id, f.embedder, f.embedding FROM faces f JOIN assignments a ON a.face_id = f.id
            WHERE a.person_id = $p ORDER BY f.photo_id, f.face_index
            """;
        command.Parameters.AddWithValue("$p", personId);
        using var reader = command.ExecuteReader();
        var faces = new List<(long, string, float[])>();
        while (reader.Read()) faces.Add((reader.GetInt64(0), reader.GetString(1), FloatBlob.ToFloats((byte[])reader[2])));
        return faces;
    }

    public IReadOnlyList<FaceRecord> OfPhoto(long photoId) =>
        Query("JOIN photos p ON p.id = f.photo_id WHERE f.photo_id = $p", c => c.Parameters.AddWithValue("$p", photoId));

    public FaceRecord? Get(long faceId) =>
        Query("JOIN photos p ON p.id = f.photo_id WHERE f.id = $id", c => c.Parameters.AddWithValue("$id", faceId)).FirstOrDefault();

    /// <summary>The highest face id (0 for an empty library). Ids mostly order faces in time, but SQLite gives the highest
    /// id again once its face is deleted.</summary>
    public long MaxFaceId()
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(id), 0) FROM faces";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public int Count()
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM faces";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private List<FaceRecord> Query(string clause, Action<SqliteCommand> bind)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT f.id, f.photo_id, f.face_index, f.x, f.y, f.width, f.height, f.score, f.embedding, f.landmarks, f.sharpness
            FROM faces f {clause} ORDER BY p.root_id, p.rel_path, f.face_index
            """;
        bind(command);
        using var reader = command.ExecuteReader();
        var faces = new List<FaceRecord>();
        while (reader.Read())
        {
            var box = new FaceBox(reader.GetFloat(3), reader.GetFloat(4), reader.GetFloat(5), reader.GetFloat(6));
            var lm = FloatBlob.ToFloats((byte[])reader[9]);
            var landmarks = new Landmarks5(lm[0], lm[1], lm[2], lm[3], lm[4], lm[5], lm[6], lm[7], lm[8], lm[9]);
            faces.Add(new FaceRecord(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), box, landmarks,
                reader.GetFloat(7), FloatBlob.ToFloats((byte[])reader[8]), reader.IsDBNull(10) ? null : reader.GetFloat(10)));
        }
        return faces;
    }
}
