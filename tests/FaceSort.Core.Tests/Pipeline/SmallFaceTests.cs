using FaceSort.Core.Detection;
using FaceSort.Core.Imaging;
using FaceSort.Core.Library;
using FaceSort.Core.Models;
using FaceSort.Core.Pipeline;

namespace FaceSort.Core.Tests.Pipeline;

/// <summary>
/// Large photos with many small faces (a class photo, a wedding group): at the detector's 640 px their faces are 6-19 px
/// and most were missed; a large photo whose whole-image detection gives a small face is searched again in tiles of
/// its detail copy (<see cref="DetectionOptions.SmallFaceLongSide"/>). Photos of ordinary size, and large photos without
/// a small face, are detected exactly as before.
/// </summary>
[Collection(ModelCollection.Name)]
public sealed class SmallFaceTests(ModelFixture fixture) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-small-").FullName;

    [Fact]
    public async Task A_large_group_photo_of_small_faces_gives_them_in_tiles()
    {
        // faceapi-bbt's five group photos (23 faces) laid shrunk to half or so on a grey 4000x3000 JPEG, as the groups
        // of a wedding photo: their faces are 30-60 px there, 5-10 px at 640, where most are too small to see.
        var photos = Path.Combine(_work, "photos");
        Directory.CreateDirectory(photos);
        WriteGroupPhoto(Path.Combine(photos, "wedding.jpg"));

        var faces = await Scan(photos, fixture.Models);
        using var untiled = new ModelSet(ModelDirectory.Open(TestPaths.Models), new DetectionOptions { SmallFaceLongSide = 0 });
        var without = await Scan(photos, untiled);

        var found = faces.GetValueOrDefault("wedding.jpg", []).Count;
        var before = without.GetValueOrDefault("wedding.jpg", []).Count;
        before.ShouldBeInRange(1, 12, "at 640 px most of these faces are too small; a few are seen");
        found.ShouldBeInRange(20, 23, $"the tiles of the 2,000 px detail find them ({before} without), and no face beyond the 23 laid");
    }

    [Fact]
    public void A_photo_of_ordinary_size_is_detected_as_before_and_no_larger_image_is_asked_for()
    {
        var models = ModelDirectory.Open(TestPaths.Models);
        using var detector = FaceDetectorFactory.Create(models, new DetectionOptions());
        using var untiled = FaceDetectorFactory.Create(models, new DetectionOptions { SmallFaceLongSide = 0 });
        var decoder = new VipsPhotoDecoder();
        // bbt1 at its own 710 px (under SmallFaceLongSide), and enlarged to 4,000 px and shrunk to 640 as the scan
        // decodes it: a large photo whose faces are all larger than the hint.
        var bbt1 = Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", "bbt1.jpg");
        var own = decoder.Decode(bbt1, 4096);
        var asked = 0;
        RgbImage? Larger(int side)
        {
            asked++;
            return null;
        }

        Same(detector.Detect(own, 1f, Larger), untiled.Detect(own, 1f));
        var large = decoder.Decode(bbt1, 640);
        Same(detector.Detect(large, 4000f / 640, Larger), untiled.Detect(large, 4000f / 640));
        asked.ShouldBe(0);

        static void Same(IReadOnlyList<DetectedFace> a, IReadOnlyList<DetectedFace> b)
        {
            a.Count.ShouldBe(b.Count);
            a.Count.ShouldBeGreaterThan(0);
            for (var i = 0; i < a.Count; i++) a[i].ShouldBe(b[i]);
        }
    }

    private static void WriteGroupPhoto(string path)
    {
        var canvas = NetVips.Image.Gaussnoise(4000, 3000, mean: 128, sigma: 6).Cast(NetVips.Enums.BandFormat.Uchar);
        canvas = canvas.Bandjoin(canvas, canvas);
        (double Scale, int X, int Y)[] places = [(0.5, 300, 300), (0.6, 1700, 300), (0.6, 2900, 300), (0.6, 300, 1700), (0.75, 1700, 1700)];
        for (var i = 0; i < places.Length; i++)
        {
            using var photo = NetVips.Image.NewFromFile(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", $"bbt{i + 1}.jpg"));
            using var small = photo.Resize(places[i].Scale);
            canvas = canvas.Insert(small, places[i].X, places[i].Y);
        }
        canvas.Jpegsave(path, q: 90, keep: NetVips.Enums.ForeignKeep.None);
        canvas.Dispose();
    }

    private Task<Dictionary<string, List<FaceRecord>>> Scan(string photos, ModelSet models) => ScannedFaces.ByPhotoAsync(_work, photos, models);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
