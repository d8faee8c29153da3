namespace FaceSort.Core.Clustering;

/// <summary>Options of <see cref="TwoPassClusterer"/>.</summary>
/// <param name="FirstThreshold">Pass 1 (faces), tight: only near-duplicates of one person join (0.45: well inside the
/// same-person distance range of MobileFaceNet, where almost no different-person pairs lie).</param>
/// <param name="SecondThreshold">Pass 2 (cluster medians), looser: a median is less noisy than one face, so it can
/// reach further; 0.575 best on lfw (docs/clustering.md).</param>
/// <param name="MinClusterSize">Final clusters smaller than this are left unassigned; 1 keeps every cluster.</param>
public sealed record TwoPassOptions(
    float FirstThreshold = 0.45f,
    float SecondThreshold = 0.575f,
    int MinClusterSize = 1);

/// <summary>
/// Two-pass average-linkage clustering: pass 1 at a tight threshold over faces; each pass-1 cluster is replaced by
/// its element-wise median embedding (re-normalised); pass 2 clusters the medians at a looser threshold and faces
/// follow their pass-1 cluster. Constraints are lifted to pass 2: two pass-1 clusters holding a cannot-link pair
/// never merge.
/// </summary>
public sealed class TwoPassClusterer(TwoPassOptions? options = null) : IFaceClusterer
{
    public TwoPassOptions Options { get; } = options ?? new TwoPassOptions();

    public string Name => "twopass";

    public ClusterAssignment Cluster(ClusteringInput input, CancellationToken cancellationToken = default)
    {
        var constraints = ClusteringConstraints.From(input);
        var first = Dendrogram.Build(input.Embeddings, Linkage.Average, constraints, cancellationToken)
            .Cut(Options.FirstThreshold);
        var pass1 = ClusterLabels.FromGroups(first);
        var medians = MedianEmbeddings.Of(input.Embeddings, pass1.Labels, pass1.ClusterCount);
        var second = Dendrogram.Build(medians, Linkage.Average, constraints.Lift(pass1.Labels), cancellationToken)
            .Cut(Options.SecondThreshold);
        var groups = new int[input.Count];
        for (int i = 0; i < groups.Length; i++) groups[i] = second[pass1.Labels[i]];
        return ClusterLabels.FromGroups(groups, Options.MinClusterSize);
    }
}
