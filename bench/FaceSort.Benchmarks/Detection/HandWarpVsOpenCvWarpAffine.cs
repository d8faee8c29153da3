using BenchmarkDotNet.Attributes;
using FaceSort.Core.Alignment;
using FaceSort.Core.Detection;
using FaceSort.Core.Imaging;
using OpenCvSharp;

namespace FaceSort.Benchmarks.Detection;

/// <summary>
/// Settles whether the hand-written bilinear warp (Span, no allocation) is fast enough next to OpenCV's warpAffine
/// for one 112×112 face, on the faces of faceapi-bbt/group/bbt4.jpg (about 1.2× the template: no supersampling).
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class HandWarpVsOpenCvWarpAffine
{
    private RgbImage _image = null!;
    private Mat _mat = null!;
    private Landmarks5 _landmarks;
    private readonly byte[] _output = new byte[112 * 112 * 3];
    private readonly ArcFaceAligner _aligner = new();
    private Mat _dst = null!;

    [GlobalSetup]
    public void Setup()
    {
        _image = new VipsPhotoDecoder().Decode(Path.Combine(RepoPaths.SharedData, "faceapi-bbt", "group", "bbt4.jpg"), 4096);
        using var detector = FaceDetectorFactory.Create(FaceSort.Core.Models.ModelDirectory.Open(RepoPaths.Models));
        _landmarks = detector.Detect(_image)[0].Landmarks;
        _mat = Mat.FromPixelData(_image.Height, _image.Width, MatType.CV_8UC3, _image.Pixels);
        _dst = new Mat(112, 112, MatType.CV_8UC3);
    }

    [Benchmark(Baseline = true)]
    public byte Hand()
    {
        _aligner.Align(_image, _landmarks, _output);
        return _output[0];
    }

    [Benchmark]
    public byte OpenCvWarpAffine()
    {
        var t = SimilarityTransform.ToArcFaceTemplate(_landmarks);
        using var m = new Mat(2, 3, MatType.CV_64FC1);
        m.Set(0, 0, t.A); m.Set(0, 1, -t.B); m.Set(0, 2, t.Tx);
        m.Set(1, 0, t.B); m.Set(1, 1, t.A); m.Set(1, 2, t.Ty);
        Cv2.WarpAffine(_mat, _dst, m, new Size(112, 112), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(0));
        return _dst.At<byte>(0, 0);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _mat.Dispose();
        _dst.Dispose();
    }
}
