using FaceSort.Core.Clustering;
using FaceSort.Core.Export;
using FaceSort.Core.Imaging;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;
using FaceSort.Core.Tests.Imaging;
using FaceSort.Core.Tests.Pipeline;
using NetVips;

namespace FaceSort.Core.Tests.Export;

/// <summary>
/// faceapi-bbt with its group photo bbt1 taken by a phone: the photo, a chat app's forwards of it (smaller, recompressed,
/// without EXIF) and a burst shot a moment later, beside the other photos of the same people, scanned with the bundled
/// models and exported.
/// </summary>
[Collection(ModelCollection.Name)]
public sealed class PictureCopiesTests(ModelFixture fixture) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-copies-").FullName;

    [Fact]
    public async Task A_folder_holds_a_photo_once_without_its_forwards_but_keeps_a_burst_shot_and_other_photos()
    {
        // The fixture's portraits and group photos make the people; bbt1 comes from the phone instead, with its copies.
        var root = FixturePhotos.CopyTo(Path.Combine(TestPaths.Fixtures, "faceapi-bbt"), Path.Combine(_work, "photos"));
        var bbt1 = Path.Combine(root, "group", "bbt1.jpg");
        var original = JpegSegments.WithSegments(File.ReadAllBytes(bbt1), JpegSegments.ExifTaken("2019:06:12 10:00:00", "25"));
        File.Delete(bbt1);
        var photos = Path.Combine(root, "phone");
        Directory.CreateDirectory(photos);
        File.WriteAllBytes(Path.Combine(photos, "IMG_0001.jpg"), original);
        using (var photo = Image.NewFromFile(Path.Combine(photos, "IMG_0001.jpg")))
        {
            // Forwarded, then forwarded again from the forward: each time smaller and recompressed, its EXIF gone.
            using (var forward = photo.Resize(0.6)) forward.Jpegsave(Path.Combine(photos, "IMG-20190612-WA0001.jpg"), q: 60, keep: Enums.ForeignKeep.None);
            using (var again = Image.NewFromFile(Path.Combine(photos, "IMG-20190612-WA0001.jpg")).Resize(0.8))
                again.Jpegsave(Path.Combine(photos, "IMG-20190613-WA0002.jpg"), q: 55, keep: Enums.ForeignKeep.None);
            // The next frame of a burst, a quarter of a second later, of people who kept still: only the time tells.
            var frame = photo.JpegsaveBuffer(q: 92, keep: Enums.ForeignKeep.None);
            File.WriteAllBytes(Path.Combine(photos, "IMG_0001_BURST2.jpg"), JpegSegments.WithSegments(frame, JpegSegments.ExifTaken("2019:06:12 10:00:00", "50")));
            // Another, where the camera moved 6 pixels: the sketch tells.
            using var shifted = photo.Crop(6, 3, photo.Width - 6, photo.Height - 3).Embed(0, 0, photo.Width, photo.Height, extend: Enums.Extend.Copy);
            File.WriteAllBytes(Path.Combine(photos, "IMG_0001_BURST3.jpg"), shifted.JpegsaveBuffer(q: 92, keep: Enums.ForeignKeep.None));
        }
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        var models = fixture.Models;
        await new ScanService(library, new VipsPhotoDecoder(), models.Detector, models.Aligner, models.Embedder)
            .ScanAsync([root], null, TestContext.Current.CancellationToken);
        new PeopleUpdater(library).Update(new FaceSortClusterer(), full: true, cancellationToken: TestContext.Current.CancellationToken);
        new PhotoStore(library).All().Single(p => p.RelativePath == "phone/IMG_0001.jpg").TakenAt.ShouldBe("2019:06:12 10:00:00.25");
        var service = new ExportService(new PhotoStore(library), new FaceStore(library), new PeopleStore(library));

        var export = Path.Combine(_work, "export");
        var summary = service.Export(export, new ExportOptions(), TestContext.Current.CancellationToken);

        var folders = Directory.GetDirectories(export).ToDictionary(d => Path.GetFileName(d), d => Directory.GetFiles(d).Select(f => Path.GetFileName(f)).Order().ToList());
        var withOriginal = folders.Where(f => f.Value.Contains("IMG_0001.jpg")).ToList();
        withOriginal.Count.ShouldBeGreaterThanOrEqualTo(3, "bbt1's people");
        foreach (var (folder, files) in withOriginal)
        {
            files.ShouldNotContain(f => f.Contains("-WA", StringComparison.Ordinal), folder);
            files.ShouldContain("IMG_0001_BURST2.jpg", $"{folder}: a burst shot is a picture of its own");
            files.ShouldContain("IMG_0001_BURST3.jpg", $"{folder}: a burst shot is a picture of its own");
        }
        var otherPhoto = folders.Values.SelectMany(f => f).Count(f => f == "bbt2.jpg");
        otherPhoto.ShouldBeGreaterThan(0);
        summary.CopiesLeftOut.ShouldBe(2 * withOriginal.Count);

        var everything = service.Export(Path.Combine(_work, "all"), new ExportOptions { AllCopies = true }, TestContext.Current.CancellationToken);
        everything.CopiesLeftOut.ShouldBe(0);
        everything.FilesWritten.ShouldBe(summary.FilesWritten + 2 * withOriginal.Count);
        Directory.EnumerateFiles(Path.Combine(_work, "all"), "bbt2.jpg", SearchOption.AllDirectories).Count().ShouldBe(otherPhoto, "another photo of the same people stays");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
