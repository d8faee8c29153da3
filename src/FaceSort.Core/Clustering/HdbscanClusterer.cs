namespace FaceSort.Core.Clustering;

/// <summary>Options of <see cref="HdbscanClusterer"/>.</summary>
/// <param name="MinClusterSize">
/// Fewest faces that make a person; 3 (the default) leaves people with one or two photos unassigned. Swept
/// 2..10 by <c>facesort eval --sweep</c> (docs/clustering.md).
/// </param>
/// <param name="MinSamples">
/// Neighbours, the face itself counted, whose distance sets a face's core distance; null means
/// <paramref name="MinClusterSize"/>, as in the reference implementation (McInnes, Healy and Astels 2017).
/// </param>
/// <param name="DenseLimit">
/// Up to this many faces the minimum spanning tree is exact (Prim on the implicit dense mutual-reachability matrix,
/// O(n²·d) time, O(n) memory); beyond, it is built over the k-nearest-neighbour graph only. 10,000 because the dense
/// tree took 6.6 s there but 53 s at 20,000, where the graph tree gave the same clusters in 10 s (docs/clustering.md).
/// </param>
/// <param name="SparseNeighbours">Neighbours per face whose edges the sparse (large-n) tree may use.</param>
public sealed record HdbscanOptions(
    int MinClusterSize = 3,
    int? MinSamples = null,
    int DenseLimit = 10_000,
    int SparseNeighbours = 16);

/// <summary>
/// HDBSCAN (Campello, Moulavi and Sander 2013; cluster selection as in the reference hdbscan library) on cosine
/// distance. Core distance of a face = distance to its MinSamples-th nearest face (itself the first), from
/// <see cref="KnnGraph"/>; mutual reachability d_mr(a,b) = max(core a, core b, 1 − a·b); a minimum spanning tree of
/// d_mr (exact up to <see cref="HdbscanOptions.DenseLimit"/> faces; beyond, over the kNN graph's edges only, so a
/// face's links reach its <see cref="HdbscanOptions.SparseNeighbours"/> nearest faces and parts the graph leaves
/// unconnected join at infinite distance — an approximation); the single-linkage hierarchy it implies, condensed
/// with MinClusterSize; clusters chosen by excess of mass (stability), the root never (a whole collection is not
/// one person). Faces in no chosen cluster are unassigned, like DBSCAN's noise.
/// Cannot-link pairs (same photo, explicit): within a chosen cluster the face that leaves the cluster at the lower
/// density (smaller λ, less central) becomes unassigned (<see cref="CannotLinkFilter"/>). Must-link pairs are not
/// used. Deterministic: ties are broken by the lowest face index throughout.
/// </summary>
public sealed class HdbscanClusterer(HdbscanOptions? options = null) : IFaceClusterer
{
    public HdbscanOptions Options { get; } = options ?? new HdbscanOptions();

    public string Name => "hdbscan";

    public ClusterAssignment Cluster(ClusteringInput input, CancellationToken cancellationToken = default)
    {
        int n = input.Count;
        int minSize = Math.Max(2, Options.MinClusterSize);
        int minSamples = Math.Max(1, Options.MinSamples ?? minSize);
        if (n < Math.Max(2, minSize)) return ClusterLabels.FromGroups(Unassigned(n));

        int k = Math.Min(n - 1, Math.Max(minSamples - 1, n > Options.DenseLimit ? Options.SparseNeighbours : 1));
        var graph = KnnGraph.Build(input.Embeddings, k, cancellationToken: cancellationToken);
        var core = MutualReachability.CoreDistances(graph, minSamples - 1);
        var mst = n <= Options.DenseLimit
            ? MutualReachability.DenseTree(input.Embeddings, core, cancellationToken)
            : MutualReachability.SparseTree(graph, core);
        var tree = HdbscanTree.Build(n, mst, minSize);
        var (labels, strength) = tree.Labels();
        CannotLinkFilter.Apply(labels, strength, ConflictIndex.From(input));
        // A cluster a cannot-link left with one face is no person any more.
        return ClusterLabels.FromGroups(labels, minSize: 2);
    }

    private static int[] Unassigned(int n)
    {
        var labels = new int[n];
        Array.Fill(labels, ClusterAssignment.Unassigned);
        return labels;
    }
}
