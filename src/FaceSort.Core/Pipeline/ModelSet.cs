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

    public void Dispose()
    {
        Detector.Dispose();
        Embedder.Dispose();
    }
}
