using FaceSort.Core.Clustering;
using FaceSort.Core.Corrections;
using FaceSort.Core.Detection;
using FaceSort.Core.Imaging;
using FaceSort.Core.Library;
using FaceSort.Core.Models;
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

        using var scrfd = new ScrfdDetector(ScrfdPath);
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

    [Fact]
    public async Task Faces_of_a_folder_not_yet_rescanned_with_the_new_embedder_keep_their_people_and_do_not_mix_in()
    {
        var token = TestContext.Current.CancellationToken;
        var bbt = Path.Combine(TestPaths.Fixtures, "faceapi-bbt");
        var rescanned = FixturePhotos.CopyTo(Path.Combine(bbt, "amy"), Path.Combine(_work, "a", "amy"));
        var waiting = FixturePhotos.CopyTo(Path.Combine(bbt, "penny"), Path.Combine(_work, "b", "penny"));
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        await Scan(library, rescanned, fixture.Models.Detector);
        await Scan(library, waiting, fixture.Models.Detector);
        new PeopleUpdater(library).Update(new FaceSortClusterer(), cancellationToken: token);
        var people = new PeopleStore(library);
        var before = people.Assignments();
        var pennyFaces = new FaceStore(library).AllPresent().Where(f => PhotoPath(library, f.PhotoId).Contains("/b/", StringComparison.Ordinal)).Select(f => f.Id).ToList();
        pennyFaces.ShouldAllBe(f => before.ContainsKey(f));

        // Another embedder (the same network under another file name: another model id, so another space as far as
        // the library knows); only folder a is scanned with it.
        using var other = new ModelSet(ModelDirectory.Open(ModelsWithRenamedEmbedder()));
        var service = new ScanService(library, new VipsPhotoDecoder(), other.Detector, other.Aligner, other.Embedder);
        (await service.ScanAsync([rescanned], null, token)).PhotosScanned.ShouldBe(5, "other models: scanned again");
        new FaceStore(library).CurrentSpace()?.Embedder.ShouldBe(other.Embedder.ModelId);
        var summary = new PeopleUpdater(library).Update(new FaceSortClusterer(), full: true, cancellationToken: token);

        summary.Faces.ShouldBe(5, "only the faces in the new embedder's space are clustered");
        var after = people.Assignments();
        foreach (var face in pennyFaces) after[face].ShouldBe(before[face], "faces waiting for a rescan keep their person");
    }

    [Fact]
    public async Task A_library_from_before_sharpness_is_rescanned_once_and_keeps_its_faces_and_people()
    {
        var token = TestContext.Current.CancellationToken;
        var photos = CopyOf(Path.Combine(TestPaths.Fixtures, "faceapi-bbt"));
        var path = Path.Combine(_work, "library");
        var library = LibraryDatabase.Open(path);
        await Scan(library, photos, fixture.Models.Detector);
        new PeopleUpdater(library).Update(new FaceSortClusterer(), cancellationToken: token);
        new CorrectionService(library).Rename(new PeopleStore(library).Summaries()[0].Person.Id, "Sheldon");
        var before = new PeopleStore(library).Assignments();
        using (var connection = library.Connect())
        using (var command = connection.CreateCommand())
        {
            // What a library written before sharpness existed looks like.
            command.CommandText = "ALTER TABLE faces DROP COLUMN sharpness; DROP INDEX photos_picture_hash; ALTER TABLE photos DROP COLUMN picture_hash; UPDATE meta SET value = '4' WHERE key = 'schema_version';";
            command.ExecuteNonQuery();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        library = LibraryDatabase.Open(path);
        new FaceStore(library).AllPresent().ShouldAllBe(f => f.Sharpness == null);
        var rescan = await Scan(library, photos, fixture.Models.Detector);

        rescan.PhotosScanned.ShouldBe(45, "every photo with faces is processed once more");
        new FaceStore(library).AllPresent().ShouldAllBe(f => f.Sharpness > 0);
        new PeopleStore(library).Assignments().ShouldBe(before, ignoreOrder: true);
        new PeopleStore(library).Summaries().ShouldContain(p => p.Person.Name == "Sheldon");
        (await Scan(library, photos, fixture.Models.Detector)).PhotosUnchanged.ShouldBe(45, "and then not again");
    }

    private string ModelsWithRenamedEmbedder()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_work, "models")).FullName;
        foreach (var file in Directory.GetFiles(TestPaths.Models)) File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        File.Move(Path.Combine(directory, "mobilefacenet_batch.onnx"), Path.Combine(directory, "mobilefacenet_renamed.onnx"));
        var manifest = Path.Combine(directory, "models.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("mobilefacenet_batch.onnx", "mobilefacenet_renamed.onnx", StringComparison.Ordinal));
        return directory;
    }

    private static string PhotoPath(LibraryDatabase library, long photoId) => new PhotoStore(library).Get(photoId)!.FullPath;

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
