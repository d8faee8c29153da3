using FaceSort.Core.Alignment;
using FaceSort.Core.Detection;
using FaceSort.Core.Embedding;
using FaceSort.Core.Models;

namespace FaceSort.Core.Pipeline;

/// <summary>The detector, aligner and embedder of one models directory, each model loaded once and shared.</summary>
public sealed class ModelSet : IDisposable
{
    public ModelSet(ModelDirectory models, DetectionOptions? detection = null, EmbeddingOptions? embedding = null)
    {
        Detection = detection ?? new DetectionOptions();
        Detector = FaceDetectorFactory.Create(models, Detection);
        try
        {
            Embedder = new OnnxFaceEmbedder(models, embedding);
        }
        catch
        {
            Detector.Dispose();
            throw;
        }
        Aligner = new ArcFaceAligner();
    }

    public DetectionOptions Detection { get; }
    public IFaceDetector Detector { get; }
    public IFaceAligner Aligner { get; }
    public IFaceEmbedder Embedder { get; }

    /// <summary>
    /// Runs each model once per input shape a scan will mostly use (a blank 640×480 photo; every power-of-two batch of
    /// blank faces), so first-run planning is not charged to the first photos. Benchmarks call it before timing.
    /// </summary>
    public void WarmUp()
    {
        Detector.Detect(new Imaging.RgbImage(640, 480, new byte[640 * 480 * 3]));
        var faceBytes = Embedder.InputSize * Embedder.InputSize * 3;
        for (var n = 1; n <= 32; n *= 2)
            Embedder.Embed(new byte[n * faceBytes], n, new float[n * Embedder.Dimension]);
    }

    public void Dispose()
    {
        Detector.Dispose();
        Embedder.Dispose();
    }
}
