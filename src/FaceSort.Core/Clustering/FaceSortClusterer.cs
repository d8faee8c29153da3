namespace FaceSort.Core.Clustering;

/// <summary>Options of <see cref="FaceSortClusterer"/>, the product default.</summary>
/// <param name="Neighbours">kNN list length: which clusters are even compared (20 covers a person's nearest photos).</param>
/// <param name="MergeDistance">Average cross-pair cosine distance below which two single faces merge (tuned on lfw).</param>
/// <param name="SizeBonus">How much looser the threshold gets as the smaller cluster grows: the mean over many cross
/// pairs is far less noisy than one pair, so two big clusters of one person can be told apart from two people at a
/// larger distance. Threshold = MergeDistance + SizeBonus·max(0, 1 − √(SmallCluster/min(|A|,|B|))).</param>
/// <param name="SmallCluster">Up to this size the threshold stays at MergeDistance: 6 is the largest identity of lfw,
/// the tuning set, so the base threshold is only ever tuned on clusters this small; the bonus is a prior, not a fit. Default 0 (off): at 0.20 it cost precision on glint12 (0.852 vs 1.000, docs/clustering.md).</param>
/// <param name="SeedQuality">Faces below this quality never seed or bridge clusters; they only join one at the end.</param>
/// <param name="JoinDistance">A low-quality face joins the nearest cluster when its mean distance to it is below this.</param>
/// <param name="MaxSample">Members per cluster compared when two clusters meet (evenly spaced): bounds the cost of
/// big clusters while still comparing many faces, not one centroid.</param>
/// <param name="MinClusterSize">Smaller groups stay unassigned: a face seen once is a stranger, not a person.</param>
public sealed record FaceSortOptions(
    int Neighbours = 20,
    float MergeDistance = 0.65f,
    float SizeBonus = 0f,
    int SmallCluster = 6,
    float SeedQuality = 0.75f,
    float JoinDistance = 0.60f,
    int MaxSample = 48,
    int MinClusterSize = 2);

/// <summary>
/// FaceSort's default clustering: average linkage over many members, but only between clusters the kNN graph says are
/// neighbours, processed closest pair first with a lazily refreshed priority queue. Cannot-links (same photo, user
/// pairs) block merges; must-links are merged first; low-quality faces only join finished clusters; singletons are
/// left unassigned. Deterministic: ties break on cluster ids. docs/clustering.md explains the choices.
/// </summary>
public sealed class FaceSortClusterer(FaceSortOptions? options = null) : IFaceClusterer
{
    public FaceSortOptions Options { get; } = options ?? new FaceSortOptions();

    public string Name => "facesort";

    public ClusterAssignment Cluster(ClusteringInput input, CancellationToken cancellationToken = default)
    {
        int n = input.Count;
        if (n == 0) return new ClusterAssignment([], 0);
        var o = Options;
        var m = input.Embeddings;
        var constraints = ClusteringConstraints.From(input);
        var conflicts = ConflictIndex.From(constraints);
        var seed = new bool[n];
        for (int i = 0; i < n; i++) seed[i] = input.Quality is null || input.Quality[i] >= o.SeedQuality;

        var state = new MergeState(m, seed, conflicts, o.MaxSample);
        foreach (var p in constraints.MustLink) state.TryMerge(p.A, p.B, ignoreSeed: true);

        var graph = KnnGraph.Exact(m, Math.Min(o.Neighbours, Math.Max(1, n - 1)), cancellationToken);
        float maxThreshold = o.MergeDistance + o.SizeBonus;
        var queue = new PriorityQueue<(int A, int B, int VA, int VB), (float D, int A, int B)>();
        for (int i = 0; i < n; i++)
        {
            if (!seed[i]) continue;
            var nb = graph.NeighboursOf(i);
            var sm = graph.SimilaritiesOf(i);
            for (int j = 0; j < nb.Length; j++)
            {
                int b = nb[j];
                if (b < 0 || !seed[b]) continue;
                state.Link(i, b);
                if (i < b && 1 - sm[j] < maxThreshold) Push(i, b, 1 - sm[j]);
            }
        }
        // Pairs joined by must-link start with their real linkage.
        while (queue.TryDequeue(out var e, out var pr))
        {
            cancellationToken.ThrowIfCancellationRequested();
            int ra = state.Root(e.A), rb = state.Root(e.B);
            if (ra == rb) continue;
            if (ra != e.A || rb != e.B || state.Version(ra) != e.VA || state.Version(rb) != e.VB)
            {
                // Stale: one side grew since this entry was made. Re-measure the current clusters.
                float d = state.Linkage(ra, rb);
                if (d < maxThreshold) Push(Math.Min(ra, rb), Math.Max(ra, rb), d);
                continue;
            }
            if (pr.D >= maxThreshold) break;
            if (pr.D >= Threshold(state.Size(ra), state.Size(rb))) continue; // may pass later, when one side grows
            int root = state.TryMerge(ra, rb, ignoreSeed: false);
            if (root < 0) continue;
            foreach (int other in state.NeighbourRoots(root))
            {
                float d = state.Linkage(root, other);
                if (d < maxThreshold) Push(Math.Min(root, other), Math.Max(root, other), d);
            }
        }

        // Low-quality faces join the closest cluster of a seed face they neighbour, if close enough.
        var roots = state.Roots();
        for (int i = 0; i < n; i++)
        {
            if (seed[i]) continue;
            float best = o.JoinDistance;
            int target = -1;
            foreach (int b in graph.NeighboursOf(i))
            {
                if (b < 0 || !seed[b]) continue;
                int r = roots[b];
                float d = state.DistanceToCluster(i, r);
                if (d < best && !state.Conflicts(i, r)) { best = d; target = r; }
            }
            roots[i] = target >= 0 ? target : i;
        }
        return ClusterLabels.FromGroups(roots, o.MinClusterSize);

        float Threshold(int na, int nb) =>
            o.MergeDistance + o.SizeBonus * MathF.Max(0, 1 - MathF.Sqrt((float)o.SmallCluster / Math.Min(na, nb)));

        void Push(int a, int b, float d) =>
            queue.Enqueue((a, b, state.Version(a), state.Version(b)), (d, a, b));
    }
}
