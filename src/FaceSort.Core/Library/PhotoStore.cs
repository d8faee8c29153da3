using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FaceSort.Core.Library;

/// <summary>Scanned folders and photo rows: what a scan needs to skip unchanged files and find moved ones.</summary>
public sealed class PhotoStore(LibraryDatabase database)
{
    /// <summary>The id of a scanned folder (absolute, normalised path), adding it on first use.</summary>
    public long EnsureRoot(string rootPath)
    {
        using var connection = database.Connect();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO roots(path) VALUES ($p) ON CONFLICT(path) DO NOTHING; SELECT id FROM roots WHERE path = $p;";
        insert.Parameters.AddWithValue("$p", rootPath);
        return (long)insert.ExecuteScalar()!;
    }

    /// <summary>Every folder the library has scanned (absolute paths), in path order.</summary>
    public IReadOnlyList<string> Roots() => [.. RootRows().Select(r => r.Path).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Where a scan of <paramref name="folder"/> (absolute, normalised) keeps its photos. A folder inside a scanned
    /// folder is that folder's subfolder, not a root of its own (its files would otherwise be in the library twice,
    /// once under each root); a folder that holds scanned folders becomes their root, and their photos move under it
    /// with their faces and people (a photo already under it keeps its own row). Separators in
    /// <see cref="ScanTarget.SubPath"/> are '/'.
    /// </summary>
    public ScanTarget TargetFor(string folder)
    {
        var roots = RootRows();
        var outer = roots.Where(r => FolderPath.IsInside(folder, r.Path)).OrderBy(r => r.Path.Length).FirstOrDefault();
        if (outer.Path is not null)
            return new ScanTarget(outer.Id, outer.Path, Below(folder, outer.Path));
        var rootId = EnsureRoot(folder);
        foreach (var inner in roots.Where(r => FolderPath.IsInside(r.Path, folder)))
            MoveRoot(inner.Id, rootId, Below(inner.Path, folder));
        return new ScanTarget(rootId, folder, "");
    }

    /// <summary><paramref name="path"/> relative to <paramref name="folder"/> (which holds it), with '/' separators.</summary>
    private static string Below(string path, string folder) =>
        path[folder.Length..].TrimStart(Path.DirectorySeparatorChar).Replace(Path.DirectorySeparatorChar, '/');

    private List<(long Id, string Path)> RootRows()
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, path FROM roots";
        using var reader = command.ExecuteReader();
        var roots = new List<(long, string)>();
        while (reader.Read()) roots.Add((reader.GetInt64(0), reader.GetString(1)));
        return roots;
    }

    private void MoveRoot(long from, long to, string prefix)
    {
        using var connection = database.Connect();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE photos SET root_id = $to, rel_path = $prefix || '/' || rel_path
            WHERE root_id = $from
              AND NOT EXISTS (SELECT 1 FROM photos q WHERE q.root_id = $to AND q.rel_path = $prefix || '/' || photos.rel_path);
            DELETE FROM roots WHERE id = $from AND NOT EXISTS (SELECT 1 FROM photos WHERE root_id = $from);
            """;
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        command.Parameters.AddWithValue("$prefix", prefix);
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <summary>Size, mtime, status and the models that processed it (null: unknown) per relative path under one
    /// root, for the unchanged-file check.</summary>
    public Dictionary<string, PhotoState> StatesUnder(long rootId)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT rel_path, size, mtime, status, models, reason FROM photos WHERE root_id = $r";
        command.Parameters.AddWithValue("$r", rootId);
        using var reader = command.ExecuteReader();
        var states = new Dictionary<string, PhotoState>(StringComparer.Ordinal);
        while (reader.Read())
            states[reader.GetString(0)] = new PhotoState(reader.GetInt64(1), reader.GetInt64(2), ParseStatus(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5));
        return states;
    }

    public IReadOnlyList<PhotoRecord> All() => Query("", _ => { });

    public PhotoRecord? Get(long photoId) =>
        Query("WHERE p.id = $id", c => c.Parameters.AddWithValue("$id", photoId)).FirstOrDefault();

    /// <summary>Photos processed (status done) by other models or settings than <paramref name="models"/>.</summary>
    public IReadOnlyList<PhotoRecord> ProcessedByOtherModels(string models) =>
        Query("WHERE p.status = 'done' AND p.models IS NOT NULL AND p.models <> $m", c => c.Parameters.AddWithValue("$m", models));

    /// <summary>Photos with this content hash (duplicates, or the old row of a moved file).</summary>
    public IReadOnlyList<PhotoRecord> WithHash(string sha256) =>
        Query("WHERE p.sha256 = $h", c => c.Parameters.AddWithValue("$h", sha256));

    /// <summary>Photos showing this picture (<see cref="Imaging.PictureHash"/>), whatever their metadata.</summary>
    public IReadOnlyList<PhotoRecord> WithPictureHash(string pictureHash) =>
        Query("WHERE p.picture_hash = $h", c => c.Parameters.AddWithValue("$h", pictureHash));

    public int Count(PhotoStatus? status = null)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = status is null ? "SELECT COUNT(*) FROM photos" : "SELECT COUNT(*) FROM photos WHERE status = $s";
        if (status is not null) command.Parameters.AddWithValue("$s", StatusText(status.Value));
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private List<PhotoRecord> Query(string where, Action<SqliteCommand> bind)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT p.id, p.root_id, r.path, p.rel_path, p.size, p.mtime, p.sha256, p.width, p.height, p.format,
                   p.status, p.reason, p.face_count, p.models, p.picture_hash, p.sketch, p.taken_at
            FROM photos p JOIN roots r ON r.id = p.root_id {where} ORDER BY r.path, p.rel_path
            """;
        bind(command);
        using var reader = command.ExecuteReader();
        var photos = new List<PhotoRecord>();
        while (reader.Read())
        {
            photos.Add(new PhotoRecord(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? 0 : reader.GetInt32(7), reader.IsDBNull(8) ? 0 : reader.GetInt32(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), ParseStatus(reader.GetString(10)),
                reader.IsDBNull(11) ? null : reader.GetString(11), reader.GetInt32(12),
                reader.IsDBNull(13) ? null : reader.GetString(13), reader.IsDBNull(14) ? null : reader.GetString(14),
                reader.IsDBNull(15) ? null : reader.GetInt64(15), reader.IsDBNull(16) ? null : reader.GetString(16)));
        }
        return photos;
    }

    internal static string StatusText(PhotoStatus status) => status switch
    {
        PhotoStatus.Done => "done",
        PhotoStatus.Failed => "failed",
        PhotoStatus.Missing => "missing",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    internal static PhotoStatus ParseStatus(string text) => text switch
    {
        "done" => PhotoStatus.Done,
        "failed" => PhotoStatus.Failed,
        "missing" => PhotoStatus.Missing,
        _ => throw new InvalidDataException($"unknown photo status '{text}'"),
    };
}

/// <summary>Where a scanned folder's photos are kept: the root they are stored under and the folder's path below it
/// ("" when the folder is the root).</summary>
public readonly record struct ScanTarget(long RootId, string RootPath, string SubPath);
