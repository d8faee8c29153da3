using System.Text.Json;

namespace FaceSort.Cli.Tests;

public sealed class BenchClusterCommandTests
{
    [Fact]
    public async Task Bench_cluster_reports_stages_quality_and_recall_as_json()
    {
        var result = await FaceSortProcess.RunAsync(["bench", "cluster", "--n", "2000", "--json"]);

        result.ExitCode.ShouldBe(0, result.Stderr);
        var r = JsonDocument.Parse(result.Stdout).RootElement;
        r.GetProperty("n").GetInt32().ShouldBe(2000);
        r.GetProperty("identities").GetInt32().ShouldBe(200);
        r.GetProperty("knn_exact").GetBoolean().ShouldBeTrue("2,000 faces are below the exact limit");
        r.GetProperty("knn_recall").GetDouble().ShouldBe(1.0, "an exact graph against an exact scan");
        r.GetProperty("total_seconds").GetDouble().ShouldBe(
            r.GetProperty("knn_seconds").GetDouble() + r.GetProperty("merge_seconds").GetDouble(), 1e-9);
        r.GetProperty("peak_working_set_mb").GetDouble().ShouldBeGreaterThan(0);
        // 200 well-separated synthetic identities of ~10 faces: the default finds nearly all of them.
        r.GetProperty("pairwise_f1").GetDouble().ShouldBeGreaterThan(0.95);
        // BCubed weighs every face alike (pairwise, every pair: big people dominate); both scored from the same labels.
        var (bp, br) = (r.GetProperty("bcubed_precision").GetDouble(), r.GetProperty("bcubed_recall").GetDouble());
        r.GetProperty("bcubed_f1").GetDouble().ShouldBe(2 * bp * br / (bp + br), 1e-9);
        r.GetProperty("bcubed_f1").GetDouble().ShouldBeGreaterThan(0.9);
        r.GetProperty("clusters").GetInt32().ShouldBeInRange(180, 220);
    }

    [Fact]
    public async Task Bench_cluster_rejects_a_set_too_small_to_cluster()
    {
        var result = await FaceSortProcess.RunAsync(["bench", "cluster", "--n", "1"]);
        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("--n");
    }
}
