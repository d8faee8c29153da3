namespace FaceSort.Core.Embedding;

/// <summary>Turns aligned faces into identity vectors. One instance owns one model session and is thread-safe.</summary>
public interface IFaceEmbedder : IDisposable
{
    /// <summary>Stable id of the model (file name and sha256 prefix), stored with every embedding it makes.</summary>
    string ModelId { get; }

    /// <summary>Length of each embedding (128 for MobileFaceNet, 512 for InsightFace's ArcFace models).</summary>
    int Dimension { get; }

    /// <summary>Side of the square aligned face the model takes (112).</summary>
    int InputSize { get; }

    /// <summary>
    /// Embeds <paramref name="count"/> aligned faces given as consecutive interleaved RGB images of
    /// <c>InputSize² × 3</c> bytes each, writing <c>count × Dimension</c> floats; every row has unit L2 length,
    /// so the cosine similarity of two faces is the dot product of their rows.
    /// </summary>
    void Embed(ReadOnlySpan<byte> alignedFaces, int count, Span<float> embeddings);
}
