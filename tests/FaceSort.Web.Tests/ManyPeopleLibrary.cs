using FaceSort.Core.Detection;
using FaceSort.Core.Library;
using Microsoft.AspNetCore.Builder;

namespace FaceSort.Web.Tests;

/// <summary>
/// A library of many people written straight through the library's stores (ScanWriter + PeopleStore), served by a
/// real Kestrel server: person i has 1 + i mod 3 faces with random unit embeddings (or the sizes given), eight faces
/// share a photo (or the number given), and the photos are links to the 40 real faceapi-bbt crops. Building it takes
/// seconds where scanning would take minutes.
/// </summary>
public class ManyPeopleLibrary(IReadOnlyList<int> personSizes, int facesPerPhoto = 8) : IAsyncLifetime
{
    public ManyPeopleLibrary(int peopleCount) : this(Enumerable.Range(0, peopleCount).Select(p => 1 + p % 3).ToArray())
    {
    }

    private readonly string _directory = Directory.CreateTempSubdirectory("facesort-web-many-").FullName;
    private WebApplication _app = null!;

    public int PeopleCount => personSizes.Count;
    public Uri BaseAddress { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var library = Path.Combine(_directory, "library");
        var photos = Path.Combine(_directory, "photos");
        Directory.CreateDirectory(photos);
        var crops = Directory.GetFiles(WebServerFixture.DataDirectory, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var database = LibraryDatabase.Open(library);
        var root = new PhotoStore(database).EnsureRoot(photos);
        var random = new Random(7);
        // Person i has personSizes[i] faces (by default 1 + i % 3, so cards differ in size and order); eight faces share a
        // photo, which keeps the number of files (links) small. Faces are written in person order, so face ids run person
        // by person.
        var faceTotal = personSizes.Sum();
        using (var writer = new ScanWriter(database, batchSize: 512))
        {
            for (var photo = 0; photo * facesPerPhoto < faceTotal; photo++)
            {
                var name = $"p{photo:00000}.png";
                var full = Path.Combine(photos, name);
                File.CreateSymbolicLink(full, crops[photo % crops.Length]);
                var file = new PhotoFile(root, photos, name, full, 1000 + photo, 1_700_000_000_000 + photo);
                var faces = Enumerable.Range(0, Math.Min(facesPerPhoto, faceTotal - photo * facesPerPhoto)).Select(k => new ScannedFace(k,
                    new FaceBox(15, 15, 120, 120), new Landmarks5(50, 60, 100, 60, 75, 85, 55, 110, 95, 110), 0.9f, UnitVector(random))).ToList();
                writer.Write(new PhotoScanResult(file, $"{photo:x64}", 150, 150, "png", faces, null, "det@scale", "emb@scale"));
            }
        }
        var faceIds = new FaceStore(database).AllPresent().OrderBy(f => f.PhotoId).ThenBy(f => f.FaceIndex).Select(f => f.Id).ToArray();
        var clusters = new List<IReadOnlyList<long>>(personSizes.Count);
        for (int person = 0, next = 0; person < personSizes.Count; person++)
        {
            clusters.Add(faceIds[next..(next + personSizes[person])]);
            next += personSizes[person];
        }
        new PeopleStore(database).ReplaceAutomaticAssignments(clusters);
        _app = WebApp.Build(new WebAppOptions { LibraryDirectory = library, Port = 0 });
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First().Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/");
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    private static float[] UnitVector(Random random)
    {
        var v = new float[128];
        for (var i = 0; i < v.Length; i++) v[i] = (float)(random.NextDouble() * 2 - 1);
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        for (var i = 0; i < v.Length; i++) v[i] /= norm;
        return v;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}
