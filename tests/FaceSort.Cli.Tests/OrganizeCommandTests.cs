using System.Text.Json;
using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;
using FaceSort.Core.Library;
using Microsoft.Data.Sqlite;

namespace FaceSort.Cli.Tests;

public sealed class OrganizeCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-organize-").FullName;

    [Fact]
    public async Task Organize_sorts_the_eight_people_into_person_folders_with_pairwise_F_of_at_least_0_9()
    {
        var photos = Path.Combine(_work, "faceapi-bbt");
        TestFiles.CopyTree(Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt"), photos);
        var originals = TestFiles.HashTree(photos);
        var output = Path.Combine(_work, "People");

        var result = await FaceSortProcess.RunAsync(["organize", photos, "--out", output, "--json"]);

        result.ExitCode.ShouldBe(0, result.Stderr);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        json.GetProperty("scan").GetProperty("photos_scanned").GetInt32().ShouldBe(45);
        var metrics = Score(Path.Combine(output, ".facesort"), photos);
        metrics.PairwiseF1.ShouldBeGreaterThanOrEqualTo(0.9, $"pairwise P={metrics.PairwisePrecision:0.000} R={metrics.PairwiseRecall:0.000}");
        metrics.Identities.ShouldBe(8);

        var people = Directory.GetDirectories(output).Select(Path.GetFileName).Where(n => n!.StartsWith("Person_", StringComparison.Ordinal)).Order().ToList();
        people.Count.ShouldBeInRange(8, 10);
        people[0].ShouldBe("Person_001");
        var sizes = people.Select(p => Directory.GetFiles(Path.Combine(output, p!)).Length).ToList();
        sizes.ShouldBe(sizes.OrderDescending().ToList(), "Person_001 is the largest");
        // Each group photo has 3 to 6 of the people, so it is in several person folders.
        Directory.EnumerateFiles(output, "bbt4.jpg", SearchOption.AllDirectories).Count().ShouldBeGreaterThanOrEqualTo(4);
        var csv = File.ReadAllLines(Path.Combine(output, "faces.csv"));
        csv[0].ShouldBe("photo,face_index,x,y,width,height,score,person,original");
        csv.Length.ShouldBe(1 + json.GetProperty("scan").GetProperty("faces_found").GetInt32());
        csv.ShouldContain(l => l.StartsWith("group/bbt1.jpg,0,", StringComparison.Ordinal));
        TestFiles.HashTree(photos).ShouldBe(originals);
    }

    [Fact]
    public async Task Organizing_again_processes_nothing_and_keeps_the_same_folders()
    {
        var photos = Path.Combine(_work, "penny");
        TestFiles.CopyTree(Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt", "penny"), photos);
        var output = Path.Combine(_work, "People");
        (await FaceSortProcess.RunAsync(["organize", photos, "--out", output, "--json"])).ExitCode.ShouldBe(0);
        var first = Tree(output);

        var again = await FaceSortProcess.RunAsync(["organize", photos, "--out", output, "--json"]);

        again.ExitCode.ShouldBe(0, again.Stderr);
        var json = JsonDocument.Parse(again.Stdout).RootElement;
        json.GetProperty("scan").GetProperty("photos_scanned").GetInt32().ShouldBe(0);
        json.GetProperty("export").GetProperty("files_written").GetInt32().ShouldBe(0);
        Tree(output).ShouldBe(first);
    }

    /// <summary>Pairwise and BCubed scores of the library's people against the folder names.</summary>
    private static ClusteringMetrics Score(string library, string labelsRoot)
    {
        var database = LibraryDatabase.Open(library);
        var (set, faceIds) = LibraryEmbeddingSet.Build(new PhotoStore(database), new FaceStore(database), labelsRoot);
        var assignments = new PeopleStore(database).Assignments();
        var personIndex = new Dictionary<long, int>();
        var labels = faceIds.Select(id => assignments.TryGetValue(id, out var a)
            ? personIndex.TryGetValue(a.PersonId, out var k) ? k : personIndex[a.PersonId] = personIndex.Count
            : ClusterAssignment.Unassigned).ToArray();
        SqliteConnection.ClearAllPools();
        return ClusteringEvaluator.Score(set, new ClusterAssignment(labels, personIndex.Count), 0);
    }

    private static string[] Tree(string root) => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(root, f))
        .Where(f => !f.StartsWith(".facesort", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal).ToArray();



    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
