using BenchmarkDotNet.Attributes;
using FaceSort.Core.Imaging;

namespace FaceSort.Benchmarks.Imaging;

/// <summary>
/// Which library decodes photos for face detection: time and managed allocation to decode to at most 640 px on the
/// long side (what detection needs) and in full, per library. Native memory is not seen here; `imaging-peak` in
/// Program.cs measures peak RSS per case in a fresh process. Answers go to docs/imaging.md.
/// </summary>
[MemoryDiagnoser]
[InProcess]
[WarmupCount(2)]
[IterationCount(8)]
public class DecodeNetVipsVsSkiaVsOpenCv
{
    /// <summary>0 = full size.</summary>
    [Params(640, 0)]
    public int MaxLongSide { get; set; }

    [ParamsSource(nameof(PhotoNames))]
    public string Photo { get; set; } = "";

    public static IEnumerable<string> PhotoNames => BenchImages.Photos;

    private string _path = "";
    private readonly VipsPhotoDecoder _vips = new();
    private readonly SkiaPhotoDecoder _skia = new();
    private readonly OpenCvPhotoDecoder _openCv = new();

    private int Limit => MaxLongSide == 0 ? int.MaxValue : MaxLongSide;

    [GlobalSetup]
    public void Setup() => _path = BenchImages.Create().PhotoPath(Photo);

    [Benchmark(Baseline = true)]
    public RgbImage NetVips() => _vips.Decode(_path, Limit);

    [Benchmark]
    public RgbImage SkiaSharp() => _skia.Decode(_path, Limit);

    [Benchmark]
    public RgbImage OpenCvSharp() => _openCv.Decode(_path, Limit);
}
