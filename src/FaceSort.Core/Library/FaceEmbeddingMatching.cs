using System.Numerics.Tensors;

namespace FaceSort.Core.Library;

/// <summary>
/// Which old face is which new face when a photo was edited in place (cropped, retouched, re-saved): boxes move with
/// a crop, but a face's embedding barely changes. Pairs greedily from the most similar, one to one, at
/// <see cref="MinSimilarity"/> or more.
/// </summary>
public static class FaceEmbeddingMatching
{
    /// <summary>
    /// One face before and after an edit embeds alike: bbt1's four faces, the photo cropped by 100 × 50 px, brightened
    /// and re-saved at quality 85, 0.93–0.97 (<c>EditedPhotoTests</c> makes such an edit); two people in that photo
    /// 0.08–0.48, and different people in glint12 0.03 on average (sd 0.10).
    /// </summary>
    public const float MinSimilarity = 0.8f;

    /// <param name="old">Old faces' embeddings; null for a face embedded by another model (never matched).</param>
    /// <param name="fresh">New faces' embeddings, of the same model.</param>
    /// <returns>(old index, new index) pairs.</returns>
    public static IReadOnlyList<(int Old, int New)> Match(IReadOnlyList<float[]?> old, IReadOnlyList<float[]> fresh)
    {
        var candidates = new List<(float Similarity, int Old, int New)>();
        for (var o = 0; o < old.Count; o++)
        {
            if (old[o] is not { } before) continue;
            for (var n = 0; n < fresh.Count; n++)
            {
                if (before.Length != fresh[n].Length) continue;
                var similarity = TensorPrimitives.Dot<float>(before, fresh[n]);
                if (similarity >= MinSimilarity) candidates.Add((similarity, o, n));
            }
        }
        return GreedyPairing.Pick(candidates, old.Count, fresh.Count);
    }
}
