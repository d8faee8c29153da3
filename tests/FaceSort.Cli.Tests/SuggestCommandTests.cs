using System.Globalization;
using System.Text.Json;
using FaceSort.Core.Corrections;
using FaceSort.Core.Detection;
using FaceSort.Core.Library;
using static FaceSort.Tests.Shared.TestVectors;

namespace FaceSort.Cli.Tests;

/// <summary>
/// <c>facesort suggest</c> names a face's copies (a stranger's photo saved three times) beside it, in text and in
/// <c>--json</c>, so one <c>move</c> or <c>reject</c> answers for all of them. The library is written through Core's
/// stores with chosen embeddings: three named people of four photos each and the three copies, unassigned.
/// </summary>
public sealed class SuggestCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-suggest-").FullName;

    [Fact]
    public async Task A_face_and_its_copies_are_one_suggestion()
    {
        var library = Path.Combine(_work, "library");
        var copies = WriteLibrary(library);

        var json = await FaceSortProcess.RunAsync(["suggest", "--library", library, "--json"]);
        json.ExitCode.ShouldBe(0, json.Stderr);
        var face = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("faces").EnumerateArray().ShouldHaveSingleItem();
        var asked = face.GetProperty("face").GetInt64();
        face.GetProperty("copies").EnumerateArray().Select(c => c.GetInt64()).Prepend(asked).Order().ShouldBe(copies);

        var text = await FaceSortProcess.RunAsync(["suggest", "--library", library]);
        text.ExitCode.ShouldBe(0, text.Stderr);
        var others = copies.Where(id => id != asked).Select(id => id.ToString(CultureInfo.InvariantCulture));
        text.Stdout.ShouldContain($"face {asked} (+ copies {string.Join(", ", others)}) -> {face.GetProperty("person").GetString()} (");
    }

    // Returns the copies' face ids, ascending.
    private List<long> WriteLibrary(string path)
    {
        var database = LibraryDatabase.Open(path);
        var photos = Path.Combine(_work, "photos");
        Directory.CreateDirectory(photos);
        var root = new PhotoStore(database).EnsureRoot(photos);
        using (var writer = new ScanWriter(database))
        {
            void Add(string name, float[] embedding)
            {
                var file = new PhotoFile(root, photos, name, Path.Combine(photos, name), 1000, 1_700_000_000_000);
                var face = new ScannedFace(0, new FaceBox(10, 20, 80, 90), new Landmarks5(30, 50, 60, 50, 45, 65, 35, 80, 55, 80), 0.9f, embedding);
                writer.Write(new PhotoScanResult(file, name, 640, 480, "jpeg", [face], null, "det@test", "emb@test"));
            }
            for (var person = 0; person < 3; person++)
                for (var i = 0; i < 4; i++) Add($"person{person}-{i}.jpg", Near(Axis(person), 10 * person + i + 1, 0.35f));
            var stranger = Near(Axis(4), 100, 0.35f);
            for (var i = 0; i < 3; i++) Add($"saved-{i}.jpg", Near(stranger, 300 + i, 0.05f));
        }
        var paths = new PhotoStore(database).All().ToDictionary(p => p.Id, p => p.RelativePath);
        var faces = new FaceStore(database).AllPresent().ToDictionary(f => paths[f.PhotoId], f => f.Id);
        var people = new PeopleStore(database);
        people.ReplaceAutomaticAssignments(
            [.. Enumerable.Range(0, 3).Select(person => (IReadOnlyList<long>)[.. Enumerable.Range(0, 4).Select(i => faces[$"person{person}-{i}.jpg"])])]);
        var corrections = new CorrectionService(database);
        string[] names = ["Anna", "Bob", "Carl"];
        for (var person = 0; person < 3; person++) corrections.Rename(people.Assignments()[faces[$"person{person}-0.jpg"]].PersonId, names[person]);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return [.. Enumerable.Range(0, 3).Select(i => faces[$"saved-{i}.jpg"]).Order()];
    }



    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
