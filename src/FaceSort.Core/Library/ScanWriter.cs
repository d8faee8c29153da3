using System.Runtime.InteropServices;
using FaceSort.Core.Detection;
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
    private readonly string _libraryDirectory;
    // Cards of faces written in the open transaction: stored once it commits, so a card never names a face id that a
    // rollback gave back and a later face may take. A new face without a card removes any card left under its id: a
    // deleted face's id is given again when it was the highest, and its card would show a stranger. A deleted face's
    // card goes with it, and so does the card of a face kept in an edited photo that no new card replaces: the web app
    // takes a card newer than its photo for fresh, and an edit that keeps the photo's old date (an upload keeps the
    // file's own date; a restore from a backup) would leave the card of the photo before the edit.
    private readonly List<(long FaceId, byte[]? Card)> _cards = [];
    // Photos whose bytes changed: their previews go once the transaction commits, for the same reason.
    private readonly List<long> _stalePreviews = [];
    private SqliteTransaction? _transaction;
    private int _pending;

    public ScanWriter(LibraryDatabase database, int batchSize = 64)
    {
        _connection = database.Connect();
        _libraryDirectory = database.Directory;
        BatchSize = batchSize;
    }

    /// <summary>Photos per transaction: large enough to amortise fsync, small enough that a kill loses little work.</summary>
    public int BatchSize { get; }

    public void Write(PhotoScanResult result)
    {
        _transaction ??= _connection.BeginTransaction();
        var (cards, previews) = (_cards.Count, _stalePreviews.Count);
        // A photo's statements share one savepoint: the library refusing one of them (a full disk, an I/O error) takes
        // the photo back whole. Before, the row stayed without its faces in the open transaction, Dispose committed it,
        // and the next scan took the photo for unchanged: its faces never came.
        _transaction.Save(PhotoSavepoint);
        try
        {
            var previousSha256 = StoredSha256(result.File);
            var photoId = UpsertPhoto(result);
            if (previousSha256 is not null && previousSha256 != result.Sha256) _stalePreviews.Add(photoId);
            // Same bytes processed again (other models): the faces keep their ids, so people, names and corrections stay.
            if (previousSha256 is not null && previousSha256 == result.Sha256 && result.FailureReason is null) RefreshFaces(photoId, result, byBox: true);
            // The photo edited in place (cropped, retouched, re-saved): a face that is still there keeps its id, recognised
            // by its embedding, since a crop moves every box.
            else if (previousSha256 is not null && result.FailureReason is null) RefreshFaces(photoId, result, byBox: false);
            else ReplaceFaces(photoId, result);
            _transaction.Release(PhotoSavepoint);
        }
        catch (SqliteException)
        {
            TakeBack(cards, previews);
            throw;
        }
        if (++_pending >= BatchSize) Flush();
    }

    private const string PhotoSavepoint = "photo";

    /// <summary>Undoes the photo being written, and forgets the cards and previews it queued.</summary>
    private void TakeBack(int cards, int previews)
    {
        try
        {
            _transaction!.Rollback(PhotoSavepoint);
            _transaction.Release(PhotoSavepoint);
            _cards.RemoveRange(cards, _cards.Count - cards);
            _stalePreviews.RemoveRange(previews, _stalePreviews.Count - previews);
        }
        catch (SqliteException)
        {
            // SQLite rolled the whole transaction back itself (it does on some I/O errors): none of its photos is stored.
            _transaction!.Dispose();
            _transaction = null;
            _pending = 0;
            _cards.Clear();
            _stalePreviews.Clear();
        }
    }

    /// <summary>A moved file, or one whose picture is unchanged: the old row takes the file's path, size, time and
    /// hashes, keeping its faces, people and user corrections; with <paramref name="setTakenAt"/>, also the camera time
    /// read from the file (a tagger may have written or corrected it).</summary>
    public void Relink(long photoId, PhotoFile file, string sha256, string? pictureHash, string? takenAt = null, bool setTakenAt = false)
    {
        _transaction ??= _connection.BeginTransaction();
        using var command = Command("""
            UPDATE photos SET root_id = $root, rel_path = $rel, size = $size, mtime = $mtime, sha256 = $sha,
                picture_hash = COALESCE($picture, picture_hash), status = 'done',
                taken_at = CASE WHEN $settaken THEN $taken ELSE taken_at END
            WHERE id = $id
            """);
        command.Parameters.AddWithValue("$settaken", setTakenAt);
        command.Parameters.AddWithValue("$taken", (object?)takenAt ?? DBNull.Value);
        command.Parameters.AddWithValue("$sha", sha256);
        command.Parameters.AddWithValue("$picture", (object?)pictureHash ?? DBNull.Value);
        command.Parameters.AddWithValue("$root", file.RootId);
        command.Parameters.AddWithValue("$rel", file.RelativePath);
        command.Parameters.AddWithValue("$size", file.Size);
        command.Parameters.AddWithValue("$mtime", file.MtimeMs);
        command.Parameters.AddWithValue("$id", photoId);
        command.ExecuteNonQuery();
        if (++_pending >= BatchSize) Flush();
    }

    /// <summary>Marks photos under <paramref name="rootId"/> that the scan did not see as missing (never deletes them);
    /// with <paramref name="onlyUnder"/>, only photos in those subfolders (the scan walked no others).</summary>
    public int MarkMissing(long rootId, IReadOnlySet<string> seen, IReadOnlyCollection<string>? onlyUnder = null)
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
            {
                var path = reader.GetString(1);
                if (onlyUnder is not null && !onlyUnder.Any(folder => path.StartsWith(folder + "/", StringComparison.Ordinal))) continue;
                if (!seen.Contains(path)) missing.Add(reader.GetInt64(0));
            }
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
        foreach (var (faceId, card) in _cards)
        {
            var path = FaceCards.PathOf(_libraryDirectory, faceId);
            if (card is not null) FaceCards.Save(path, card);
            else if (File.Exists(path)) File.Delete(path);
        }
        _cards.Clear();
        foreach (var photoId in _stalePreviews)
        {
            var path = FaceCards.PreviewPathOf(_libraryDirectory, photoId);
            if (File.Exists(path)) File.Delete(path);
        }
        _stalePreviews.Clear();
    }

    private long UpsertPhoto(PhotoScanResult result)
    {
        using var command = Command("""
            INSERT INTO photos(root_id, rel_path, size, mtime, sha256, width, height, format, status, reason, face_count, scanned_at, models, picture_hash, sketch, taken_at)
            VALUES ($root, $rel, $size, $mtime, $sha, $w, $h, $fmt, $status, $reason, $faces, $now, $models, $picture, $sketch, $taken)
            ON CONFLICT(root_id, rel_path) DO UPDATE SET
                size = excluded.size, mtime = excluded.mtime, sha256 = excluded.sha256, width = excluded.width,
                height = excluded.height, format = excluded.format, status = excluded.status, reason = excluded.reason,
                face_count = excluded.face_count, scanned_at = excluded.scanned_at, models = excluded.models,
                picture_hash = excluded.picture_hash, sketch = excluded.sketch, taken_at = excluded.taken_at
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
        command.Parameters.AddWithValue("$models", (object?)result.Models ?? DBNull.Value);
        command.Parameters.AddWithValue("$picture", (object?)result.PictureHash ?? DBNull.Value);
        command.Parameters.AddWithValue("$sketch", (object?)result.Sketch ?? DBNull.Value);
        command.Parameters.AddWithValue("$taken", (object?)result.TakenAt ?? DBNull.Value);
        return (long)command.ExecuteScalar()!;
    }

    private string? StoredSha256(PhotoFile file)
    {
        using var command = Command("SELECT sha256 FROM photos WHERE root_id = $root AND rel_path = $rel AND status = 'done'");
        command.Parameters.AddWithValue("$root", file.RootId);
        command.Parameters.AddWithValue("$rel", file.RelativePath);
        return command.ExecuteScalar() as string;
    }

    /// <summary>
    /// The photo's new faces take over the rows of the old faces they match: <paramref name="byBox"/>, the same bytes
    /// processed by other models, by box overlap (<see cref="FaceBoxMatching"/>); otherwise, the photo edited, by
    /// embedding (<see cref="FaceEmbeddingMatching"/>, same embedder only). A match keeps its id and takes the new box,
    /// landmarks, score, models and embedding; old faces without a partner go, new ones without a partner are added.
    /// People whose faces changed lose their cached prototypes (they were built from the old embeddings).
    /// </summary>
    private void RefreshFaces(long photoId, PhotoScanResult result, bool byBox)
    {
        var old = new List<(long Id, FaceBox Box, string Embedder, float[] Embedding)>();
        using (var select = Command("SELECT id, x, y, width, height, embedder, embedding FROM faces WHERE photo_id = $p ORDER BY face_index"))
        {
            select.Parameters.AddWithValue("$p", photoId);
            using var reader = select.ExecuteReader();
            while (reader.Read())
                old.Add((reader.GetInt64(0), new FaceBox(reader.GetFloat(1), reader.GetFloat(2), reader.GetFloat(3), reader.GetFloat(4)),
                    reader.GetString(5), FloatBlob.ToFloats((byte[])reader.GetValue(6))));
        }
        var pairs = byBox
            ? FaceBoxMatching.Match(old.Select(o => o.Box).ToList(), result.Faces.Select(f => f.Box).ToList())
            : FaceEmbeddingMatching.Match(
                [.. old.Select(o => o.Embedder == result.EmbedderId ? o.Embedding : null)], [.. result.Faces.Select(f => f.Embedding)]);
        var kept = pairs.ToDictionary(p => p.New, p => old[p.Old].Id);
        foreach (var gone in old.Select(o => o.Id).Except(kept.Values)) _cards.Add((gone, null));
        using (var stale = Command("""
            DELETE FROM prototype_state WHERE person_id IN (SELECT a.person_id FROM assignments a JOIN faces f ON f.id = a.face_id WHERE f.photo_id = $p);
            DELETE FROM faces WHERE photo_id = $p AND id NOT IN (SELECT value FROM json_each($kept));
            UPDATE faces SET face_index = -1 - face_index WHERE photo_id = $p;
            """))
        {
            stale.Parameters.AddWithValue("$p", photoId);
            stale.Parameters.AddWithValue("$kept", "[" + string.Join(",", kept.Values) + "]");
            stale.ExecuteNonQuery();
        }
        using var update = Command("""
            UPDATE faces SET face_index = $i, x = $x, y = $y, width = $w, height = $h, landmarks = $lm, score = $score,
                detector = $det, embedder = $emb, embedding = $vec, sharpness = $sharp
            WHERE id = $id
            """);
        var id = update.Parameters.Add("$id", SqliteType.Integer);
        using var insert = Command("""
            INSERT INTO faces(photo_id, face_index, x, y, width, height, landmarks, score, detector, embedder, embedding, sharpness)
            VALUES ($p, $i, $x, $y, $w, $h, $lm, $score, $det, $emb, $vec, $sharp)
            RETURNING id
            """);
        insert.Parameters.AddWithValue("$p", photoId);
        var updateFace = new FaceParameters(update, result);
        var insertFace = new FaceParameters(insert, result);
        foreach (var face in result.Faces)
        {
            if (kept.TryGetValue(face.Index, out var faceId))
            {
                id.Value = faceId;
                updateFace.Bind(face);
                update.ExecuteNonQuery();
                // The same bytes (other models) give the same card; an edited photo's old card goes when none replaces it.
                if (face.Card is not null || !byBox) _cards.Add((faceId, face.Card));
            }
            else
            {
                insertFace.Bind(face);
                var newId = (long)insert.ExecuteScalar()!;
                _cards.Add((newId, face.Card));
                OfferToRecognition(newId);
            }
        }
    }

    private void ReplaceFaces(long photoId, PhotoScanResult result)
    {
        // A changed file is a new picture: its old faces (and their assignments) go, by cascade, and their cards.
        using (var delete = Command("DELETE FROM faces WHERE photo_id = $p RETURNING id"))
        {
            delete.Parameters.AddWithValue("$p", photoId);
            using var reader = delete.ExecuteReader();
            while (reader.Read()) _cards.Add((reader.GetInt64(0), null));
        }
        if (result.Faces.Count == 0) return;
        using var insert = Command("""
            INSERT INTO faces(photo_id, face_index, x, y, width, height, landmarks, score, detector, embedder, embedding, sharpness)
            VALUES ($p, $i, $x, $y, $w, $h, $lm, $score, $det, $emb, $vec, $sharp)
            RETURNING id
            """);
        insert.Parameters.AddWithValue("$p", photoId);
        var parameters = new FaceParameters(insert, result);
        foreach (var face in result.Faces)
        {
            parameters.Bind(face);
            var faceId = (long)insert.ExecuteScalar()!;
            _cards.Add((faceId, face.Card));
            OfferToRecognition(faceId);
            if (face.CopyOf is { } original) TakeUserDecisions(faceId, original);
        }
    }

    /// <summary>
    /// A face stored under an id that recognition has already gone past is new to it all the same: the mark goes back
    /// below it. SQLite gives a deleted face's id again when it was the highest (the newest photo unreadable for a
    /// while, then back); taken for a face already offered, such a face stayed in no person until a full run.
    /// </summary>
    private void OfferToRecognition(long faceId)
    {
        using var command = Command($"""
            UPDATE meta SET value = CAST($id - 1 AS TEXT)
            WHERE key = '{PrototypeStore.RecognizedThroughKey}' AND CAST(value AS INTEGER) >= $id
            """);
        command.Parameters.AddWithValue("$id", faceId);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// A face of a byte-identical copy (the same picture in two albums, a collection scanned beside its backup) takes
    /// what the user decided about the original's face: the person they put it in and the people they said it is not.
    /// Otherwise the copy of a face the user took out of a person went back into it, and copies of faces they moved
    /// made a person of their own (docs/incremental.md, "A collection copied, moved and restored").
    /// </summary>
    private void TakeUserDecisions(long faceId, long original)
    {
        using var assign = Command("""
            INSERT INTO assignments(face_id, person_id, source, assigned_at)
            SELECT $face, person_id, source, assigned_at FROM assignments WHERE face_id = $original AND source = 'user'
            """);
        assign.Parameters.AddWithValue("$face", faceId);
        assign.Parameters.AddWithValue("$original", original);
        assign.ExecuteNonQuery();
        using var reject = Command("""
            INSERT OR IGNORE INTO rejections(face_id, person_id, created_at)
            SELECT $face, person_id, created_at FROM rejections WHERE face_id = $original
            """);
        reject.Parameters.AddWithValue("$face", faceId);
        reject.Parameters.AddWithValue("$original", original);
        reject.ExecuteNonQuery();
    }

    /// <summary>The per-face parameters of an insert or update of a face row, bound one face at a time.</summary>
    private sealed class FaceParameters
    {
        private readonly SqliteParameter _index, _x, _y, _w, _h, _landmarks, _score, _vector, _sharpness;

        public FaceParameters(SqliteCommand command, PhotoScanResult result)
        {
            command.Parameters.AddWithValue("$det", result.DetectorId);
            command.Parameters.AddWithValue("$emb", result.EmbedderId);
            _index = command.Parameters.Add("$i", SqliteType.Integer);
            _x = command.Parameters.Add("$x", SqliteType.Real);
            _y = command.Parameters.Add("$y", SqliteType.Real);
            _w = command.Parameters.Add("$w", SqliteType.Real);
            _h = command.Parameters.Add("$h", SqliteType.Real);
            _landmarks = command.Parameters.Add("$lm", SqliteType.Blob);
            _score = command.Parameters.Add("$score", SqliteType.Real);
            _vector = command.Parameters.Add("$vec", SqliteType.Blob);
            _sharpness = command.Parameters.Add("$sharp", SqliteType.Real);
        }

        public void Bind(ScannedFace face)
        {
            _index.Value = face.Index;
            _x.Value = face.Box.X;
            _y.Value = face.Box.Y;
            _w.Value = face.Box.Width;
            _h.Value = face.Box.Height;
            var lm = face.Landmarks;
            _landmarks.Value = FloatBlob.ToBytes([lm.X0, lm.Y0, lm.X1, lm.Y1, lm.X2, lm.Y2, lm.X3, lm.Y3, lm.X4, lm.Y4]);
            _score.Value = face.Score;
            _vector.Value = FloatBlob.ToBytes(face.Embedding);
            _sharpness.Value = face.Sharpness is { } sharpness ? sharpness : DBNull.Value;
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
        try
        {
            Flush();
        }
        finally
        {
            // A commit that throws (a full disk, an I/O error) must not leave the connection holding SQLite's write lock
            // inside a long-lived process (serve) until the garbage collector finds it.
            _transaction?.Dispose();
            _transaction = null;
            _connection.Dispose();
        }
    }
}

/// <summary>float32 arrays as little-endian blobs (the byte order of every machine .NET runs on here).</summary>
internal static class FloatBlob
{
    public static byte[] ToBytes(ReadOnlySpan<float> values) => MemoryMarshal.AsBytes(values).ToArray();

    public static float[] ToFloats(byte[] blob) => MemoryMarshal.Cast<byte, float>(blob).ToArray();
}
