using System.Numerics.Tensors;

namespace FaceSort.Core.Clustering;

/// <summary>Options of <see cref="KMeansClusterer"/>.</summary>
/// <param name="K">A fixed k (clamped to 1..n); null chooses k automatically by <paramref name="Choice"/>.</param>
/// <param name="Choice">
/// Silhouette by default: on the real sets the elbow picks far too few people (docs/clustering.md, "k-means").
/// </param>
/// <param name="MinK">Smallest k tried.</param>
/// <param name="MaxK">Largest k tried, also never above n / 2 (a person needs two faces for a silhouette).</param>
/// <param name="GridRatio">Above k = 10 the coarse grid grows geometrically by this ratio; both choices are then refined by halving the gaps around them.</param>
/// <param name="MaxIterations">Lloyd iterations per run; runs stop earlier when no face changes centre.</param>
/// <param name="Restarts">Seedings per k; the run of lowest inertia is kept.</param>
/// <param name="Seed">Seed of the k-means++ draws (per k and restart a derived one), so results are reproducible.</param>
/// <param name="SilhouetteRows">
/// Faces whose silhouette is computed per k (evenly spaced; all when n is smaller); their similarities to every face
/// are computed once and reused for every k.
/// </param>
public sealed record KMeansOptions(
    int? K = null,
    KChoice Choice = KChoice.Silhouette,
    int MinK = 2,
    int MaxK = 256,
    double GridRatio = 1.25,
    int MaxIterations = 100,
    int Restarts = 1,
    int Seed = 2007,
    int SilhouetteRows = 2000);

/// <summary>
/// Spherical k-means on the unit embeddings (k-means++ seeding, Lloyd iterations with SIMD dot products), k fixed or
/// chosen over a grid by mean silhouette or by the elbow of the inertia curve (<see cref="SelectK"/> exposes the
/// curves). Every face gets a cluster: k-means has no notion of noise. Cannot-link pairs (same photo, explicit):
/// within a cluster the face less similar to the centre becomes unassigned (<see cref="CannotLinkFilter"/>);
/// must-link pairs are not used. Deterministic for a given input and options.
/// </summary>
public sealed class KMeansClusterer(KMeansOptions? options = null) : IFaceClusterer
{
    /// <summary>Cap on the floats of the cached similarity rows used for silhouettes (64 MB).</summary>
    private const long MaxCachedSimilarities = 16_000_000;

    public KMeansOptions Options { get; } = options ?? new KMeansOptions();

    public string Name => Options.K is not null ? "kmeans" : Options.Choice == KChoice.Elbow ? "kmeans-elbow" : "kmeans";

    public ClusterAssignment Cluster(ClusteringInput input, CancellationToken cancellationToken = default)
    {
        var points = input.Embeddings;
        int n = points.Count;
        if (n == 0) return new ClusterAssignment([], 0);
        KMeansRun run;
        if (Options.K is { } fixedK) run = Best(points, fixedK, cancellationToken);
        else
        {
            var (selection, runs) = Select(points, cancellationToken);
            run = runs[selection.Chosen(Options.Choice)];
        }
        var labels = (int[])run.Labels.Clone();
        var strength = new double[n];
        for (int i = 0; i < n; i++) strength[i] = run.SimilarityToCentre[i];
        CannotLinkFilter.Apply(labels, strength, ConflictIndex.From(input));
        return ClusterLabels.FromGroups(labels);
    }

    /// <summary>The curves and choices of the automatic k (whatever <see cref="KMeansOptions.K"/> says).</summary>
    public KMeansSelection SelectK(EmbeddingMatrix points, CancellationToken cancellationToken = default) =>
        Select(points, cancellationToken).Selection;

