using BenchmarkDotNet.Attributes;
using FaceSort.Core.Imaging;

namespace FaceSort.Benchmarks.Imaging;

/// <summary>
/// What sketching a photo (<see cref="PictureSketch"/>) costs the scan, per photo: the detector's image of a camera
/// photo (640 × 480, faceapi-bbt's group photo bbt1 resized) and of a small one (250 × 250, as lfw's).
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class PictureSketchCost
{
    private RgbImage _camera = null!;
    private RgbImage _small = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(RepoPaths.Root, "tests", "fixtures", "faceapi-bbt", "group", "bbt1.jpg");
        _camera = Load(path, 640, 480);
        _small = Load(path, 250, 250);
    }

    private static RgbImage Load(string path, int width, int height)
    {
        using var photo = NetVips.Image.NewFromFile(path);
        using var resized = photo.ThumbnailImage(width, height: height, size: NetVips.Enums.Size.Force);
        return new RgbImage(resized.Width, resized.Height, resized.WriteToMemory<byte>());
    }

    [Benchmark]
    public long Camera() => PictureSketch.Of(_camera);

    [Benchmark]
    public long Small() => PictureSketch.Of(_small);
}
