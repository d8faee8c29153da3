using FaceSort.Core.Corrections;
using FaceSort.Core.Imaging;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;

namespace FaceSort.Core.Tests.Pipeline;

/// <summary>
/// A photo edited in place (cropped, brightened, re-saved) is new bytes at the same path. Its faces used to be dropped
/// and found again under new ids, which silently undid the user's corrections on them (found by exploratory testing);
/// a face still in the photo now keeps its id, recognised by its embedding.
/// </summary>
[Collection(ModelCollection.Name)]
public sealed class EditedPhotoTests(ModelFixture fixture) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-edited-").FullName;

    [Fact]
    public async Task A_cropped_photo_keeps_its_faces_ids_and_the_users_corrections_on_them()
    {
        var photos = Path.Combine(_work, "photos");
        Directory.CreateDirectory(photos);
        var path = Path.Combine(photos, "bbt1.jpg");
        File.Copy(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", "bbt1.jpg"), path);
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        await Scan(library, photos);
        var before = new FaceStore(library).AllPresent();
        before.Count.ShouldBe(4);
        var corrections = new CorrectionService(library);
        corrections.MoveFaces([before[0].Id], null, "Leonard");
        corrections.MoveFaces([before[1].Id], null, "Penny");

        // Cropped by 60 px left, 40 right, 30 top, 20 bottom, a little brighter, re-saved: every box moves.
        using (var original = NetVips.Image.NewFromFile(path, access: NetVips.Enums.Access.Random))
        using (var cropped = original.Crop(60, 30, original.Width - 100, original.Height - 50))
        using (var brighter = (cropped * 1.1 + 8).Cast(NetVips.Enums.BandFormat.Uchar))
        {
            var bytes = brighter.JpegsaveBuffer(q: 85);
            File.WriteAllBytes(path, bytes);
        }
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));

        var summary = await Scan(library, photos);

        summary.PhotosScanned.ShouldBe(1);
        var after = new FaceStore(library).AllPresent();
        after.Select(f => f.Id).Order().ShouldBe(before.Select(f => f.Id).Order(), "the same four faces, the same ids");
        foreach (var face in after)
            face.Box.X.ShouldNotBe(before.Single(b => b.Id == face.Id).Box.X, "each face has its box in the edited photo");
        var people = new PeopleStore(library);
        var names = people.Summaries().ToDictionary(p => p.Person.Id, p => p.Person.Name);
        var assignments = people.Assignments();
        names[assignments[before[0].Id].PersonId].ShouldBe("Leonard");
        names[assignments[before[1].Id].PersonId].ShouldBe("Penny");
        assignments[before[0].Id].Source.ShouldBe(AssignmentSource.User);
    }

    private Task<ScanSummary> Scan(LibraryDatabase library, string folder)
    {
        var models = fixture.Models;
        var service = new ScanService(library, new VipsPhotoDecoder(), models.Detector, models.Aligner, models.Embedder);
        return service.ScanAsync([folder], null, TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
