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
        var (photos, library) = NewLibrary();
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

    [Fact]
    public async Task Faces_that_go_take_their_cards_with_them()
    {
        var (photos, library) = NewLibrary();
        var group = Path.Combine(photos, "group.jpg");
        File.Copy(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", "bbt1.jpg"), group);
        await ScanAsync(library, photos, cutCards: true);
        new FaceStore(library).AllPresent().Count.ShouldBeGreaterThan(2);

        // The group photo is replaced by a portrait under the same name: the group's faces go, Amy's arrives.
        File.Copy(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "amy", "amy1.png"), group, overwrite: true);
        File.SetLastWriteTimeUtc(group, DateTime.UtcNow.AddMinutes(1));
        await ScanAsync(library, photos, cutCards: true);

        var present = new FaceStore(library).AllPresent().Select(f => FaceCards.PathOf(library.Directory, f.Id)).ToHashSet();
        Directory.GetFiles(FaceCards.DirectoryOf(library.Directory), "face-*.jpg").Order()
            .ShouldBe(present.Order(), "the cards of faces no longer in the library are garbage in the thumbs folder");

        // Then the file is damaged: the photo is refused and its faces go, with their cards.
        File.WriteAllText(group, "not a photo any more");
        File.SetLastWriteTimeUtc(group, DateTime.UtcNow.AddMinutes(2));
        await ScanAsync(library, photos, cutCards: false);

        new FaceStore(library).AllPresent().ShouldBeEmpty();
        Directory.GetFiles(FaceCards.DirectoryOf(library.Directory), "face-*.jpg").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_photo_edited_with_its_old_date_kept_leaves_no_card_of_the_photo_before_the_edit()
    {
        var (photos, library) = NewLibrary();
        var amy = Path.Combine(photos, "amy.jpg");
        using (var original = NetVips.Image.NewFromFile(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "amy", "amy1.png")))
        using (var opaque = original.HasAlpha() ? original.Flatten() : original.Copy())
        {
            opaque.Jpegsave(amy, q: 95);
            File.SetLastWriteTimeUtc(amy, new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc));
            await ScanAsync(library, photos, cutCards: true);
            // Edited by a tool that keeps the photo's date (or restored from a backup): older than the card.
            using var darker = (opaque * 0.5).Cast(NetVips.Enums.BandFormat.Uchar);
            darker.Jpegsave(amy, q: 95);
            File.SetLastWriteTimeUtc(amy, new DateTime(2024, 5, 1, 12, 5, 0, DateTimeKind.Utc));
        }
        var face = new FaceStore(library).AllPresent().Single().Id;
        var card = FaceCards.PathOf(library.Directory, face);
        double before;
        using (var cut = NetVips.Image.NewFromFile(card)) before = cut.Avg();

        await ScanAsync(library, photos, cutCards: false);

        new FaceStore(library).AllPresent().Single().Id.ShouldBe(face, "the edited photo's face keeps its id");
        // The card is newer than the photo, so the web app would serve it as it is: it must be gone or show the edit.
        if (File.Exists(card))
            using (var cut = NetVips.Image.NewFromFile(card))
                cut.Avg().ShouldBeLessThan(before * 0.7, "the card shows the photo before the edit");
    }

    [Fact]
    public async Task A_default_scan_cuts_the_cards_of_photos_that_cannot_be_shrunk_while_decoding()
    {
        Assert.SkipUnless(HeifDecoder.IsAvailable, "libheif with an HEVC decoder is not installed");
        var (photos, library) = NewLibrary();
        File.Copy(Path.Combine(TestPaths.Fixtures, "imaging", "amy1.heic"), Path.Combine(photos, "amy.heic"));
        File.Copy(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "penny", "penny1.png"), Path.Combine(photos, "penny.png"));
        var models = fixture.Models;
        await new ScanService(library, new VipsPhotoDecoder(), models.Detector, models.Aligner, models.Embedder)
            .ScanAsync([photos], null, TestContext.Current.CancellationToken);

        var paths = new PhotoStore(library).All().ToDictionary(p => p.Id, p => p.RelativePath);
        var hasCard = new FaceStore(library).AllPresent().ToDictionary(f => paths[f.PhotoId], f => File.Exists(FaceCards.PathOf(library.Directory, f.Id)));
        hasCard.ShouldBe(new Dictionary<string, bool> { ["amy.heic"] = true, ["penny.png"] = false },
            "a HEIC card cut later costs a full decode of the photo; a PNG's is cut on first view");
    }

    [Fact]
    public async Task A_byte_identical_copy_of_a_heic_scanned_later_has_its_cards_too()
    {
        Assert.SkipUnless(HeifDecoder.IsAvailable, "libheif with an HEVC decoder is not installed");
        var (photos, library) = NewLibrary();
        var original = Path.Combine(photos, "2024", "amy.heic");
        Directory.CreateDirectory(Path.GetDirectoryName(original)!);
        File.Copy(Path.Combine(TestPaths.Fixtures, "imaging", "amy1.heic"), original);
        var models = fixture.Models;
        var scan = new ScanService(library, new VipsPhotoDecoder(), models.Detector, models.Aligner, models.Embedder);
        await scan.ScanAsync([photos], null, TestContext.Current.CancellationToken);

        // The same iPhone photo imported again into another folder: its faces are taken from the first, not decoded.
        var copy = Path.Combine(photos, "phone backup", "IMG_0001.heic");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(original, copy);
        await scan.ScanAsync([photos], null, TestContext.Current.CancellationToken);

        var faces = new FaceStore(library).AllPresent();
        faces.Count.ShouldBe(2);
        faces.ShouldAllBe(f => File.Exists(FaceCards.PathOf(library.Directory, f.Id)),
            "a HEIC card cut later costs a full decode of the photo, and the first copy's card is the same picture");
    }

    /// <summary>An empty photo folder and an empty library in this test's work folder.</summary>
    private (string Photos, LibraryDatabase Library) NewLibrary()
    {
        var photos = Path.Combine(_work, "photos");
        Directory.CreateDirectory(photos);
        return (photos, LibraryDatabase.Open(Path.Combine(_work, "library")));
    }

    private async Task ScanAsync(LibraryDatabase library, string photos, bool cutCards)
    {
        var models = fixture.Models;
        var scan = new ScanService(library, new VipsPhotoDecoder(), models.Detector, models.Aligner, models.Embedder, new ScanOptions { CutFaceCards = cutCards ? FaceCardCutting.All : FaceCardCutting.None });
        await scan.ScanAsync([photos], null, TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
