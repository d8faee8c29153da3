using FaceSort.Core.Evaluation;
using FaceSort.Core.Tests.Clustering;

namespace FaceSort.Core.Tests.Evaluation;

/// <summary>The same real embedding set (lfw: 199 photos, some with two faces) in other photo orders.</summary>
public sealed class PhotoOrderTests
{
    private static readonly EmbeddingSet Lfw = EmbeddingSetFile.Load(OtherClusterersTests.Fixture("lfw"));

    [Fact]
    public void A_shuffle_moves_whole_photos_and_scored_faces_follow_their_embeddings()
    {
        var shuffled = PhotoOrder.Shuffled(Lfw, seed: 4);

        shuffled.Faces.Count.ShouldBe(Lfw.Faces.Count);
        shuffled.PhotoOfFace.ShouldNotBe(Lfw.PhotoOfFace, "the photos moved");
        shuffled.PhotoOfFace.Order().ShouldBe(Lfw.PhotoOfFace.Order(), "every photo keeps its number of faces");
        // A photo's faces are next to each other, as a scan of the photos in that order gives them.
        var seen = new HashSet<int>();
        for (int i = 0; i < shuffled.PhotoOfFace.Length; i++)
            if (i == 0 || shuffled.PhotoOfFace[i] != shuffled.PhotoOfFace[i - 1])
                seen.Add(shuffled.PhotoOfFace[i]).ShouldBeTrue($"photo {shuffled.PhotoOfFace[i]} is split");
        shuffled.Truth.ShouldBe(Lfw.Truth);
        for (int k = 0; k < Lfw.ScoredFaces.Length; k++)
        {
            int before = Lfw.ScoredFaces[k], after = shuffled.ScoredFaces[k];
            (after < 0).ShouldBe(before < 0);
            if (before < 0) continue;
            shuffled.Faces.Row(after).SequenceEqual(Lfw.Faces.Row(before)).ShouldBeTrue($"scored face {k}");
            shuffled.Quality[after].ShouldBe(Lfw.Quality[before]);
            shuffled.PhotoOfFace[after].ShouldBe(Lfw.PhotoOfFace[before]);
        }
        PhotoOrder.Shuffled(Lfw, seed: 4).PhotoOfFace.ShouldBe(shuffled.PhotoOfFace, "a seed is one order");
        PhotoOrder.Shuffled(Lfw, seed: 5).PhotoOfFace.ShouldNotBe(shuffled.PhotoOfFace);
    }

    [Fact]
    public void An_order_free_method_scores_the_same_in_every_order_and_kmeans_does_not()
    {
        // Single linkage merges by the smallest distance, whatever the order: any difference would be a scoring bug.
        var single = ClusteringEvaluator.Evaluate(Lfw, ClusteringMethods.Create("agglo-single"), TestContext.Current.CancellationToken);
        var spread = ClusteringEvaluator.Orders(Lfw, "agglo-single", orders: 3, TestContext.Current.CancellationToken);
        spread.Seeds.ShouldBe([1, 2, 3]);
        spread.PerOrder.Count.ShouldBe(3);
        foreach (var metrics in spread.PerOrder)
        {
            metrics.PairwiseF1.ShouldBe(single.PairwiseF1, 1e-12);
            metrics.BCubedF1.ShouldBe(single.BCubedF1, 1e-12);
        }

        // k-means seeds from the first faces it meets, so another order is another draw.
        var kmeans = ClusteringEvaluator.Orders(Lfw, "kmeans", orders: 4, TestContext.Current.CancellationToken);
        kmeans.MaxF1.ShouldBeGreaterThan(kmeans.MinF1);
        kmeans.MeanF1.ShouldBeInRange(kmeans.MinF1, kmeans.MaxF1);
    }

    [Fact]
    public void An_order_must_name_every_face_once()
    {
        var order = Enumerable.Range(0, Lfw.Faces.Count).ToArray();
        order[1] = order[0];
        Should.Throw<ArgumentException>(() => PhotoOrder.Reordered(Lfw, order));
        Should.Throw<ArgumentException>(() => PhotoOrder.Reordered(Lfw, order[1..]));
    }
}
