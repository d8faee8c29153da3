using FaceSort.Core.Imaging;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;

namespace FaceSort.Core.Tests.Pipeline;

/// <summary>
/// A folder scanned inside (or around) a folder already in the library: every file stays in the library once, under
/// the outermost scanned folder, with its face ids — found by exploratory testing, where scanning a subfolder after its
/// parent stored its photos twice and exported each twice.
/// </summary>
[Collection(ModelCollection.Name)]
public sealed class NestedFolderTests(ModelFixture fixture) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-nested-").FullName;

    private string Parent => Path.Combine(_work, "photos");
    private string Child => Path.Combine(Parent, "2019");

    private LibraryDatabase NewLibrary()
    {
        Directory.CreateDirectory(Child);
        File.Copy(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "amy", "amy1.png"), Path.Combine(Parent, "amy1.png"), overwrite: true);
        File.Copy(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", "bbt1.jpg"), Path.Combine(Child, "bbt1.jpg"), overwrite: true);
        return LibraryDatabase.Open(Path.Combine(_work, Path.GetRandomFileName()));
    }

    [Fact]
    public async Task A_subfolder_scanned_after_its_parent_adds_nothing_and_marks_nothing_missing()
    {
        var library = NewLibrary();
        await Scan(library, Parent);
        var before = Faces(library);

        var summary = await Scan(library, Child);

        summary.PhotosUnchanged.ShouldBe(1);
        summary.PhotosScanned.ShouldBe(0);
        summary.PhotosMissing.ShouldBe(0, "amy1 is outside the subfolder the scan walked");
        Faces(library).ShouldBe(before);
        new PhotoStore(library).All().Select(p => (p.RelativePath, p.Status)).Order()
            .ShouldBe([("2019/bbt1.jpg", PhotoStatus.Done), ("amy1.png", PhotoStatus.Done)]);
    }

    [Fact]
    public async Task A_parent_scanned_after_its_subfolder_takes_its_photos_with_their_faces()
    {
        var library = NewLibrary();
        await Scan(library, Child);
        var childFaces = Faces(library);
        childFaces.Count.ShouldBe(4);

        var summary = await Scan(library, Parent);

        summary.PhotosScanned.ShouldBe(1, "only amy1 is new");
        summary.PhotosUnchanged.ShouldBe(1);
        var all = Faces(library);
        all.Count.ShouldBe(5);
        foreach (var (id, path) in childFaces) all.ShouldContain((id, "2019/bbt1.jpg"), $"face {id} ({path}) keeps its id under the parent");
        new PhotoStore(library).All().Select(p => p.RootPath).Distinct().ShouldBe([Parent]);
    }

    [Fact]
    public async Task Scanning_a_folder_and_its_subfolder_at_once_walks_each_file_once()
    {
        var library = NewLibrary();

        var summary = await Scan(library, Child, Parent);

        summary.PhotosScanned.ShouldBe(2);
        Faces(library).Count.ShouldBe(5);
    }

    private Task<ScanSummary> Scan(LibraryDatabase library, params string[] folders)
    {
        var models = fixture.Models;
        var service = new ScanService(library, new VipsPhotoDecoder(), models.Detector, models.Aligner, models.Embedder);
        return service.ScanAsync(folders, null, TestContext.Current.CancellationToken);
    }

    private static List<(long Id, string Path)> Faces(LibraryDatabase library)
    {
        var paths = new PhotoStore(library).All().ToDictionary(p => p.Id, p => p.RelativePath);
        return [.. new FaceStore(library).AllPresent().Select(f => (f.Id, paths[f.PhotoId])).Order()];
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
