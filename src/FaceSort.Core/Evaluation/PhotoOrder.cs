using FaceSort.Core.Clustering;

namespace FaceSort.Core.Evaluation;

/// <summary>
/// The same embedding set in another order of its photos. Several methods depend on the order faces arrive in
/// (k-means' seeding, ties between equal distances, which fragment forms first), so one order is one draw: a fair
/// comparison scores each method over several orders. A photo's faces stay together and in their order, as a scan
/// of the same photos in another folder order would give them.
/// </summary>
public static class PhotoOrder
{
    /// <summary>The set with its photos in a random order drawn from <paramref name="seed"/>.</summary>
    public static EmbeddingSet Shuffled(EmbeddingSet set, int seed)
    {
        var photos = set.PhotoOfFace.Distinct().ToArray();
        new Random(seed).Shuffle(photos);
        var rank = new Dictionary<int, int>(photos.Length);
        for (int i = 0; i < photos.Length; i++) rank[photos[i]] = i;
        // Stable: faces of one photo keep their relative order.
        var order = Enumerable.Range(0, set.Faces.Count).OrderBy(f => rank[set.PhotoOfFace[f]]).ToArray();
        return Reordered(set, order);
    }

    /// <summary>The set with face <c>order[i]</c> at position i; scored faces follow their face.</summary>
    public static EmbeddingSet Reordered(EmbeddingSet set, int[] order)
    {
        int n = set.Faces.Count, d = set.Faces.Dimension;
        if (order.Length != n) throw new ArgumentException($"an order of {order.Length} faces for a set of {n}", nameof(order));
        var data = new float[n * d];
        var photoOfFace = new int[n];
        var quality = new float[n];
        var position = new int[n];
        Array.Fill(position, -1);
        for (int i = 0; i < n; i++)
        {
            int face = order[i];
            if (position[face] >= 0) throw new ArgumentException($"face {face} appears twice in the order", nameof(order));
            position[face] = i;
            set.Faces.Row(face).CopyTo(data.AsSpan(i * d, d));
            photoOfFace[i] = set.PhotoOfFace[face];
            quality[i] = set.Quality[face];
        }
        var scored = set.ScoredFaces.Select(f => f < 0 ? f : position[f]).ToArray();
        return set with { Faces = new EmbeddingMatrix(n, d, data), PhotoOfFace = photoOfFace, Quality = quality, ScoredFaces = scored };
    }
}
