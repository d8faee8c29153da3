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
    /// reading on lfw (the tuning set) with a third of its photos blurred: clustering still held at Gaussian σ = 2 px
    /// and collapsed at σ = 3, which put the full mark at 32 on the Laplacian's scale (σ = 2 faces about half of it);
    /// the weakest-direction measure reads Gaussian blur about 0.32 as high (σ = 2: 5.5 against 17, σ = 3: 2.2 against
    /// 7), hence 10. Sharp faces sit well above (lfw median 46, glint12 73); a face of detector score 0.9 needs about
    /// 8.3 to seed (0.9 · 8.3 / 10 ≥ 0.75), which 3.2 % of lfw's and 1.5 % of glint12's faces, mostly small or smooth, miss
    /// (docs/clustering.md, "Blurred faces").
    /// </summary>
    public const float FullSharpness = 10;

    /// <param name="sharpness">Null when unknown (a face stored before sharpness was measured): no penalty.</param>
    public static float Of(float detectorScore, float boxWidth, float boxHeight, float? sharpness = null)
    {
        var size = Math.Clamp(Math.Min(boxWidth, boxHeight) / FullSizePixels, 0f, 1f);
        var sharp = sharpness is { } s ? Math.Clamp(s / FullSharpness, 0f, 1f) : 1f;
        return Math.Clamp(detectorScore, 0f, 1f) * size * sharp;
    }
}