    private (KMeansSelection Selection, Dictionary<int, KMeansRun> Runs) Select(EmbeddingMatrix points, CancellationToken ct)
    {
        int n = points.Count;
        int maxK = Math.Min(Options.MaxK, n / 2), minK = Math.Max(1, Options.MinK);
        var runs = new Dictionary<int, KMeansRun>();
        var silhouette = new Dictionary<int, double>();
        if (maxK < minK)
        {
            int only = Math.Min(minK, Math.Max(1, n));
            runs[only] = Best(points, only, ct);
            return (new KMeansSelection([only], [runs[only].Inertia], [double.NaN], only, only), runs);
        }
        var rows = SampleRows(n);
        var cache = SimilarityRows(points, rows, ct);
        void Evaluate(int k)
        {
            if (runs.ContainsKey(k)) return;
            runs[k] = Best(points, k, ct);
            silhouette[k] = MeanSilhouette(cache, rows, n, runs[k].Labels);
        }
        foreach (int k in CoarseGrid(minK, maxK)) Evaluate(k);
        Refine(runs, Evaluate, ks => KMeansSelection.BestSilhouetteIndex([.. ks.Select(k => silhouette[k])]));
        Refine(runs, Evaluate, ks => KMeansSelection.KneeIndex(ks, [.. ks.Select(k => runs[k].Inertia)]));
        var all = runs.Keys.Order().ToArray();
        var inertia = all.Select(k => runs[k].Inertia).ToArray();
        var mean = all.Select(k => silhouette[k]).ToArray();
        var selection = new KMeansSelection(all, inertia, mean,
            all[KMeansSelection.KneeIndex(all, inertia)], all[KMeansSelection.BestSilhouetteIndex(mean)]);
        return (selection, runs);
    }

    /// <summary>Every k up to 10, then a geometric grid to <paramref name="maxK"/> (inclusive).</summary>
    internal IEnumerable<int> CoarseGrid(int minK, int maxK)
    {
        var ks = new SortedSet<int>();
        for (int k = minK; k <= Math.Min(10, maxK); k++) ks.Add(k);
        for (double k = Math.Max(10, minK); k < maxK; k *= Math.Max(1.01, Options.GridRatio)) ks.Add((int)Math.Round(k));
        ks.Add(maxK);
        return ks.Where(k => k >= minK && k <= maxK);
    }

    /// <summary>Halves the gaps on both sides of the chosen k until its neighbours are k ± 1.</summary>
    private static void Refine(Dictionary<int, KMeansRun> runs, Action<int> evaluate, Func<int[], int> pick)
    {
        while (true)
        {
            var ks = runs.Keys.Order().ToArray();
            int i = pick(ks);
            var next = new List<int>();
            if (i > 0 && ks[i] - ks[i - 1] > 1) next.Add((ks[i] + ks[i - 1]) / 2);
            if (i < ks.Length - 1 && ks[i + 1] - ks[i] > 1) next.Add((ks[i] + ks[i + 1]) / 2);
            if (next.Count == 0) return;
            foreach (int k in next) evaluate(k);
        }
    }

    private KMeansRun Best(EmbeddingMatrix points, int k, CancellationToken ct)
    {
        KMeansRun? best = null;
        for (int r = 0; r < Math.Max(1, Options.Restarts); r++)
        {
            var run = SphericalKMeans.Run(points, k, DerivedSeed(Options.Seed, k, r), Options.MaxIterations, ct);
            if (best is null || run.Inertia < best.Inertia) best = run;
        }
        return best!;
    }

    /// <summary>A fixed mix (HashCode.Combine is randomised per process, which would break reproducibility).</summary>
    private static int DerivedSeed(int seed, int k, int restart) =>
        (int)((uint)seed * 2654435761u ^ (uint)k * 40503u ^ (uint)restart * 9176u) & int.MaxValue;

    private int[] SampleRows(int n)
    {
        long cap = Math.Max(1, MaxCachedSimilarities / Math.Max(1, n));
        int count = (int)Math.Min(n, Math.Min(Options.SilhouetteRows, cap));
        var rows = new int[count];
        for (int t = 0; t < count; t++) rows[t] = (int)((long)t * n / count);
        return rows;
    }

    private static float[] SimilarityRows(EmbeddingMatrix points, int[] rows, CancellationToken ct)
    {
        int n = points.Count;
        var sims = new float[(long)rows.Length * n];
        Parallel.For(0, rows.Length, new ParallelOptions { CancellationToken = ct }, t =>
        {
            var r = points.Row(rows[t]);
            var target = sims.AsSpan(t * n, n);
            for (int j = 0; j < n; j++) target[j] = TensorPrimitives.Dot(r, points.Row(j));
        });
        return sims;
    }

    private static double MeanSilhouette(float[] cache, int[] rows, int n, int[] labels)
    {
        var sizes = Silhouette.ClusterSizes(labels);
        var values = new float[rows.Length];
        Parallel.For(0, rows.Length, () => new double[sizes.Length], (t, _, sums) =>
        {
            values[t] = Silhouette.OfRow(rows[t], cache.AsSpan(t * n, n), labels, sizes, sums);
            return sums;
        }, _ => { });
        return Silhouette.Mean(values);
    }
}
