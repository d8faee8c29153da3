namespace FaceSort.Core.Clustering;

/// <summary>
/// How much a face can be trusted to describe a person, in [0, 1]: the detector's confidence times a size factor and a
/// sharpness factor. Faces under about 64 px are blurry to a 112×112 recogniser, and so are blurred photos (motion,
/// focus, old scans): their embeddings resemble each other more than their own people, so they may join a person but
/// must not start or bridge one (<see cref="FaceSortOptions.SeedQuality"/>).
/// </summary>
public static class FaceQuality
{
    /// <summary>Shorter box side (original pixels) from which a face counts as full size.</summary>
    public const float FullSizePixels = 64;

    /// <summary>
    /// Sharpness (<see cref="Alignment.FaceSharpness"/>) from which a face counts as fully sharp. Set from a first
    /// reading on lfw (the tuning set) with a third of its photos blurred, taken on OpenCV's crops: clustering still
    /// held at Gaussian σ = 2 px (sharpness about 25 there) and collapsed at σ = 3 (about 12), so a face of typical
    /// detector score 0.9 needs about 27 to seed (0.9 · 27 / 32 ≥ 0.75). FaceSort's own crops measure the same blur
    /// lower (σ = 2: 17, σ = 3: 7), which makes the factor a little stricter than that reading. Sharp faces sit far
    /// above (lfw median 155, glint12 240); about 2 % of them, mostly small or low-detail, fall below 27
    /// (docs/clustering.md, "Blurred faces").
    /// </summary>
    public const float FullSharpness = 32;

    /// <param name="sharpness">Null when unknown (a face stored before sharpness was measured): no penalty.</param>
    public static float Of(float detectorScore, float boxWidth, float boxHeight, float? sharpness = null)
    {
        var size = Math.Clamp(Math.Min(boxWidth, boxHeight) / FullSizePixels, 0f, 1f);
        var sharp = sharpness is { } s ? Math.Clamp(s / FullSharpness, 0f, 1f) : 1f;
        return Math.Clamp(detectorScore, 0f, 1f) * size * sharp;
    }
}
