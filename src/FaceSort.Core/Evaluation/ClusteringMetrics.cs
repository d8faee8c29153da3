using System.Text.Json.Serialization;

namespace FaceSort.Core.Evaluation;

/// <summary>
/// How well a clustering matches the truth, over the scored faces. JSON names are plain (pairwise_f1, bcubed_f1, …).
/// </summary>
public sealed record ClusteringMetrics(
    [property: JsonPropertyName("pairwise_precision")] double PairwisePrecision,
    [property: JsonPropertyName("pairwise_recall")] double PairwiseRecall,
    [property: JsonPropertyName("pairwise_f1")] double PairwiseF1,
    [property: JsonPropertyName("bcubed_precision")] double BCubedPrecision,
    [property: JsonPropertyName("bcubed_recall")] double BCubedRecall,
    [property: JsonPropertyName("bcubed_f1")] double BCubedF1,
    [property: JsonPropertyName("nmi")] double Nmi,
    [property: JsonPropertyName("ari")] double Ari,
    [property: JsonPropertyName("clusters")] int Clusters,
    [property: JsonPropertyName("identities")] int Identities,
    [property: JsonPropertyName("unassigned_share")] double UnassignedShare,
    [property: JsonPropertyName("seconds")] double Seconds)
{
    /// <summary>
    /// Scores predicted cluster labels against true identities, one entry per scored face.
    /// An unassigned face (label &lt; 0) counts as a cluster of its own: leaving a face out is never rewarded with
    /// precision it did not earn, and it costs the recall of a missed link. <see cref="Clusters"/> counts those
    /// singletons too, so it is comparable with <see cref="Identities"/>.
    /// </summary>
    public static ClusteringMetrics Score(ReadOnlySpan<int> predicted, ReadOnlySpan<int> truth, double seconds = 0)
    {
        if (predicted.Length != truth.Length)
            throw new ArgumentException($"{predicted.Length} predictions for {truth.Length} truths.");
        int n = predicted.Length;
        // Map labels to dense ids; every unassigned face gets a fresh id.
        var pid = new int[n];
        var tid = new int[n];
        var pmap = new Dictionary<int, int>();
        var tmap = new Dictionary<int, int>();
        int unassigned = 0;
        for (int i = 0; i < n; i++)
        {
            if (predicted[i] < 0) { unassigned++; pid[i] = -1; }
            else if (!pmap.TryGetValue(predicted[i], out pid[i])) pmap[predicted[i]] = pid[i] = pmap.Count;
            if (!tmap.TryGetValue(truth[i], out tid[i])) tmap[truth[i]] = tid[i] = tmap.Count;
        }
        int next = pmap.Count;
        for (int i = 0; i < n; i++) if (pid[i] < 0) pid[i] = next++;
        int kp = next, kt = tmap.Count;

        var rowSum = new long[kp];
        var colSum = new long[kt];
        var joint = new Dictionary<long, long>();
        for (int i = 0; i < n; i++)
        {
            rowSum[pid[i]]++;
            colSum[tid[i]]++;
            long key = (long)pid[i] * kt + tid[i];
            joint[key] = joint.GetValueOrDefault(key) + 1;
        }

        double tp = 0, predPairs = 0, truePairs = 0;
        foreach (var c in joint.Values) tp += Pairs(c);
        foreach (var c in rowSum) predPairs += Pairs(c);
        foreach (var c in colSum) truePairs += Pairs(c);
        double p = predPairs > 0 ? tp / predPairs : 1;
        double r = truePairs > 0 ? tp / truePairs : 1;

        // BCubed: per face, share of its cluster with its identity (precision) and of its identity in its cluster (recall).
        double bp = 0, br = 0;
        foreach (var (key, c) in joint)
        {
            int a = (int)(key / kt), b = (int)(key % kt);
            bp += (double)c * c / rowSum[a];
            br += (double)c * c / colSum[b];
        }
        bp = n > 0 ? bp / n : 1;
        br = n > 0 ? br / n : 1;

        return new ClusteringMetrics(p, r, F1(p, r), bp, br, F1(bp, br),
            NormalisedMutualInformation(joint, rowSum, colSum, kt, n), AdjustedRand(tp, predPairs, truePairs, n),
            kp, kt, n > 0 ? (double)unassigned / n : 0, seconds);
    }

    private static double Pairs(long c) => c * (c - 1) / 2.0;

    private static double F1(double p, double r) => p + r > 0 ? 2 * p * r / (p + r) : 0;

    /// <summary>Normalised mutual information, arithmetic-mean normalisation (scikit-learn's default).</summary>
    private static double NormalisedMutualInformation(Dictionary<long, long> joint, long[] rowSum, long[] colSum, int kt, int n)
    {
        if (n == 0) return 1;
        double mi = 0;
        foreach (var (key, c) in joint)
        {
            int a = (int)(key / kt), b = (int)(key % kt);
            mi += c / (double)n * Math.Log((double)c * n / ((double)rowSum[a] * colSum[b]));
        }
        double hp = Entropy(rowSum, n), ht = Entropy(colSum, n);
        if (hp == 0 && ht == 0) return 1;
        double denom = (hp + ht) / 2;
        return denom > 0 ? Math.Max(0, mi / denom) : 0;
    }

    private static double Entropy(long[] counts, int n)
    {
        double h = 0;
        foreach (var c in counts) if (c > 0) h -= c / (double)n * Math.Log(c / (double)n);
        return h;
    }

    /// <summary>Adjusted Rand index (Hubert and Arabie).</summary>
    private static double AdjustedRand(double tp, double predPairs, double truePairs, int n)
    {
        double all = Pairs(n);
        if (all == 0) return 1;
        double expected = predPairs * truePairs / all;
        double max = (predPairs + truePairs) / 2;
        return max - expected == 0 ? 1 : (tp - expected) / (max - expected);
    }
}
