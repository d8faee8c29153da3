using BenchmarkDotNet.Attributes;
using FaceSort.Core.Detection;
using FaceSort.Core.Imaging;
using FaceSort.Core.Models;

namespace FaceSort.Benchmarks.Detection;

/// <summary>
/// Settles DetectionOptions.IntraOpThreads: one full Detect (area shrink of a 710×473 photo into 640×640, network,
/// decode, NMS) with 1 or 2 ONNX Runtime threads.
/// </summary>
[ShortRunJob]
public class YuNetIntraOpThreads
{
    private IFaceDetector _detector = null!;
    private RgbImage _image = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _image = new VipsPhotoDecoder().Decode(Path.Combine(RepoPaths.SharedData, "faceapi-bbt", "group", "bbt4.jpg"), 4096);
        _detector = FaceDetectorFactory.Create(ModelDirectory.Open(RepoPaths.Models), new DetectionOptions { IntraOpThreads = Threads });
    }

    [Benchmark]
    public int Detect() => _detector.Detect(_image).Count;

    [GlobalCleanup]
    public void Cleanup() => _detector.Dispose();
}
