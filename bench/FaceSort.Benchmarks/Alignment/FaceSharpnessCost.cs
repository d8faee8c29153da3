using BenchmarkDotNet.Attributes;
using FaceSort.Core.Alignment;

namespace FaceSort.Benchmarks.Alignment;

/// <summary>
/// What measuring a face's sharpness costs the scan, per aligned 112×112 face: glint12's fixture crops as they are
/// (a face wholly inside its photo) and the same crops with a black band over their top quarter (a face cut by the
/// photo's edge, where pixels next to the fill are left out).
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class FaceSharpnessCost
{
    private const int Size = 112;
    private byte[][] _inside = [];
    private byte[][] _cut = [];

    [GlobalSetup]
    public void Setup()
    {
        var files = Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "fixtures", "glint12")).Order(StringComparer.Ordinal).Take(16);
        _inside = files.Select(Load).ToArray();
        _cut = _inside.Select(face =>
        {
            var copy = (byte[])face.Clone();
            Array.Clear(copy, 0, Size * Size * 3 / 4);
            return copy;
        }).ToArray();
    }

    private static byte[] Load(string path)
    {
        using var photo = NetVips.Image.NewFromFile(path);
        using var resized = photo.ThumbnailImage(Size, height: Size, size: NetVips.Enums.Size.Force);
        using var rgb = resized.Bands >= 3 ? resized.ExtractBand(0, 3) : resized.Bandjoin(resized, resized);
        return rgb.Cast(NetVips.Enums.BandFormat.Uchar).WriteToMemory<byte>();
    }

    [Benchmark(OperationsPerInvoke = 16)]
    public float Inside()
    {
        var total = 0f;
        foreach (var face in _inside) total += FaceSharpness.Of(face, Size);
        return total;
    }

    [Benchmark(OperationsPerInvoke = 16)]
    public float CutByTheEdge()
    {
        var total = 0f;
        foreach (var face in _cut) total += FaceSharpness.Of(face, Size);
        return total;
    }
}
