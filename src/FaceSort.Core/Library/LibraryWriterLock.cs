using System.Globalization;

namespace FaceSort.Core.Library;

/// <summary>
/// One automatic writer per library at a time: a scan, a clustering, an organize (CLI) and the web app's scan job
/// each hold this lock for their whole run, so a second one waits for the first instead of doing the same work beside
/// it (two scans of one folder each decoded every photo: 24.6 s for both instead of 12.3 s for one) or grouping the
/// same new faces twice. Corrections do not take it: each is one short transaction, and automatic runs check their
/// decisions against them inside their own write (<see cref="PeopleStore.AddAutomaticAssignments"/>).
/// The lock is an exclusive lock on <see cref="FileName"/> in the library folder, taken by opening it with
/// <see cref="FileShare.None"/> (flock on Linux): the system drops it when its process ends in any way, kill -9 included,
/// so there is never a stale lock to remove by hand.
/// </summary>
public sealed class LibraryWriterLock : IDisposable
{
    public const string FileName = "writer.lock";

    /// <summary>Who holds the lock, for the message of those waiting (the locked file itself cannot be read).</summary>
    private const string HolderFileName = "writer.lock.holder";

    private readonly FileStream _file;

    private LibraryWriterLock(FileStream file) => _file = file;

    /// <summary>The lock on the library in <paramref name="libraryDirectory"/> (created if needed) for the run named by
    /// <paramref name="job"/> ("facesort scan"), or null and who holds it now.</summary>
    public static LibraryWriterLock? TryTake(string libraryDirectory, string job, out string holder)
    {
        Directory.CreateDirectory(libraryDirectory);
        var holderPath = Path.Combine(libraryDirectory, HolderFileName);
        try
        {
            var file = new FileStream(Path.Combine(libraryDirectory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            holder = string.Create(CultureInfo.InvariantCulture, $"{job}, process {Environment.ProcessId}, since {DateTime.Now:HH:mm:ss}");
            try
            {
                File.WriteAllText(holderPath, holder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The holder's name is a courtesy to whoever waits; the lock is the open file. Failing here (a full disk)
                // left the file open and unowned, and the catch below took it for another process: this one then
                // waited on its own lock for good.
                try { File.Delete(holderPath); } catch (Exception gone) when (gone is IOException or UnauthorizedAccessException) { }
            }
            return new LibraryWriterLock(file);
        }
        catch (IOException) when (File.Exists(Path.Combine(libraryDirectory, FileName)))
        {
            try
            {
                holder = File.ReadAllText(holderPath).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                holder = "";
            }
            if (holder.Length == 0) holder = "another FaceSort process";
            return null;
        }
    }

    /// <summary>
    /// Takes the lock, waiting for the process that holds it; <paramref name="waiting"/> is told once, with a sentence
    /// naming that process, when the lock is not free at once. Cancelling stops the wait.
    /// </summary>
    public static async Task<LibraryWriterLock> TakeAsync(
        string libraryDirectory, string job, Action<string>? waiting = null, CancellationToken cancellationToken = default)
    {
        var told = false;
        while (true)
        {
            if (TryTake(libraryDirectory, job, out var holder) is { } taken) return taken;
            if (!told)
            {
                waiting?.Invoke($"another FaceSort process is changing this library ({holder}); waiting for it to finish");
                told = true;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _file.Dispose();
}
