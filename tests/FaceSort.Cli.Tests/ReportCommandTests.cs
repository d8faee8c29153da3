using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace FaceSort.Cli.Tests;

public sealed partial class ReportCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-report-").FullName;

    [Fact]
    public async Task Report_on_a_scanned_library_links_charts_and_face_thumbnails_that_exist()
    {
        var library = Path.Combine(_work, "library");
        var bbt = Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt");
        var scan = await FaceSortProcess.RunAsync(["scan", Path.Combine(bbt, "amy"), Path.Combine(bbt, "raj"), Path.Combine(bbt, "penny"), "--library", library]);
        scan.ExitCode.ShouldBe(0, scan.Stderr);
        var cluster = await FaceSortProcess.RunAsync(["cluster", "--library", library]);
        cluster.ExitCode.ShouldBe(0, cluster.Stderr);
        var output = Path.Combine(_work, "report");

        var report = await FaceSortProcess.RunAsync(["report", "--library", library, "--labels-from-folders", bbt, "--out", output, "--json"]);

        report.ExitCode.ShouldBe(0, report.Stderr);
        var json = JsonDocument.Parse(report.Stdout).RootElement;
        json.GetProperty("faces").GetInt32().ShouldBe(15);
        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        var links = ImageSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        links.ShouldContain("similarity.png");
        links.ShouldContain(l => l.StartsWith("faces/", StringComparison.Ordinal), "a library report shows the faces to check");
        foreach (var link in links) new FileInfo(Path.Combine(output, link)).Length.ShouldBeGreaterThan(0, link);
        html.ShouldContain("amy (5)", Case.Sensitive, "the table names each person's true identity from the folder names");
    }

    [Fact]
    public async Task Report_without_a_library_or_embeddings_fails_with_a_hint()
    {
        var result = await FaceSortProcess.RunAsync(["report", "--library", Path.Combine(_work, "none"), "--out", Path.Combine(_work, "out")]);

        result.ExitCode.ShouldBe(2, "a --library with no library in it is a bad argument");
        result.Stderr.ShouldContain("facesort scan");
    }

    [Fact]
    public async Task A_library_without_faces_is_refused_and_one_person_has_no_silhouette_rather_than_zero()
    {
        var empty = Path.Combine(_work, "empty-library");
        var blank = Directory.CreateDirectory(Path.Combine(_work, "no-photos")).FullName;
        (await FaceSortProcess.RunAsync(["scan", blank, "--library", empty])).ExitCode.ShouldBe(0);
        var one = Path.Combine(_work, "one-person");
        (await FaceSortProcess.RunAsync(["scan", Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt", "amy"), "--library", one])).ExitCode.ShouldBe(0);
        (await FaceSortProcess.RunAsync(["cluster", "--library", one])).ExitCode.ShouldBe(0);
        var output = Path.Combine(_work, "one-report");

        var nothing = await FaceSortProcess.RunAsync(["report", "--library", empty, "--out", Path.Combine(_work, "empty-report")]);
        var report = await FaceSortProcess.RunAsync(["report", "--library", one, "--out", output, "--json"]);

        // Every chart of no faces was an empty frame, and the summary said "mean silhouette 0.000".
        nothing.ExitCode.ShouldBe(2, nothing.Stderr);
        nothing.Stderr.Trim().ShouldBe($"facesort: no faces in the library at {empty}: nothing to report (scan photos with faces first)");
        report.ExitCode.ShouldBe(0, report.Stderr);
        var json = JsonDocument.Parse(report.Stdout).RootElement;
        json.GetProperty("people").GetInt32().ShouldBe(1);
        // A silhouette compares a face's own person with the nearest other one: with one person there is none, and
        // 0 would say every face sits on a border.
        json.GetProperty("mean_silhouette").ValueKind.ShouldBe(JsonValueKind.Null);
        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        html.ShouldContain("none (fewer than two people)");
        html.ShouldNotContain("NaN");
        html.ShouldNotContain("<b>0.000</b>");
    }

    [Fact]
    public async Task A_malformed_embedding_file_is_a_bad_argument_named_by_file_and_line()
    {
        var tsv = Path.Combine(_work, "bad.tsv");
        await File.WriteAllLinesAsync(tsv, ["# facesort-embeddings v1", "a.jpg\t250\t250\t0\tamy\t0.9\t1\t2\t3\tfour\t0.5"], TestContext.Current.CancellationToken);

        var result = await FaceSortProcess.RunAsync(["report", "--embeddings", tsv, "--out", Path.Combine(_work, "out")]);

        result.ExitCode.ShouldBe(2, result.Stderr);
        result.Stderr.Trim().ShouldStartWith($"facesort: --embeddings: {tsv}:2:");
        result.Stderr.Trim().Split('\n').Length.ShouldBe(1, result.Stderr);
    }

    [Fact]
    public async Task An_out_that_is_a_file_is_a_bad_argument_named_as_such()
    {
        var file = Path.Combine(_work, "report.html");
        await File.WriteAllTextAsync(file, "mine", TestContext.Current.CancellationToken);

        var result = await FaceSortProcess.RunAsync(["report", "--embeddings", Path.Combine(FaceSortProcess.Fixtures, "embeddings", "celeb5.tsv"), "--out", file, "--json"]);

        // It was exit 1 with .NET's "The file '…' already exists.", which reads as if the report refused to overwrite it.
        result.ExitCode.ShouldBe(2, result.Stderr);
        result.Stdout.ShouldBeEmpty();
        result.Stderr.Trim().ShouldBe($"facesort: --out {file} is a file, not a folder");
        (await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)).ShouldBe("mine");
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public async Task An_embedding_value_that_is_not_a_finite_number_is_a_bad_argument_for_report_and_eval(string value)
    {
        // float.Parse reads "NaN" and "Infinity"; such a face reached clustering, and the report died with a stack trace
        // (exit 134) while eval said only "Specified argument was out of the range of valid values."
        var lfw = await File.ReadAllLinesAsync(Path.Combine(FaceSortProcess.Fixtures, "embeddings", "lfw.tsv"), TestContext.Current.CancellationToken);
        var columns = lfw[3].Split('\t');
        columns[12] = value;
        var tsv = Path.Combine(_work, "not-finite.tsv");
        await File.WriteAllLinesAsync(tsv, [.. lfw[..3], string.Join('\t', columns), .. lfw[4..]], TestContext.Current.CancellationToken);

        var report = await FaceSortProcess.RunAsync(["report", "--embeddings", tsv, "--out", Path.Combine(_work, "out")]);
        var eval = await FaceSortProcess.RunAsync(["eval", "--embeddings", tsv, "--method", "agglo"]);

        foreach (var result in new[] { report, eval })
        {
            result.ExitCode.ShouldBe(2, result.Stderr);
            result.Stderr.Trim().ShouldStartWith($"facesort: --embeddings: {tsv}:4:");
            result.Stderr.ShouldContain($"'{value}'");
            result.Stderr.Trim().Split('\n').Length.ShouldBe(1, result.Stderr);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }

    [GeneratedRegex("src=\"([^\"]+)\"")]
    private static partial Regex ImageSource();
}
