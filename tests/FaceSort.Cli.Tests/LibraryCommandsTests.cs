using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace FaceSort.Cli.Tests;

public sealed class LibraryCommandsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-commands-").FullName;

    [Fact]
    public async Task Scan_cluster_people_and_export_work_one_after_another_on_one_library()
    {
        var library = Path.Combine(_work, "library");
        var bbt = Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt");
        var scan = await FaceSortProcess.RunAsync(["scan", Path.Combine(bbt, "amy"), Path.Combine(bbt, "raj"), "--library", library, "--json"]);
        scan.ExitCode.ShouldBe(0, scan.Stderr);

        var cluster = await FaceSortProcess.RunAsync(["cluster", "--library", library, "--json"]);
        var people = await FaceSortProcess.RunAsync(["people", "--library", library, "--json"]);
        var output = Path.Combine(_work, "out");
        var export = await FaceSortProcess.RunAsync(["export", "--library", library, "--out", output, "--mode", "symlink", "--json"]);

        cluster.ExitCode.ShouldBe(0, cluster.Stderr);
        JsonDocument.Parse(cluster.Stdout).RootElement.GetProperty("faces").GetInt32().ShouldBe(10);
        people.ExitCode.ShouldBe(0, people.Stderr);
        var list = JsonDocument.Parse(people.Stdout).RootElement.EnumerateArray().ToList();
        list.Select(p => p.GetProperty("person").GetString()).ShouldBe(["Person_001", "Person_002"]);
        list.Select(p => p.GetProperty("photos").GetInt32()).ShouldBe([5, 5]);
        export.ExitCode.ShouldBe(0, export.Stderr);
        var folders = Directory.GetDirectories(output).Select(Path.GetFileName).Order().ToList();
        folders.ShouldBe(["Person_001", "Person_002"]);
        var members = Directory.GetFiles(Path.Combine(output, "Person_001")).Select(f => Path.GetFileName(f)[..3]).Distinct().ToList();
        members.Count.ShouldBe(1, "one person's folder holds one person's photos");
        new FileInfo(Directory.GetFiles(Path.Combine(output, "Person_001"))[0]).LinkTarget.ShouldNotBeNull();
    }

    [Fact]
    public async Task Commands_on_a_library_that_does_not_exist_are_bad_arguments_with_a_hint()
    {
        var none = Path.Combine(_work, "none");
        string[][] commands = [["people"], ["faces"], ["cluster"], ["export", "--out", Path.Combine(_work, "out")], ["rename", "Person_001", "Amy"],
            ["history"], ["undo"], ["suggest"], ["eval", "--labels-from-folders", _work]];
        foreach (var command in commands)
        {
            var result = await FaceSortProcess.RunAsync([.. command, "--library", none]);

            result.ExitCode.ShouldBe(2, $"{command[0]}: {result.Stderr}");
            result.Stderr.ShouldContain("facesort scan");
        }
        Directory.Exists(none).ShouldBeFalse("reading a library never creates one");
    }

    [Fact]
    public async Task A_damaged_library_file_is_named_in_one_line_by_every_command()
    {
        var library = Directory.CreateDirectory(Path.Combine(_work, "damaged")).FullName;
        var file = Path.Combine(library, "library.db");
        await File.WriteAllTextAsync(file, string.Concat(Enumerable.Repeat("not a database ", 300)), TestContext.Current.CancellationToken);
        string[][] commands = [["people"], ["faces"], ["history"], ["rename", "Person_001", "Amy"], ["cluster"],
            ["scan", Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt", "amy")]];
        foreach (var command in commands)
        {
            var result = await FaceSortProcess.RunAsync([.. command, "--library", library, "--json"]);

            // It said only "SQLite Error 26: 'file is not a database'.", naming no file.
            result.ExitCode.ShouldBe(1, $"{command[0]}: {result.Stderr}");
            result.Stdout.ShouldBeEmpty(command[0]);
            result.Stderr.Trim().ShouldStartWith($"facesort: the library {file} is damaged or not a FaceSort library", Case.Sensitive, command[0]);
            result.Stderr.Trim().Split('\n').Length.ShouldBe(1, result.Stderr);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
