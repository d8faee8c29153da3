namespace FaceSort.Core.Clustering;

/// <summary>
/// How much a face can be trusted to describe a person, in [0, 1]: the detector's confidence times a size factor.
/// Faces under about 64 px are blurry to a 112×112 recogniser, so their embeddings scatter; they may join a person
/// but should not start one.
/// </summary>
public static class FaceQuality
{
    /// <summary>Shorter box side (original pixels) from which a face counts as full size.</summary>
    public const float FullSizePixels = 64;

    public static float Of(float detectorScore, float boxWidth, float boxHeight)
    {
        var size = Math.Clamp(Math.Min(boxWidth, boxHeight) / FullSizePixels, 0f, 1f);
        return Math.Clamp(detectorScore, 0f, 1f) * size;
    }
}
