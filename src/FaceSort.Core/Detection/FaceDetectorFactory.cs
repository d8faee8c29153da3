using FaceSort.Core.Models;

namespace FaceSort.Core.Detection;

/// <summary>Builds the detector a models directory names, by its manifest entry's <see cref="ModelEntry.Kind"/>.</summary>
public static class FaceDetectorFactory
{
    public static IFaceDetector Create(ModelDirectory models, DetectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        var entry = models.Manifest.Detector;
        return entry.Kind.ToLowerInvariant() switch
        {
            "yunet" => new YuNetDetector(models, entry, options),
            "scrfd" => new ScrfdDetector(models, entry, options),
            _ => throw new ModelException($"detector kind '{entry.Kind}' in {ModelDirectory.ManifestFileName} is not known (yunet or scrfd)"),
        };
    }
}
