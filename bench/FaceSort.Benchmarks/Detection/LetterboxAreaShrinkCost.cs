using BenchmarkDotNet.Attributes;
using FaceSort.Core.Detection;
using FaceSort.Core.Imaging;

namespace FaceSort.Benchmarks.Detection;

/// <summary>
/// Asks how much the hand-written area shrink into the 640×640 input costs next to the ~12 ms network run, by the size
/// the scan decodes photos at (a copy at 640, a shrink from 1280 and from 2000 long side, the photo's full size).
/// </summary>
[ShortRunJob]
public class LetterboxAreaShrinkCost
{
    private readonly float[] _input = new float[3 * 640 * 640];
    private RgbImage _image = null!;

    [Params(640, 1280, 2000)]
    public int LongSide { get; set; }

    [GlobalSetup]
    public void Setup() =>
        _image = new VipsPhotoDecoder().Decode(Path.Combine(RepoPaths.SharedData, "ageitgey-people", "group", "obama_and_biden.jpg"), LongSide);

    [Benchmark]
    public int Fill() => Letterbox.Fill(_image, _input, 640, 640, bgr: true, mean: 0, std: 1).Width;
}
