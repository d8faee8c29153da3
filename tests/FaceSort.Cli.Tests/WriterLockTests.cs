using System.Diagnostics;
using FaceSort.Core.Library;

namespace FaceSort.Cli.Tests;

/// <summary>
/// Two FaceSort processes on one library: a scan, cluster or organize waits while another holds the library's writer
/// lock (docs/architecture.md, "Two processes on one library"). The test process holds the lock as another FaceSort
/// would, and lets go only once the real command has said it is waiting, so nothing here depends on timing.
/// </summary>
public sealed class WriterLockTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-cli-").FullName;

    [Theory]
    [InlineData("cluster")]
    [InlineData("scan")]
    [InlineData("organize")]
    public async Task A_run_waits_for_the_process_changing_the_library_and_says_which(string verb)
    {
        var photos = Path.Combine(_work, "photos");
        TestFiles.CopyTree(Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt"), photos);
        var library = Path.Combine(_work, "library");
        var scanned = await FaceSortProcess.RunAsync(["scan", photos, "--library", library, "--json"]);
        scanned.ExitCode.ShouldBe(0, scanned.Stderr);
        File.Copy(Path.Combine(photos, Directory.EnumerateFiles(photos, "*.jpg", SearchOption.AllDirectories).First()),
            Path.Combine(photos, "again.jpg"));
        string[] arguments = verb switch
        {
            "cluster" => ["cluster", "--library", library, "--json"],
            "scan" => ["scan", photos, "--library", library, "--json"],
            _ => ["organize", photos, "--out", Path.Combine(_work, "People"), "--library", library, "--json"],
        };

        var photosBefore = Rows(library, "SELECT COUNT(*) FROM photos");
        var held = LibraryWriterLock.TryTake(library, "facesort test", out _).ShouldNotBeNull();
        using var process = Process.Start(FaceSortProcess.StartInfo(arguments))!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var said = await process.StandardError.ReadLineAsync(TestContext.Current.CancellationToken);
        var exitedWhileWaiting = process.HasExited;
        var whileWaiting = (Photos: Rows(library, "SELECT COUNT(*) FROM photos"), People: Rows(library, "SELECT COUNT(*) FROM people"));
        held.Dispose();
        var rest = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await stdout;

        said.ShouldNotBeNull("the run said nothing: it did not wait");
        said.ShouldStartWith($"facesort: another FaceSort process is changing this library (facesort test, process {Environment.ProcessId}, since ");
        said.ShouldEndWith("); waiting for it to finish");
        exitedWhileWaiting.ShouldBeFalse();
        whileWaiting.ShouldBe((photosBefore, 0L), "nothing is written while another process holds the library");
        process.ExitCode.ShouldBe(0, rest);
        if (verb == "scan") Rows(library, "SELECT COUNT(*) FROM photos").ShouldBe(photosBefore + 1);
        else Rows(library, "SELECT COUNT(*) FROM people").ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_run_killed_with_SIGKILL_leaves_no_lock_behind()
    {
        var photos = Path.Combine(_work, "lfw");
        TestFiles.CopyTree(Path.Combine(FaceSortProcess.SharedData, "lfw"), photos);
        var library = Path.Combine(_work, "library");
        using var scan = Process.Start(FaceSortProcess.StartInfo(["scan", photos, "--library", library, "--json"]))!;
        // Until it has stored photos, it holds the lock.
        while (!scan.HasExited && (!File.Exists(Path.Combine(library, LibraryDatabase.FileName)) || SafeRows(library) < 10))
            await Task.Delay(20, TestContext.Current.CancellationToken);
        LibraryWriterLock.TryTake(library, "facesort test", out var holder).ShouldBeNull("the scan holds the lock");

        scan.Kill();
        await scan.WaitForExitAsync(TestContext.Current.CancellationToken);

        holder.ShouldStartWith("facesort scan, process ");
        using var again = LibraryWriterLock.TryTake(library, "facesort test", out var who);
        again.ShouldNotBeNull(who);
    }

    private static long SafeRows(string library)
    {
        try
        {
            return Rows(library, "SELECT COUNT(*) FROM photos");
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return 0; // not created yet
        }
    }

    private static long Rows(string library, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(library, LibraryDatabase.FileName)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
