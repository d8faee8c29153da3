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
    public async Task A_google_takeout_counts_each_album_copy_once_so_a_persons_photos_are_the_files_in_their_folder()
    {
        // Takeout writes every photo in its year folder and again, byte for byte, in each album holding it, with a JSON
        // sidecar beside each file and a metadata.json per album.
        var photos = Path.Combine(_work, "Takeout", "Google Photos");
        var year = Path.Combine(photos, "Photos from 2019");
        Directory.CreateDirectory(year);
        var bbt = Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt");
        foreach (var (source, name) in new[] { ("group/bbt1.jpg", "IMG_0001.jpg"), ("group/bbt2.jpg", "IMG_0002.jpg"), ("group/bbt3.jpg", "IMG_0003.jpg"),
                     ("penny/penny1.png", "Screenshot_1.png"), ("penny/penny2.png", "Screenshot_2.png") })
        {
            File.Copy(Path.Combine(bbt, source), Path.Combine(year, name));
            File.WriteAllText(Path.Combine(year, name + ".json"), $"{{\"title\": \"{name}\"}}");
        }
        foreach (var (album, names) in new[] { ("Family", new[] { "IMG_0001.jpg", "IMG_0002.jpg", "Screenshot_1.png" }), ("Best of 2019", new[] { "IMG_0001.jpg" }) })
        {
            Directory.CreateDirectory(Path.Combine(photos, album));
            File.WriteAllText(Path.Combine(photos, album, "metadata.json"), $"{{\"title\": \"{album}\"}}");
            foreach (var name in names)
            {
                File.Copy(Path.Combine(year, name), Path.Combine(photos, album, name));
                File.Copy(Path.Combine(year, name + ".json"), Path.Combine(photos, album, name + ".json"));
            }
        }
        var output = Path.Combine(_work, "People");

        var organize = await FaceSortProcess.RunAsync(["organize", Path.Combine(_work, "Takeout"), "--out", output, "--json"]);
        var people = await FaceSortProcess.RunAsync(["people", "--library", Path.Combine(output, ".facesort"), "--json"]);

        organize.ExitCode.ShouldBe(0, organize.Stderr);
        JsonDocument.Parse(organize.Stdout).RootElement.GetProperty("scan").GetProperty("photos_found").GetInt32().ShouldBe(9);
        people.ExitCode.ShouldBe(0, people.Stderr);
        var listed = JsonDocument.Parse(people.Stdout).RootElement.EnumerateArray().ToList();
        listed.Count.ShouldBeGreaterThanOrEqualTo(3);
        foreach (var person in listed)
        {
            var folder = person.GetProperty("person").GetString()!;
            person.GetProperty("photos").GetInt32().ShouldBe(Directory.GetFiles(Path.Combine(output, folder)).Length,
                $"{folder}: photos counted in `people` against the files in its folder");
        }
        // Faces still count each file's face: each can be corrected on its own.
        listed.Sum(p => p.GetProperty("faces").GetInt32()).ShouldBeGreaterThan(listed.Sum(p => p.GetProperty("photos").GetInt32()));
    }

    [Fact]
    public async Task With_raw_the_raw_file_beside_a_photo_goes_into_its_person_folder_without_being_scanned()
    {
        // Penny's portraits as a camera set to raw + PNG would leave them: penny1.DNG beside penny1.png. The scan reads
        // the picture once, from the PNG; --with-raw puts the raw file in Penny's folder beside it.
        var photos = Path.Combine(_work, "penny");
        TestFiles.CopyTree(Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt", "penny"), photos);
        File.Copy(Path.Combine(FaceSortProcess.Fixtures, "raw", "bbt3-turned.dng"), Path.Combine(photos, "penny1.DNG"));
        var output = Path.Combine(_work, "People");

        var run = await FaceSortProcess.RunAsync(["organize", photos, "--out", output, "--with-raw", "--json"]);

        run.ExitCode.ShouldBe(0, run.Stderr);
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        json.GetProperty("scan").GetProperty("photos_scanned").GetInt32().ShouldBe(5, "the raw file is the PNG's picture, not a photo of its own");
        var folder = Path.Combine(output, "Person_001");
        Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .ShouldBe(["penny1.DNG", "penny1.png", "penny2.png", "penny3.png", "penny4.png", "penny5.png"]);
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

    [Fact]
    public async Task An_output_at_or_inside_a_scanned_folder_is_refused_so_a_later_scan_does_not_read_its_copies()
    {
        var photos = Path.Combine(_work, "penny");
        TestFiles.CopyTree(Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt", "penny"), photos);
        var link = Path.Combine(_work, "link");
        Directory.CreateSymbolicLink(link, photos);

        foreach (var output in new[] { Path.Combine(photos, "People"), photos + "/", Path.Combine(link, "People") })
        {
            var organize = await FaceSortProcess.RunAsync(["organize", photos, "--out", output]);
            organize.ExitCode.ShouldBe(2, output);
            organize.Stderr.ShouldContain("the next scan would read its own copies; choose a folder outside it");
        }
        Directory.Exists(Path.Combine(photos, "People")).ShouldBeFalse();
        Directory.Exists(Path.Combine(photos, ".facesort")).ShouldBeFalse("refused before anything was scanned");

        // export: the library's scanned folders count, and a sibling whose name merely starts the same is fine.
        var library = Path.Combine(_work, "library");
        (await FaceSortProcess.RunAsync(["organize", photos, "--out", Path.Combine(_work, "People"), "--library", library, "--json"])).ExitCode.ShouldBe(0);
        var inside = await FaceSortProcess.RunAsync(["export", "--library", library, "--out", Path.Combine(photos, "2024", "People")]);
        inside.ExitCode.ShouldBe(2);
        inside.Stderr.ShouldContain($"is inside the scanned folder {photos}");
        (await FaceSortProcess.RunAsync(["export", "--library", library, "--out", photos + "-People", "--json"])).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Scanning_a_folder_that_holds_an_earlier_export_does_not_import_its_copies()
    {
        var parent = Path.Combine(_work, "photos");
        TestFiles.CopyTree(Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt", "penny"), Path.Combine(parent, "penny"));
        var penny = Directory.GetFiles(Path.Combine(parent, "penny")).Length;
        (await FaceSortProcess.RunAsync(["organize", Path.Combine(parent, "penny"), "--out", Path.Combine(parent, "People"), "--json"])).ExitCode.ShouldBe(0);
        Directory.EnumerateFiles(Path.Combine(parent, "People"), "penny1.png", SearchOption.AllDirectories).ShouldNotBeEmpty();

        var scan = await FaceSortProcess.RunAsync(["scan", parent, "--library", Path.Combine(_work, "library"), "--json"]);

        scan.ExitCode.ShouldBe(0, scan.Stderr);
        JsonDocument.Parse(scan.Stdout).RootElement.GetProperty("photos_found").GetInt32().ShouldBe(penny, "the export's copies are not photos to scan");
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
