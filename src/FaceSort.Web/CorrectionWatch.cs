using FaceSort.Core.Library;

namespace FaceSort.Web;

/// <summary>A change to the library's people made by a correction or its undo, as an open page is told of it.</summary>
/// <param name="Id">The correction's id.</param>
/// <param name="Summary">What it did ("moved face 121 to Person_003").</param>
/// <param name="Undone">True when the change is that correction's undo.</param>
public sealed record ChangeEvent(long Id, string Summary, bool Undone);

/// <summary>
/// Where the library's corrections stand: the newest correction and the newest undo. Each open page's event stream
/// compares it once a <see cref="PollInterval"/> and says what changed, so a page learns of a change made in another
/// tab, by another person on the library or by the CLI (another process, which no in-memory signal would reach)
/// before acting on what it shows.
/// </summary>
public sealed class CorrectionWatch(LibraryDatabase database)
{
    /// <summary>Short enough that a person on a page hears of another's change before their next click, long enough that
    /// a page costs the server one small query a second.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>The newest correction's id, the newest undo's time (0 when none) and the last scan's or clustering's
    /// mark (<see cref="PeopleStore.MarkUpdated"/>).</summary>
    public readonly record struct Mark(long NewestId, long NewestUndoneAt, string? PeopleUpdated);

    public Mark Now()
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT COALESCE(MAX(id), 0), COALESCE(MAX(undone_at), 0), (SELECT value FROM meta WHERE key = '{PeopleStore.UpdateMarkKey}')
            FROM corrections
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return new Mark(reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    /// <summary>The newest change between <paramref name="before"/> and <paramref name="after"/>; null when none. A
    /// scan or clustering this server ran itself is not one: its job's own events already redraw the pages.</summary>
    public ChangeEvent? Since(Mark before, Mark after)
    {
        if (after == before) return null;
        if (after.NewestId == before.NewestId && after.NewestUndoneAt == before.NewestUndoneAt)
        {
            return PeopleStore.ReadUpdateMark(after.PeopleUpdated) is { } u && u.ProcessId != Environment.ProcessId
                ? new ChangeEvent(0, $"the people were updated by {u.By} (process {u.ProcessId})", false)
                : null;
        }
        var undone = after.NewestUndoneAt > before.NewestUndoneAt;
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = undone
            ? "SELECT id, summary FROM corrections WHERE undone_at = $v ORDER BY id DESC LIMIT 1"
            : "SELECT id, summary FROM corrections WHERE id = $v";
        command.Parameters.AddWithValue("$v", undone ? after.NewestUndoneAt : after.NewestId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new ChangeEvent(reader.GetInt64(0), reader.GetString(1), undone) : null;
    }
}
