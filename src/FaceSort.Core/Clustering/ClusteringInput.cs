namespace FaceSort.Core.Clustering;

/// <summary>A pair of faces (row indices into the embedding matrix).</summary>
public readonly record struct FacePair(int A, int B);

/// <summary>
/// Everything a clustering method may use: the embeddings and, per face, optional facts that help decide.
/// </summary>
/// <param name="Embeddings">Unit-length embeddings, one row per face.</param>
/// <param name="PhotoOfFace">Photo id per face, or null. Two faces of one photo are two people: an implicit cannot-link.</param>
/// <param name="Quality">Per-face quality in [0, 1] (detector score and size), or null. Low-quality faces never seed a person.</param>
/// <param name="CannotLink">Pairs that must end up in different people (user corrections).</param>
/// <param name="MustLink">Pairs that must end up in the same person (user corrections).</param>
public sealed record ClusteringInput(
    EmbeddingMatrix Embeddings,
    int[]? PhotoOfFace = null,
    float[]? Quality = null,
    IReadOnlyList<FacePair>? CannotLink = null,
    IReadOnlyList<FacePair>? MustLink = null)
{
    public int Count => Embeddings.Count;
}

/// <summary>
/// Cluster label per face: 0..<see cref="ClusterCount"/>−1, or <see cref="Unassigned"/> for a face that belongs to
/// nobody yet (noise, a stranger). Labels are numbered by cluster size, largest first, ties by lowest face index.
/// </summary>
public sealed record ClusterAssignment(int[] Labels, int ClusterCount)
{
    public const int Unassigned = -1;
}

/// <summary>A clustering method: a pure, deterministic function of its input and its options.</summary>
public interface IFaceClusterer
{
    /// <summary>Short name used on the command line (<c>--method</c>) and in reports.</summary>
    string Name { get; }

    ClusterAssignment Cluster(ClusteringInput input, CancellationToken cancellationToken = default);
}
