using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FaceSort.Core.Library;

/// <summary>A file a scan was reading when it stopped without finishing (a crash, a kill, a hang the user ended), and
/// whether it was being read alone.</summary>
public readonly record struct InterruptedRead(string Path, bool Alone);

/// <summary>
/// The files a scan is reading at each moment, noted in <see cref="FileName"/> in the library folder before a file is
/// opened and after it is done. An image library that crashes or hangs on a file takes the whole process with it, where
/// no exception can be caught; without this note the next scan read the same files in the same order and stopped at the
/// same file, every time. The note reaches the operating system before the file is read (no fsync: it must outlive the
/// process, not the machine), and a scan that ends — finished, cancelled or failed in managed code — removes it, so a
/// note found at the start of a scan names the files the last one was reading when it died.
/// </summary>
public sealed class ReadingJournal : IDisposable
{
    public const string FileName = "reading.journal";

    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly FileStream _stream;
    // The reads not yet done, with when they started, for telling the user which file a scan is waiting on.
    private readonly Dictionary<long, (string Path, long Started)> _open = [];
    private long _next;

    private ReadingJournal(string path)
    {
        _path = path;
        // A new file rather than a truncated one: a scan the user abandoned may still hold the old one open.
        File.Delete(path);
        _stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, 4096, FileOptions.None);
    }

    /// <summary>Starts the journal of a new scan, replacing whatever an earlier one left (read it first with <see cref="Leftover"/>).</summary>
    public static ReadingJournal Begin(string libraryDirectory) => new(Path.Combine(libraryDirectory, FileName));

    /// <summary>The files the last scan started reading and never finished, in the order it started them; none when it
    /// ended as a scan should.</summary>
    public static IReadOnlyList<InterruptedRead> Leftover(string libraryDirectory)
    {
        var path = Path.Combine(libraryDirectory, FileName);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
        var open = new Dictionary<long, InterruptedRead>();
        var order = new List<long>();
        foreach (var line in lines)
        {
            // "+ id A|P "path"" when a read starts, "- id" when it ends; a line cut by the crash is ignored.
            var parts = line.Split(' ', 4);
            if (parts.Length < 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) continue;
            if (parts[0] == "-")
            {
                open.Remove(id);
            }
            else if (parts[0] == "+" && parts.Length == 4 && TryReadPath(parts[3]) is { } file)
            {
                open[id] = new InterruptedRead(file, parts[2] == "A");
                order.Add(id);
            }
        }
        return [.. order.Where(open.ContainsKey).Select(id => open[id])];
    }

    /// <summary>Notes that <paramref name="path"/> is being read (alone: no other file is read until it is done); disposing
    /// the result notes that it is done.</summary>
    public Reading Start(string path, bool alone)
    {
        lock (_lock)
        {
            var id = ++_next;
            Append(string.Create(CultureInfo.InvariantCulture, $"+ {id} {(alone ? 'A' : 'P')} {JsonSerializer.Serialize(path)}\n"));
            _open[id] = (path, Stopwatch.GetTimestamp());
            return new Reading(this, id);
        }
    }

    private void Finish(long id)
    {
        lock (_lock)
        {
            Append(string.Create(CultureInfo.InvariantCulture, $"- {id}\n"));
            _open.Remove(id);
        }
    }

    /// <summary>The file read the longest among those being read now, and for how long; null when none is.</summary>
    public (string Path, TimeSpan For)? LongestOpen()
    {
        lock (_lock)
        {
            if (_open.Count == 0) return null;
            var (path, started) = _open.Values.MinBy(r => r.Started);
            return (path, Stopwatch.GetElapsedTime(started));
        }
    }

    private void Append(string line)
    {
        _stream.Write(Encoding.UTF8.GetBytes(line));
        // To the operating system now: the process may not live to write it later.
        _stream.Flush(flushToDisk: false);
    }

    private static string? TryReadPath(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<string>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stream.Dispose();
            File.Delete(_path);
        }
    }

    /// <summary>One file being read; dispose when it is done.</summary>
    public readonly struct Reading(ReadingJournal journal, long id) : IDisposable
    {
        public void Dispose() => journal.Finish(id);
    }
}
