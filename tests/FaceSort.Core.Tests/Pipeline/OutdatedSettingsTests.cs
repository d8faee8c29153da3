using FaceSort.Core.Embedding;
using FaceSort.Core.Imaging;
using FaceSort.Core.Library;
using FaceSort.Core.Models;
using FaceSort.Core.Pipeline;

namespace FaceSort.Core.Tests.Pipeline;

/// <summary>
/// A FaceSort upgrade that changes a preprocessing step (the contrast stretch) changes the embedder's id while the model
/// files stay. A scan of a new folder must bring the library's other photos up to date too: left in the old embedding
/// space, none of their people could take the new photos' faces.
/// </summary>
[Collection(ModelCollection.Name)]
public sealed class OutdatedSettingsTests(ModelFixture fixture) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-outdated-").FullName;

    [Fact]
    public async Task A_scan_of_a_new_folder_brings_photos_scanned_with_older_settings_up_to_date()
    {
        var token = TestContext.Current.CancellationToken;
        var old = Path.Combine(_work, "old");
        var fresh = Path.Combine(_work, "new");
        foreach (var person in new[] { "amy", "howard" })
        {
            Directory.CreateDirectory(Path.Combine(old, person));
            for (var i = 1; i <= 3; i++)
                File.Copy(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", person, $"{person}{i}.png"), Path.Combine(old, person, $"{person}{i}.png"));
        }
        Directory.CreateDirectory(fresh);
        File.Copy(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "amy", "amy4.png"), Path.Combine(fresh, "amy4.png"));
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));

        // What an earlier FaceSort made: the same model files, embedded without the stretch.
        using (var earlier = new ModelSet(ModelDirectory.Open(TestPaths.Models), embedding: new EmbeddingOptions { ContrastStretchPercent = 0 }))
            await new ScanService(library, new VipsPhotoDecoder(), earlier.Detector, earlier.Aligner, earlier.Embedder).ScanAsync([old], null, token);
        var oldIds = new FaceStore(library).AllPresent().Select(f => f.Id).Order().ToList();

        var models = fixture.Models;
        var summary = await new ScanService(library, new VipsPhotoDecoder(), models.Detector, models.Aligner, models.Embedder).ScanAsync([fresh], null, token);

        summary.PhotosOutdated.ShouldBe(6);
        var faces = new FaceStore(library).AllPresent();
        faces.Count.ShouldBe(7);
        new FaceStore(library).AllPresent(models.Embedder.ModelId).Count.ShouldBe(7, "one embedding space");
        // The old photos keep their faces' ids (and with them people and corrections).
        faces.Select(f => f.Id).Where(oldIds.Contains).Count().ShouldBe(6);

        // Up to date now: the next scan of the new folder finds nothing elsewhere to redo.
        (await new ScanService(library, new VipsPhotoDecoder(), models.Detector, models.Aligner, models.Embedder).ScanAsync([fresh], null, token))
            .PhotosOutdated.ShouldBe(0);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
