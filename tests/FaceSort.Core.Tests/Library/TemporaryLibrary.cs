using FaceSort.Core.Detection;
using FaceSort.Core.Library;

namespace FaceSort.Core.Tests.Library;

/// <summary>A real SQLite library in a temporary directory, deleted afterwards, with helpers to add photos.</summary>
public sealed class TemporaryLibrary : IDisposable
{
    public TemporaryLibrary()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("facesort-test-").FullName;
        PhotosRoot = Path.Combine(Directory, "photos");
        System.IO.Directory.CreateDirectory(PhotosRoot);
        Database = LibraryDatabase.Open(Path.Combine(Directory, "library"));
        Photos = new PhotoStore(Database);
        Faces = new FaceStore(Database);
        People = new PeopleStore(Database);
        RootId = Photos.EnsureRoot(PhotosRoot);
    }

    public string Directory { get; }
    public string PhotosRoot { get; }
    public LibraryDatabase Database { get; }
    public PhotoStore Photos { get; }
    public FaceStore Faces { get; }
    public PeopleStore People { get; }
    public long RootId { get; }

    /// <summary>Writes a small file at <paramref name="relativePath"/> and records it with one face per embedding.</summary>
    public void AddPhoto(string relativePath, params float[][] embeddings) => AddPhoto(relativePath, relativePath, embeddings);

    /// <summary>As <see cref="AddPhoto(string, float[][])"/>, with the content hash given: the same hash is a copy of one file.</summary>
    public void AddPhotoWithHash(string relativePath, string sha256, params float[][] embeddings) => AddPhoto(relativePath, sha256, embeddings);

    private void AddPhoto(string relativePath, string sha256, float[][] embeddings)
    {
        var full = Path.Combine(PhotosRoot, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, "photo " + relativePath);
        var info = new FileInfo(full);
        var file = new PhotoFile(RootId, PhotosRoot, relativePath, full, info.Length, new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeMilliseconds());
        var faces = embeddings.Select((e, i) => new ScannedFace(i, new FaceBox(10 + 100 * i, 20, 80, 90),
            new Landmarks5(30, 50, 60, 50, 45, 65, 35, 80, 55, 80), 0.9f, e)).ToList();
        using var writer = new ScanWriter(Database);
        writer.Write(new PhotoScanResult(file, sha256, 640, 480, "jpeg", faces, null, "det@test", "emb@test"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
