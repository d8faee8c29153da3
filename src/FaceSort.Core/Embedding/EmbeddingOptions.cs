namespace FaceSort.Core.Embedding;

/// <summary>Embedding settings.</summary>
public sealed record EmbeddingOptions
{
    /// <summary>Faces per model call: batching amortises per-call overhead (4.4 ms vs 10.9 ms per face, MODELS.md).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// Threads inside one model call. 1 by default: the scan keeps both cores busy by overlapping decode and
    /// detection with embedding, which beats splitting one small convolution over two threads.
    /// </summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>
    /// Share (in %) of each channel's darkest and brightest face pixels set aside when a face's contrast is stretched
    /// before embedding (<see cref="FaceContrast"/>); 0 embeds the pixels as they are. 1 was chosen on lfw, where 0.5–2
    /// score alike and 5 loses (docs/embedding.md, "Faded photos"). Part of the embedder's id: a library scanned with
    /// another setting is embedded again on its next scan, keeping its people and corrections.
    /// </summary>
    public float ContrastStretchPercent { get; init; } = 1f;
}
