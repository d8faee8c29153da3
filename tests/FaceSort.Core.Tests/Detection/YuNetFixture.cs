using FaceSort.Core.Detection;
using FaceSort.Core.Imaging;
using FaceSort.Core.Models;

namespace FaceSort.Core.Tests.Detection;

/// <summary>The bundled YuNet model, loaded once for every test class that detects.</summary>
public sealed class YuNetFixture : IDisposable
{
    public YuNetFixture()
    {
        Models = ModelDirectory.Open(TestPaths.Models);
        Detector = FaceDetectorFactory.Create(Models);
        NoRetryDetector = new YuNetDetector(Models, Models.Manifest.Detector, new DetectionOptions { TightCropPadding = 0 });
    }

    public ModelDirectory Models { get; }

    /// <summary>The detector with default options, as the scan builds it.</summary>
    public IFaceDetector Detector { get; }

    /// <summary>The same model with the tight-crop retry switched off.</summary>
    public IFaceDetector NoRetryDetector { get; }

    public VipsPhotoDecoder Decoder { get; } = new();

    public RgbImage Fixture(string relativePath, int maxLongSide = 4096) =>
        Decoder.Decode(Path.Combine(TestPaths.Fixtures, relativePath), maxLongSide);

    public void Dispose()
    {
        Detector.Dispose();
        NoRetryDetector.Dispose();
    }
}
