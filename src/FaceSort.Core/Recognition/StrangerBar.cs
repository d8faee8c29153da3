using FaceSort.Core.Clustering;

namespace FaceSort.Core.Recognition;

/// <summary>
/// How much higher the nearest-faces bar must be than where it was tuned on lfw, for the two ways a stranger's chance
/// score grows:
/// - <b>More people.</b> A stranger is compared with every person and kept by its best match; the best of P chance
///   similarities grows like σ·√(2 ln P) (the expected maximum of P Gaussian draws), where σ is the spread of
///   similarities between different people's faces in this collection. So the bar rises by σ·(√(2 ln P) − √(2 ln
///   P_ref)). Without this, 36 of 113 synthetic strangers joined one of 2,000 people (incremental-bench).
/// - <b>Bigger people</b> (<see cref="ForPerson"/>). The score is the mean of a face's k most similar faces of a
///   person, and the top k of m chance similarities grow with m: lfw's people, where the bar was tuned, had at most
///   6 faces, a family's most photographed people have thousands. Measured on real faces (every face of lfw,
///   faceapi-bbt, celeb5 and ageitgey-people against glint12's people cut to m faces), the 99.9th percentile of a
///   stranger's score rose from 0.318 at 6 faces to 0.404 at 100: past the bar, so a 100-face person would take in
///   about one stranger in a hundred. That rise is 0.57 of what independent Gaussian draws predict
///   (σ·(a_k(m) − a_k(6)), a_k(m) the expected mean of the top k of m standard normals); the bar against a person
///   rises by that share of it (docs/clustering.md, step 8).
/// Neither rise ever lowers the bar.
/// </summary>
public static class StrangerBar
{
    /// <param name="people">People a face is measured against (those large enough to take part).</param>
    /// <param name="spread">Robust spread (<see cref="RobustStatistics"/>) of similarities between faces of different people.</param>
    public static float For(RecognitionOptions options, int people, float spread)
    {
        double rise = ChanceSimilarity.BestOfRise(people, options.NearestFacesReferencePeople);
        return options.NearestFacesSimilarity + (float)(spread * rise);
    }

    /// <summary>The bar against one person of <paramref name="faces"/> faces, from the collection's bar (<see cref="For"/>).</summary>
    public static float ForPerson(float bar, RecognitionOptions options, float spread, int faces)
    {
        if (faces <= options.NearestFacesReferenceSize || spread <= 0) return bar;
        int k = Math.Max(1, options.NearestFaces);
        double rise = TopMean(faces, k) - TopMean(Math.Max(options.NearestFacesReferenceSize, k), k);
        return bar + (float)(spread * options.NearestFacesSizeGrowth * Math.Max(0, rise));
    }

    /// <summary>Expected mean of the top <paramref name="k"/> of <paramref name="m"/> standard normal draws, from Blom's
    /// plotting positions (within a few hundredths of the exact order-statistic means from m = 3 up).</summary>
    internal static double TopMean(int m, int k)
    {
        k = Math.Min(k, m);
        double sum = 0;
        for (int i = 1; i <= k; i++) sum += NormalQuantile((m - i + 1 - 0.375) / (m + 0.25));
        return sum / k;
    }

    /// <summary>The standard normal quantile, by Acklam's rational approximation (relative error below 1.2e-9).</summary>
    internal static double NormalQuantile(double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(p, 1);
        const double Low = 0.02425;
        if (p < Low) return Tail(Math.Sqrt(-2 * Math.Log(p)));
        if (p > 1 - Low) return -Tail(Math.Sqrt(-2 * Math.Log(1 - p)));
        double r = p - 0.5, s = r * r;
        return (((((-3.969683028665376e+01 * s + 2.209460984245205e+02) * s - 2.759285104469687e+02) * s + 1.383577518672690e+02) * s
                 - 3.066479806614716e+01) * s + 2.506628277459239e+00) * r
             / (((((-5.447609879822406e+01 * s + 1.615858368580409e+02) * s - 1.556989798598866e+02) * s + 6.680131188771972e+01) * s
                 - 1.328068155288572e+01) * s + 1);

        static double Tail(double q) =>
            (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q
              + 4.374664141464968e+00) * q + 2.938163982698783e+00)
            / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
    }
}
