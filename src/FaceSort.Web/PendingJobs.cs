using System.Text.Json;

namespace FaceSort.Web;

/// <summary>
/// The scan jobs queued or running, kept in the library folder (<see cref="FileName"/>) until each ends, so a server
/// stopped in the middle of one (Ctrl+C, kill -9, a power cut, an update of the home server) takes it up again when it
/// next starts. Before, the job was forgotten: the page said nothing ran, and the photos it had not reached, and the
/// people of those it had, waited for the next upload.
/// </summary>
public sealed class PendingJobs(string libraryDirectory)
{
    public const string FileName = "web-jobs.json";

    private readonly string _path = Path.Combine(libraryDirectory, FileName);
    private readonly Lock _lock = new();
    private readonly Dictionary<long, IReadOnlyList<string>> _jobs = [];

    /// <summary>The folders of the jobs a previous run of the server left unfinished, oldest first; forgotten here once read.</summary>
    public IReadOnlyList<IReadOnlyList<string>> TakeLeftOver()
    {
        lock (_lock)
        {
            try
            {
                var left = JsonSerializer.Deserialize<List<string[]>>(File.ReadAllText(_path)) ?? [];
                // The upload folder is queued after every batch of files; one scan of it takes up all of them.
                return left.Where(roots => roots is { Length: > 0 }).DistinctBy(roots => string.Join('\n', roots), StringComparer.Ordinal)
                    .ToList<IReadOnlyList<string>>();
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
            {
                return []; // none, or a file cut short by a crash while it was written over (each write is whole, so rare)
            }
            finally
            {
                Save();
            }
        }
    }

    public void Add(long id, IReadOnlyList<string> roots)
    {
        lock (_lock)
        {
            _jobs[id] = roots;
            Save();
        }
    }

    /// <summary>The job ended (done, failed or cancelled by the user): not to be taken up again.</summary>
    public void Remove(long id)
    {
        lock (_lock)
        {
            if (_jobs.Remove(id)) Save();
        }
    }

    private void Save()
    {
        // Written beside and moved over, so a crash while writing leaves the old list, not half of one.
        var temporary = _path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(_jobs.OrderBy(j => j.Key).Select(j => j.Value)));
        File.Move(temporary, _path, overwrite: true);
    }
}
