using System.Globalization;
using FaceSort.Core.Clustering;

namespace FaceSort.Core.Evaluation;

/// <summary>
/// Every clustering method by its command-line name, built at a given threshold (its one tuned knob) or at its
/// default, with the threshold grid that <c>--sweep</c> walks.
/// </summary>
public static class ClusteringMethods
{
    public static IReadOnlyList<string> Names { get; } =
        ["facesort", "agglo", "agglo-single", "agglo-complete", "twopass", "dbscan", "rankorder", "rankorder5",
         "hdbscan", "kmeans", "kmeans-elbow"];

    /// <summary>The method at its documented default (threshold null) or at the given threshold.</summary>
    public static IFaceClusterer Create(string name, float? threshold = null) => name switch
    {
        "facesort" => new FaceSortClusterer(threshold is { } t0 ? new FaceSortOptions(MergeDistance: t0) : null),
        "agglo" => new AgglomerativeClusterer(threshold is { } ta ? new AgglomerativeOptions(Linkage.Average, ta) : null),
        "agglo-single" => new AgglomerativeClusterer(new AgglomerativeOptions(Linkage.Single, threshold ?? SingleDefault)),
        "agglo-complete" => new AgglomerativeClusterer(new AgglomerativeOptions(Linkage.Complete, threshold ?? CompleteDefault)),
        "twopass" => new TwoPassClusterer(threshold is { } t1 ? new TwoPassOptions(SecondThreshold: t1) : null),
        "dbscan" => new DbscanClusterer(threshold is { } t2 ? new DbscanOptions(Eps: t2) : null),
        "rankorder" => new RankOrderClusterer(threshold is { } t3 ? new RankOrderOptions(Threshold: t3) : null),
        "rankorder5" => new RankOrderClusterer(new RankOrderOptions(K: 5, Threshold: threshold ?? 0.3f)),
        // HDBSCAN's knob is the minimum cluster size; k-means' is k itself (the default chooses it).
        "hdbscan" => new HdbscanClusterer(threshold is { } t4 ? new HdbscanOptions(MinClusterSize: (int)MathF.Round(t4)) : null),
        "kmeans" => new KMeansClusterer(new KMeansOptions(K: Count(threshold), Choice: KChoice.Silhouette)),
        "kmeans-elbow" => new KMeansClusterer(new KMeansOptions(K: Count(threshold), Choice: KChoice.Elbow)),
        _ => throw new ArgumentException($"Unknown method '{name}'. Known: {string.Join(", ", Names)}."),
    };

    /// <summary>Single linkage default: tuned on lfw (docs/clustering.md).</summary>
    public const float SingleDefault = 0.55f;

    /// <summary>Complete linkage default: tuned on lfw (docs/clustering.md).</summary>
    public const float CompleteDefault = 0.75f;

    /// <summary>Thresholds a sweep walks for a method.</summary>
    public static float[] Grid(string name) => name switch
    {
        "rankorder" or "rankorder5" => Range(0.1f, 3.0f, 0.1f),
        "dbscan" => Range(0.20f, 0.80f, 0.025f),
        "twopass" => Range(0.40f, 0.95f, 0.025f),
        "agglo-single" => Range(0.20f, 0.80f, 0.025f),
        "hdbscan" => Range(2, 10, 1),
        "kmeans" or "kmeans-elbow" => KGrid(),
        _ => Range(0.30f, 0.95f, 0.025f),
    };

    /// <summary>The k values a k-means sweep tries: every k to 10, then about 12% apart (k above n is clamped to n).</summary>
    private static float[] KGrid() =>
        [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 18, 20, 22, 25, 28, 32, 36, 40, 45, 50, 56, 63, 71, 80, 90, 100, 113, 126, 141, 158, 178, 200, 224];

    private static int? Count(float? threshold) => threshold is { } t ? (int)MathF.Round(t) : null;

    /// <summary>from, from + step, … up to to (inclusive), each rounded to three decimals so grid points print and
    /// compare as written.</summary>
    internal static float[] Range(float from, float to, float step)
    {
        var list = new List<float>();
        for (int i = 0; from + i * step <= to + 1e-4f; i++)
            list.Add(float.Parse((from + i * step).ToString("0.###", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        return [.. list];
    }
}
