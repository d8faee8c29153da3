using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace FaceSort.Core.Library;

/// <summary>
/// Writes scan results in batched transactions. A photo row and all of its faces are written in the same transaction,
/// so a scan killed at any point leaves each photo either fully recorded or absent: the next scan redoes exactly the
/// absent ones. Not thread-safe: one writer per scan.
/// </summary>
public sealed class ScanWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private SqliteTransaction? _transaction;
    private int _pending;

    public ScanWriter(LibraryDatabase database, int batchSize = 64)
    {
        _connection = database.Connect();
        BatchSize = batchSize;
    }

    /// <summary>Photos per transaction: large enough to amortise fsync, small enough that a kill loses little work.</summary>
    public int BatchSize { get; }

    public void Write(PhotoScanResult result)
    {
        _transaction ??= _connection.BeginTransaction();
        var photoId = UpsertPhoto(result);
        ReplaceFaces(photoId, result);
        if (++_pending >= BatchSize) Flush();
    }

    /// <summary>A moved file: the old row takes the new path, keeping its faces, people and user corrections.</summary>
    public void Relink(long photoId, PhotoFile file)
    {
        _transaction ??= _connection.BeginTransaction();
        using var command = Command("UPDATE photos SET root_id = $root, rel_path = $rel, size = $size, mtime = $mtime, status = 'done' WHERE id = $id");
        command.Parameters.AddWithValue("$root", file.RootId);
        command.Parameters.AddWithValue("$rel", file.RelativePath);
        command.Parameters.AddWithValue("$size", file.Size);
        command.Parameters.AddWithValue("$mtime", file.MtimeMs);
        command.Parameters.AddWithValue("$id", photoId);
        command.ExecuteNonQuery();
        if (++_pending >= BatchSize) Flush();
    }

    /// <summary>Marks photos under <paramref name="rootId"/> that the scan did not see as missing (never deletes them).</summary>
    public int MarkMissing(long rootId, IReadOnlySet<string> seen)
    {
        Flush();
        using var transaction = _connection.BeginTransaction();
        var missing = new List<long>();
        using (var select = _connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT id, rel_path FROM photos WHERE root_id = $r AND status <> 'missing'";
            select.Parameters.AddWithValue("$r", rootId);
            using var reader = select.ExecuteReader();
            while (reader.Read())
                if (!seen.Contains(reader.GetString(1))) missing.Add(reader.GetInt64(0));
        }
        using var update = _connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE photos SET status = 'missing' WHERE id = $id";
        var id = update.Parameters.Add("$id", SqliteType.Integer);
        foreach (var photoId in missing)
        {
            id.Value = photoId;
            update.ExecuteNonQuery();
        }
        transaction.Commit();
        return missing.Count;
    }

    public void Flush()
    {
        _transaction?.Commit();
        _transaction?.Dispose();
        _transaction = null;
        _pending = 0;
    }

    private long UpsertPhoto(PhotoScanResult result)
    {
        using var command = Command("""
            INSERT INTO photos(root_id, rel_path, size, mtime, sha256, width, height, format, status, reason, face_count, scanned_at)
            VALUES ($root, $rel, $size, $mtime, $sha, $w, $h, $fmt, $status, $reason, $faces, $now)
            ON CONFLICT(root_id, rel_path) DO UPDATE SET
                size = excluded.size, mtime = excluded.mtime, sha256 = excluded.sha256, width = excluded.width,
                height = excluded.height, format = excluded.format, status = excluded.status, reason = excluded.reason,
                face_count = excluded.face_count, scanned_at = excluded.scanned_at
            RETURNING id;
            """);
        var file = result.File;
        command.Parameters.AddWithValue("$root", file.RootId);
        command.Parameters.AddWithValue("$rel", file.RelativePath);
        command.Parameters.AddWithValue("$size", file.Size);
        command.Parameters.AddWithValue("$mtime", file.MtimeMs);
        command.Parameters.AddWithValue("$sha", (object?)result.Sha256 ?? DBNull.Value);
        command.Parameters.AddWithValue("$w", result.Width);
        command.Parameters.AddWithValue("$h", result.Height);
        command.Parameters.AddWithValue("$fmt", (object?)result.Format ?? DBNull.Value);
        command.Parameters.AddWithValue("$status", result.FailureReason is null ? "done" : "failed");
        command.Parameters.AddWithValue("$reason", (object?)result.FailureReason ?? DBNull.Value);
        command.Parameters.AddWithValue("$faces", result.Faces.Count);
        command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return (long)command.ExecuteScalar()!;
    }

    private void ReplaceFaces(long photoId, PhotoScanResult result)
    {
        // A changed file is a new picture: its old faces (and their assignments) go, by cascade.
        using (var delete = Command("DELETE FROM faces WHERE photo_id = $p"))
        {
            delete.Parameters.AddWithValue("$p", photoId);
            delete.ExecuteNonQuery();
        }
        if (result.Faces.Count == 0) return;
        using var insert = Command("""
            INSERT INTO faces(photo_id, face_index, x, y, width, height, landmarks, score, detector, embedder, embedding)
            VALUES ($p, $i, $x, $y, $w, $h, $lm, $score, $det, $emb, $vec)
            """);
        insert.Parameters.AddWithValue("$p", photoId);
        insert.Parameters.AddWithValue("$det", result.DetectorId);
        insert.Parameters.AddWithValue("$emb", result.EmbedderId);
        var index = insert.Parameters.Add("$i", SqliteType.Integer);
        var x = insert.Parameters.Add("$x", SqliteType.Real);
        var y = insert.Parameters.Add("$y", SqliteType.Real);
        var w = insert.Parameters.Add("$w", SqliteType.Real);
        var h = insert.Parameters.Add("$h", SqliteType.Real);
        var landmarks = insert.Parameters.Add("$lm", SqliteType.Blob);
        var score = insert.Parameters.Add("$score", SqliteType.Real);
        var vector = insert.Parameters.Add("$vec", SqliteType.Blob);
        foreach (var face in result.Faces)
        {
            index.Value = face.Index;
            x.Value = face.Box.X;
            y.Value = face.Box.Y;
            w.Value = face.Box.Width;
            h.Value = face.Box.Height;
            var lm = face.Landmarks;
            landmarks.Value = FloatBlob.ToBytes([lm.X0, lm.Y0, lm.X1, lm.Y1, lm.X2, lm.Y2, lm.X3, lm.Y3, lm.X4, lm.Y4]);
            score.Value = face.Score;
            vector.Value = FloatBlob.ToBytes(face.Embedding);
            insert.ExecuteNonQuery();
        }
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        return command;
    }

    public void Dispose()
    {
        Flush();
        _connection.Dispose();
    }
}

/// <summary>float32 arrays as little-endian blobs (the byte order of every machine .NET runs on here).</summary>
internal static class FloatBlob
{
    public static byte[] ToBytes(ReadOnlySpan<float> values) => MemoryMarshal.AsBytes(values).ToArray();

    public static float[] ToFloats(byte[] blob) => MemoryMarshal.Cast<byte, float>(blob).ToArray();
}
