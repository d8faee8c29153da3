using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace FaceSort.Cli.Tests;

public sealed class ScanCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-cli-").FullName;

    [Fact]
    public async Task A_scan_killed_with_SIGKILL_resumes_without_losing_or_duplicating_anything()
    {
        var photos = Path.Combine(_work, "lfw");
        TestFiles.CopyTree(Path.Combine(FaceSortProcess.SharedData, "lfw"), photos);
        var originals = TestFiles.HashTree(photos);
        var reference = await FaceSortProcess.RunAsync(["scan", photos, "--library", Path.Combine(_work, "reference"), "--json"]);
        reference.ExitCode.ShouldBe(0, reference.Stderr);
        var library = Path.Combine(_work, "library");

        var killedAfter = await KillWhenStored(["scan", photos, "--library", library, "--json"], library, atLeastPhotos: 20);
        var resumed = await FaceSortProcess.RunAsync(["scan", photos, "--library", library, "--json"]);

        killedAfter.ShouldBeLessThan(199, "the kill must land mid-scan for this test to mean anything");
        resumed.ExitCode.ShouldBe(0, resumed.Stderr);
        var json = JsonDocument.Parse(resumed.Stdout).RootElement;
        json.GetProperty("photos_unchanged").GetInt32().ShouldBeGreaterThanOrEqualTo(killedAfter);
        Rows(library, "SELECT COUNT(*) FROM photos").ShouldBe(199);
        Rows(library, "SELECT COUNT(*) FROM (SELECT photo_id, face_index FROM faces GROUP BY 1, 2 HAVING COUNT(*) > 1)").ShouldBe(0);
        Fingerprint(library).ShouldBe(Fingerprint(Path.Combine(_work, "reference")));
        TestFiles.HashTree(photos).ShouldBe(originals);
    }

    // SIGINT is Ctrl-C; SIGHUP a closed terminal or a dropped SSH session, which killed the process outright and left
    // the reading journal behind, so the next scan read the files then open alone, as if one had crashed it.
    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public async Task Ctrl_C_or_a_hang_up_stops_a_scan_cleanly_with_exit_code_130_and_the_next_run_finishes_it(int signal)
    {
        var photos = Path.Combine(_work, "lfw");
        TestFiles.CopyTree(Path.Combine(FaceSortProcess.SharedData, "lfw"), photos);
        var library = Path.Combine(_work, "library");
        using var process = Process.Start(FaceSortProcess.StartInfo(["scan", photos, "--library", library, "--json"]))!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        while (!process.HasExited && (!File.Exists(Path.Combine(library, "library.db")) || SafeRows(library) < 10))
            await Task.Delay(20, TestContext.Current.CancellationToken);

        Kill(process.Id, signal).ShouldBe(0);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        File.Exists(Path.Combine(library, FaceSort.Core.Library.ReadingJournal.FileName)).ShouldBeFalse("a scan that stops cleanly removes its journal");
        var resumed = await FaceSortProcess.RunAsync(["scan", photos, "--library", library, "--json"]);

        process.ExitCode.ShouldBe(130);
        var stopped = JsonDocument.Parse(await stdout).RootElement;
        stopped.GetProperty("cancelled").GetBoolean().ShouldBeTrue();
        var first = stopped.GetProperty("photos_scanned").GetInt32();
        first.ShouldBeLessThan(199);
        var second = JsonDocument.Parse(resumed.Stdout).RootElement;
        (first + second.GetProperty("photos_scanned").GetInt32()).ShouldBe(199);
        Rows(library, "SELECT COUNT(*) FROM photos").ShouldBe(199);
    }

    private static int SafeRows(string library)
    {
        try
        {
            return Rows(library, "SELECT COUNT(*) FROM photos");
        }
        catch (SqliteException)
        {
            return 0;
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [Fact]
    public async Task Scanned_prints_finds_the_face_of_a_print_laid_turned_beside_an_upright_one()
    {
        // A flatbed page of three prints, one upright, one sideways, one upside down (tests/fixtures/scanned).
        var photos = Path.Combine(_work, "photos");
        Directory.CreateDirectory(photos);
        File.Copy(Path.Combine(FaceSortProcess.Fixtures, "scanned", "page-three-prints.jpg"), Path.Combine(photos, "page.jpg"));

        var ordinary = await FaceSortProcess.RunAsync(["scan", photos, "--library", Path.Combine(_work, "ordinary"), "--json"]);
        var prints = await FaceSortProcess.RunAsync(["scan", photos, "--library", Path.Combine(_work, "prints"), "--scanned-prints", "--json"]);

        ordinary.ExitCode.ShouldBe(0, ordinary.Stderr);
        prints.ExitCode.ShouldBe(0, prints.Stderr);
        JsonDocument.Parse(ordinary.Stdout).RootElement.GetProperty("faces_found").GetInt32().ShouldBe(1, "the upright print's face ends the search");
        JsonDocument.Parse(prints.Stdout).RootElement.GetProperty("faces_found").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task Skipped_files_are_listed_with_reasons_and_the_exit_code_is_still_zero()
    {
        var photos = Path.Combine(_work, "photos");
        Directory.CreateDirectory(photos);
        File.Copy(Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt", "raj", "raj1.png"), Path.Combine(photos, "raj1.png"));
        File.WriteAllBytes(Path.Combine(photos, "empty.jpg"), []);
        File.WriteAllText(Path.Combine(photos, "readme.jpg"), "not a photo");

        var result = await FaceSortProcess.RunAsync(["scan", photos, "--library", Path.Combine(_work, "library"), "--json"]);

        result.ExitCode.ShouldBe(0, result.Stderr);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        json.GetProperty("faces_found").GetInt32().ShouldBe(1);
        var reasons = json.GetProperty("skipped").EnumerateArray()
            .ToDictionary(s => Path.GetFileName(s.GetProperty("path").GetString()!), s => s.GetProperty("reason").GetString()!);
        reasons.Keys.Order().ShouldBe(["empty.jpg", "readme.jpg"]);
        reasons["empty.jpg"].ShouldContain("empty");
        reasons["readme.jpg"].ShouldContain("not an image");
    }

    [Fact]
    public async Task A_missing_model_fails_the_run_with_a_message()
    {
        var models = Path.Combine(_work, "models");
        Directory.CreateDirectory(models);
        var photos = Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt", "amy");

        var result = await FaceSortProcess.RunAsync(["scan", photos, "--library", Path.Combine(_work, "library")],
            new Dictionary<string, string> { ["FACESORT_MODELS"] = models });

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("models.json");
    }

    [Fact]
    public async Task A_damaged_model_is_refused_by_its_sha256()
    {
        var models = Path.Combine(_work, "models");
        TestFiles.CopyTree(Path.Combine(AppContext.BaseDirectory, "models"), models);
        var embedder = Directory.EnumerateFiles(models, "mobilefacenet*.onnx").Single();
        var bytes = File.ReadAllBytes(embedder);
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(embedder, bytes);

        var result = await FaceSortProcess.RunAsync(["scan", Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt", "amy"), "--library", Path.Combine(_work, "library"), "--models", models]);

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("sha256");
    }

    [Fact]
    public async Task Bad_arguments_exit_with_2()
    {
        (await FaceSortProcess.RunAsync(["scan"])).ExitCode.ShouldBe(2);
        (await FaceSortProcess.RunAsync(["scan", Path.Combine(_work, "no-such-folder"), "--library", _work])).ExitCode.ShouldBe(2);
        (await FaceSortProcess.RunAsync(["export", "--library", _work, "--out", _work, "--mode", "teleport"])).ExitCode.ShouldBe(2);
    }

    [Fact]
    public async Task Bad_values_are_named_in_one_plain_line_and_exit_2()
    {
        var photos = Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt", "amy");
        var file = Path.Combine(_work, "a-file");
        await File.WriteAllTextAsync(file, "not a folder", TestContext.Current.CancellationToken);
        var empty = Directory.CreateDirectory(Path.Combine(_work, "empty")).FullName;
        var library = Path.Combine(_work, "library");
        (await FaceSortProcess.RunAsync(["scan", empty, "--library", library, "--json"])).ExitCode.ShouldBe(0);

        var cases = new (string[] Arguments, string Message)[]
        {
            (["scan", photos, "--library", library, "--workers", "0"], "--workers must be at least 1"),
            (["organize", photos, "--out", Path.Combine(_work, "out"), "--workers=-2"], "--workers must be at least 1"),
            (["scan", photos, "--library", library, "--workers", "two"], "--workers needs a whole number, not 'two'."),
            (["organize", photos, "--out", Path.Combine(_work, "out"), "--upright-only", "--scanned-prints"], "--upright-only and --scanned-prints do not go together."),
            (["export", "--library", library, "--out", Path.Combine(_work, "out"), "--mode", "move"], "--mode is one of copy, hardlink, symlink; not 'move'."),
            (["organize", photos, "--out", Path.Combine(_work, "out"), "--mode", "1"], "--mode is one of copy, hardlink, symlink; not '1'."),
            (["scan", photos, "--library", file], $"--library {file} is a file, not a folder"),
            (["people", "--library", file], $"--library {file} is a file, not a folder"),
            (["export", "--library", library, "--out", file], $"--out {file} is a file, not a folder"),
            (["export", "--library", library, "--out", Path.Combine(file, "People")], $"{file} is a file, not a folder"),
            (["organize", photos, "--out", file], $"--out {file} is a file, not a folder"),
        };
        foreach (var (arguments, message) in cases)
        {
            var result = await FaceSortProcess.RunAsync(arguments);

            result.ExitCode.ShouldBe(2, string.Join(' ', arguments));
            result.Stderr.ShouldContain(message, Case.Sensitive, string.Join(' ', arguments));
            result.Stderr.ShouldNotContain("   at ", Case.Sensitive, "no stack trace");
            result.Stderr.ShouldNotContain("System.", Case.Sensitive, "no .NET type names");
        }
    }

    private static async Task<int> KillWhenStored(string[] arguments, string library, int atLeastPhotos)
    {
        using var process = Process.Start(FaceSortProcess.StartInfo(arguments))!;
        var database = Path.Combine(library, "library.db");
        var stored = 0;
        var clock = Stopwatch.StartNew();
        while (!process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (File.Exists(database))
            {
                try
                {
                    stored = Rows(library, "SELECT COUNT(*) FROM photos");
                }
                catch (SqliteException)
                {
                    // The schema may not exist yet.
                }
                if (stored >= atLeastPhotos) break;
            }
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        process.Kill(); // SIGKILL: no cleanup runs, as after a power cut.
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return Rows(library, "SELECT COUNT(*) FROM photos");
    }

    private static int Rows(string library, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(library, "library.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string[] Fingerprint(string library)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(library, "library.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT p.rel_path, f.face_index, round(f.x), round(f.y), round(f.width) FROM faces f JOIN photos p ON p.id = f.photo_id";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add($"{reader.GetString(0)}#{reader.GetInt32(1)}:{reader.GetDouble(2)}:{reader.GetDouble(3)}:{reader.GetDouble(4)}");
        return rows.Order(StringComparer.Ordinal).ToArray();
    }



    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
