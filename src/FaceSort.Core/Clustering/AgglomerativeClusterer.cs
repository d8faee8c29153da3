namespace FaceSort.Core.Clustering;

/// <summary>Options of <see cref="AgglomerativeClusterer"/>.</summary>
/// <param name="Linkage">Average: the mean over all cross pairs is robust to one odd photo (single chains, complete splits).</param>
/// <param name="DistanceThreshold">
/// Cosine distance below which clusters merge. 0.675 is the best average-linkage threshold for MobileFaceNet on
/// lfw (see docs/clustering.md); tuned there, reported on the other sets.
/// </param>
/// <param name="MinClusterSize">Clusters smaller than this are left unassigned; 1 keeps every cluster.</param>
public sealed record AgglomerativeOptions(
    Linkage Linkage = Linkage.Average,
    float DistanceThreshold = 0.675f,
    int MinClusterSize = 1);

/// <summary>
/// Hierarchical agglomerative clustering on cosine distance with a distance threshold, honouring cannot-link (faces of
/// one photo, explicit pairs) and must-link pairs. Dense: up to <see cref="MaxFaces"/> faces.
/// </summary>
public sealed class AgglomerativeClusterer(AgglomerativeOptions? options = null) : IFaceClusterer
{
    public AgglomerativeOptions Options { get; } = options ?? new AgglomerativeOptions();

    /// <summary>Largest input accepted: the distance matrix needs 5 bytes per pair.</summary>
    public static int MaxFaces => Dendrogram.MaxPoints;

    public string Name => Options.Linkage switch
    {
        Linkage.Single => "agglo-single",
        Linkage.Complete => "agglo-complete",
        _ => "agglo",
    };

    public ClusterAssignment Cluster(ClusteringInput input, CancellationToken cancellationToken = default)
    {
        var groups = BuildDendrogram(input, Options.Linkage, cancellationToken).Cut(Options.DistanceThreshold);
        return ClusterLabels.FromGroups(groups, Options.MinClusterSize);
    }

    internal static Dendrogram BuildDendrogram(ClusteringInput input, Linkage linkage, CancellationToken ct) =>
        Dendrogram.Build(input.Embeddings, linkage, ClusteringConstraints.From(input), ct);
}
