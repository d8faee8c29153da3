using FaceSort.Core.Clustering;

namespace FaceSort.Core.Recognition;

/// <summary>
/// How much higher the nearest-faces bar must be in a collection with more people than lfw had when the bar was tuned.
/// A stranger is compared with every person and kept by its best match; the best of P chance similarities grows like
/// σ·√(2 ln P) (the expected maximum of P Gaussian draws), where σ is the spread of similarities between different
/// people's faces in this collection. So the bar rises by σ·(√(2 ln P) − √(2 ln P_ref)) above the lfw-tuned value, and
/// never falls below it. Without this, 36 of 113 synthetic strangers joined one of 2,000 people (incremental-bench).
/// </summary>
public static class StrangerBar
{
    /// <param name="people">People a face is measured against (those large enough to take part).</param>
    /// <param name="spread">Robust spread (<see cref="RobustStatistics"/>) of similarities between faces of different people.</param>
    public static float For(RecognitionOptions options, int people, float spread)
    {
        double rise = Math.Sqrt(2 * Math.Log(Math.Max(people, 2))) - Math.Sqrt(2 * Math.Log(Math.Max(options.NearestFacesReferencePeople, 2)));
        return options.NearestFacesSimilarity + (float)(spread * Math.Max(0, rise));
    }
}
