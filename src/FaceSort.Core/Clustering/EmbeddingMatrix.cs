namespace FaceSort.Core.Clustering;

/// <summary>
/// <see cref="Count"/> embeddings of <see cref="Dimension"/> floats each, row-major in one array. Rows are expected to
/// have unit length, so cosine similarity is a dot product and cosine distance is <c>1 − dot</c>.
/// </summary>
public sealed class EmbeddingMatrix
{
    public EmbeddingMatrix(int count, int dimension, float[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (data.Length < (long)count * dimension)
            throw new ArgumentException($"{data.Length} floats cannot hold {count}x{dimension}.", nameof(data));
        Count = count;
        Dimension = dimension;
        Data = data;
    }

    public int Count { get; }
    public int Dimension { get; }
    public float[] Data { get; }

    public ReadOnlySpan<float> Row(int i) => Data.AsSpan(i * Dimension, Dimension);
}
