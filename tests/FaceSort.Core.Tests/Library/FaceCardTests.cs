using FaceSort.Core.Imaging;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;
using FaceSort.Core.Tests.Pipeline;

namespace FaceSort.Core.Tests.Library;

/// <summary>
/// Face cards are files named by face id (FaceCards). A face id is given again when the face that had it was the
/// newest and went away, so a new face must never inherit the card of the face that had its id.
/// </summary>
[Collection(ModelCollection.Name)]
public sealed class FaceCardTests(ModelFixture fixture) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-cards-").FullName;

    [Fact]
    public async Task A_new_face_never_shows_the_card_of_the_face_that_had_its_id()
    {
        var photos = Path.Combine(_work, "photos");
        Directory.CreateDirectory(photos);
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        var amy = Path.Combine(photos, "amy.png");
        File.Copy(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "amy", "amy1.png"), amy);
        await ScanAsync(library, photos, cutCards: true);
        var amyFace = new FaceStore(library).AllPresent().Single().Id;
        var card = FaceCards.PathOf(library.Directory, amyFace);
        File.Exists(card).ShouldBeTrue("the scan cut Amy's card");

        // Amy's photo becomes one without a face (her face goes), then Penny's photo arrives in a scan that cuts no cards.
        using (var grey = NetVips.Image.Black(160, 160, bands: 3) + 128)
            grey.Cast(NetVips.Enums.BandFormat.Uchar).Pngsave(amy);
        File.SetLastWriteTimeUtc(amy, DateTime.UtcNow.AddMinutes(1));
        await ScanAsync(library, photos, cutCards: false);
        File.Copy(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "penny", "penny1.png"), Path.Combine(photos, "penny.png"));
        await ScanAsync(library, photos, cutCards: false);

        var pennyFace = new FaceStore(library).AllPresent().Single().Id;
        pennyFace.ShouldBe(amyFace, "SQLite gave the newest id again: the case this test is about");
        File.Exists(card).ShouldBeFalse("Amy's card must not stand for Penny's face");
    }

    private async Task ScanAsync(LibraryDatabase library, string photos, bool cutCards)
    {
        var models = fixture.Models;
        var scan = new ScanService(library, new VipsPhotoDecoder(), models.Detector, models.Aligner, models.Embedder, new ScanOptions { CutFaceCards = cutCards });
        await scan.ScanAsync([photos], null, TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
