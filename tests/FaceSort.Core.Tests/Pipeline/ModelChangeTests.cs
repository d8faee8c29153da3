using FaceSort.Core.Clustering;
using FaceSort.Core.Corrections;
using FaceSort.Core.Detection;
using FaceSort.Core.Imaging;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;

namespace FaceSort.Core.Tests.Pipeline;

/// <summary>
/// Changing a model re-processes every photo, and the user's work survives: a rescan with another detector (SCRFD,
/// user-supplied) maps old faces to new ones by box overlap, so names, moved faces and "not this person" still hold.
/// </summary>
[Collection(ModelCollection.Name)]
public sealed class ModelChangeTests(ModelFixture fixture) : IDisposable
{
    private static readonly string ScrfdPath = Path.Combine(TestPaths.SharedModels, "scrfd_2.5g_bnkps.onnx");
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-models-").FullName;

    [Fact]
    public async Task Names_and_corrections_survive_a_rescan_with_another_detector()
    {
        Assert.SkipUnless(File.Exists(ScrfdPath), $"SCRFD model not present at {ScrfdPath} (optional, user-supplied)");
        var token = TestContext.Current.CancellationToken;
        var photos = CopyOf(Path.Combine(TestPaths.Fixtures, "faceapi-bbt"));
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        await Scan(library, photos, fixture.Models.Detector);
        new PeopleUpdater(library).Update(new FaceSortClusterer(), cancellationToken: token);

        var people = new PeopleStore(library);
        var summaries = people.Summaries();
        var named = summaries[0].Person.Id;
        var other = summaries[1].Person.Id;
        var corrections = new CorrectionService(library);
        corrections.Rename(named, "Sheldon");
        var before = people.Assignments();
        var moved = before.First(a => a.Value.PersonId == other).Key;
        corrections.MoveFaces([moved], named);
        var rejected = before.Where(a => a.Value.PersonId == named).Select(a => a.Key).Order().Last();
        corrections.RejectFaces([rejected], named);
        before = people.Assignments();

        // SCRFD scores tight crops lower than YuNet: at YuNet's 0.75 it misses 9 of these 40 portraits, at 0.5 none.
        using var scrfd = new ScrfdDetector(ScrfdPath, new DetectionOptions { MinScore = 0.5f });
        var rescan = await Scan(library, photos, scrfd);

        rescan.PhotosScanned.ShouldBe(45, "other models: every photo is processed again");
        Detectors(library).ShouldBe([scrfd.ModelId]);
        new PeopleUpdater(library).Update(new FaceSortClusterer(), cancellationToken: token);
        var after = people.Assignments();
        people.Summaries().Single(p => p.Person.Id == named).Person.Name.ShouldBe("Sheldon");
        after[moved].ShouldBe((named, AssignmentSource.User), "the face the user moved keeps its id and its person");
        people.Rejections().ShouldContain((rejected, named));
        (after.TryGetValue(rejected, out var r) ? r.PersonId : 0).ShouldNotBe(named, "a rejected face never comes back");
        var kept = before.Count(b => after.TryGetValue(b.Key, out var a) && a.PersonId == b.Value.PersonId);
        kept.ShouldBeGreaterThanOrEqualTo(before.Count * 9 / 10, $"{kept} of {before.Count} assigned faces kept id and person");

        var again = await Scan(library, photos, scrfd);
        again.PhotosUnchanged.ShouldBe(45, "the same models again: nothing to do");
    }

    private async Task<ScanSummary> Scan(LibraryDatabase library, string photos, IFaceDetector detector)
    {
        var models = fixture.Models;
        var service = new ScanService(library, new VipsPhotoDecoder(), detector, models.Aligner, models.Embedder);
        return await service.ScanAsync([photos], null, TestContext.Current.CancellationToken);
    }

    private static List<string> Detectors(LibraryDatabase library)
    {
        using var connection = library.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT detector FROM faces";
        using var reader = command.ExecuteReader();
        var list = new List<string>();
        while (reader.Read()) list.Add(reader.GetString(0));
        return list;
    }

    private string CopyOf(string source) => FixturePhotos.CopyTo(source, Path.Combine(_work, "photos"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
