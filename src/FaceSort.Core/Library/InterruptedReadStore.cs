namespace FaceSort.Core.Library;

/// <summary>
/// Files that were being read when a scan died (<see cref="ReadingJournal"/>). Each is read again alone, before any
/// other file, so that if it kills the scan once more it is the only suspect; one that stopped a scan while it was read
/// alone is not read again until it changes. A file that was merely being read beside the culprit is read alone, found
/// good, and forgotten: no good photo is ever skipped for a crash it did not cause.
/// </summary>
public sealed class InterruptedReadStore(LibraryDatabase database)
{
    /// <summary>The reason a file that stopped a scan while read alone is skipped with.</summary>
    public const string StoppedReason =
        "FaceSort stopped twice while reading this file, the second time reading it alone (the image library crashed or hung on it); skipped until the file changes (touch it to read it again)";

    /// <summary>Adds the files the last scan died reading: a file read alone is marked as the one that stopped it.</summary>
    public void Add(IReadOnlyCollection<InterruptedRead> reads)
    {
        if (reads.Count == 0) return;
        using var connection = database.Connect();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO interrupted_reads(path, stopped_alone) VALUES ($path, $alone)
            ON CONFLICT(path) DO UPDATE SET stopped_alone = MAX(stopped_alone, excluded.stopped_alone)
            """;
        var path = command.Parameters.Add("$path", Microsoft.Data.Sqlite.SqliteType.Text);
        var alone = command.Parameters.Add("$alone", Microsoft.Data.Sqlite.SqliteType.Integer);
        foreach (var read in reads)
        {
            path.Value = read.Path;
            alone.Value = read.Alone ? 1 : 0;
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>Every file waiting to be read alone (false) or to be skipped (true), by full path.</summary>
    public IReadOnlyDictionary<string, bool> All()
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT path, stopped_alone FROM interrupted_reads";
        using var reader = command.ExecuteReader();
        var all = new Dictionary<string, bool>(StringComparer.Ordinal);
        while (reader.Read()) all[reader.GetString(0)] = reader.GetInt64(1) != 0;
        return all;
    }

    /// <summary>Forgets files a scan has dealt with: read alone without harm, or stored as skipped with <see cref="StoppedReason"/>.</summary>
    public void Remove(IEnumerable<string> paths)
    {
        using var connection = database.Connect();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM interrupted_reads WHERE path = $path";
        var path = command.Parameters.Add("$path", Microsoft.Data.Sqlite.SqliteType.Text);
        foreach (var p in paths)
        {
            path.Value = p;
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }
}
