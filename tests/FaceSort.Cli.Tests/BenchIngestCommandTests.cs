using System.Text.Json;

namespace FaceSort.Cli.Tests;

public sealed class BenchIngestCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-bench-ingest-").FullName;

    [Fact]
    public async Task A_folder_without_photos_says_so_instead_of_printing_shares_of_nothing()
    {
        var result = await FaceSortProcess.RunAsync(["bench", "ingest", _work]);
        var json = await FaceSortProcess.RunAsync(["bench", "ingest", _work, "--json"]);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldContain("no photos found");
        result.Stdout.ShouldNotContain("%");
        json.ExitCode.ShouldBe(0, json.Stderr);
        var report = JsonDocument.Parse(json.Stdout).RootElement;
        report.GetProperty("photos").GetInt32().ShouldBe(0);
        report.GetProperty("overhead_percent").ValueKind.ShouldBe(JsonValueKind.Null);
        report.GetProperty("model_share_percent").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
