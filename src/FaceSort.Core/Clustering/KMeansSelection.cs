namespace FaceSort.Core.Clustering;

/// <summary>How <see cref="KMeansClusterer"/> picks k when it is not given.</summary>
public enum KChoice
{
    /// <summary>The k of highest mean silhouette (cosine).</summary>
    Silhouette,

    /// <summary>The elbow of the inertia curve: the point farthest below the chord from its first to its last point (Kneedle).</summary>
    Elbow,
}

/// <summary>
/// What the automatic choice of k saw: every k evaluated (ascending), the k-means inertia Σ (1 − x·c) and the mean
/// silhouette at each, and the k each criterion picks. Meant for plots (elbow curve, silhouette per k).
/// </summary>
/// <param name="Ks">The k values evaluated, ascending: a geometric grid refined around both choices.</param>
/// <param name="Inertia">Inertia per entry of <paramref name="Ks"/>.</param>
/// <param name="MeanSilhouette">Mean silhouette per entry of <paramref name="Ks"/> (over a sample of faces on big sets).</param>
/// <param name="ChosenByElbow">The k at the knee of the inertia curve.</param>
/// <param name="ChosenBySilhouette">The k of highest mean silhouette (ties: the smaller k).</param>
public sealed record KMeansSelection(int[] Ks, double[] Inertia, double[] MeanSilhouette, int ChosenByElbow, int ChosenBySilhouette)
{
    /// <summary>The k chosen by <paramref name="choice"/>.</summary>
    public int Chosen(KChoice choice) => choice == KChoice.Elbow ? ChosenByElbow : ChosenBySilhouette;

    /// <summary>
    /// Kneedle (Satopää et al. 2011) on a decreasing curve: with k and inertia both scaled to [0, 1], the index of the
    /// point farthest below the straight line from the first point to the last (ties: the smaller k); 0 when flat.
    /// </summary>
    public static int KneeIndex(ReadOnlySpan<int> ks, ReadOnlySpan<double> inertia)
    {
        if (ks.Length < 3) return 0;
        double k0 = ks[0], k1 = ks[^1], lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in inertia) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        if (hi <= lo || k1 <= k0) return 0;
        int best = 0;
        double bestGap = double.NegativeInfinity;
        for (int i = 0; i < ks.Length; i++)
        {
            double x = (ks[i] - k0) / (k1 - k0), y = (inertia[i] - lo) / (hi - lo);
            double gap = 1 - x - y;
            if (gap > bestGap) { bestGap = gap; best = i; }
        }
        return best;
    }

    /// <summary>Index of the highest mean silhouette, NaN skipped (ties: the smaller k).</summary>
    public static int BestSilhouetteIndex(ReadOnlySpan<double> meanSilhouette)
    {
        int best = 0;
        for (int i = 1; i < meanSilhouette.Length; i++)
            if (meanSilhouette[i] > meanSilhouette[best] || double.IsNaN(meanSilhouette[best])) best = i;
        return best;
    }
}
