using FaceSort.Core.Evaluation;
using FaceSort.Core.Reporting;

namespace FaceSort.Core.Tests.Reporting;

public sealed class HistogramTests
{
    [Fact]
    public void Values_fall_in_their_bins_and_the_ends_are_clamped()
    {
        var histogram = Histogram.Of([-1f, -5f, 0f, 0.49f, 0.5f, 0.99f, 1f, 3f], -1, 1, 4);

        histogram.Counts.ShouldBe([2, 0, 2, 4]);
        histogram.Total.ShouldBe(8);
    }

    [Fact]
    public void Same_and_different_pairs_of_a_real_set_are_all_counted_once()
    {
        var set = EmbeddingSetFile.Load(Path.Combine(TestPaths.Fixtures, "embeddings", "faceapi-bbt.tsv"));
        var labels = TruthPerFace(set);
        var labelled = labels.Where(l => l >= 0).ToArray();
        long same = labelled.GroupBy(l => l).Sum(g => (long)g.Count() * (g.Count() - 1) / 2);
        long all = (long)labelled.Length * (labelled.Length - 1) / 2;

        var (sameSimilarities, differentSimilarities) = PairSimilarities.SameAndDifferent(set.Faces, labels, 200_000, 1);

        same.ShouldBeGreaterThan(0);
        Histogram.Of(sameSimilarities, -1, 1, 80).Total.ShouldBe(same);
        Histogram.Of(differentSimilarities, -1, 1, 80).Total.ShouldBe(all - same);
        sameSimilarities.Average().ShouldBeGreaterThan(differentSimilarities.Average() + 0.3f, "one person's faces are far more alike than two people's");
    }

    [Fact]
    public void More_pairs_than_asked_for_are_sampled_to_exactly_the_cap()
    {
        var set = EmbeddingSetFile.Load(Path.Combine(TestPaths.Fixtures, "embeddings", "lfw.tsv"));
        var labels = TruthPerFace(set);

        var (same, different) = PairSimilarities.SameAndDifferent(set.Faces, labels, 100, 7);
        var again = PairSimilarities.SameAndDifferent(set.Faces, labels, 100, 7);

        same.Length.ShouldBe(100);
        different.Length.ShouldBe(100);
        again.Same.ShouldBe(same);
        again.Different.ShouldBe(different);
    }

    [Fact]
    public void Nearest_neighbour_similarity_is_the_largest_similarity_to_any_other_face()
    {
        var faces = new Core.Clustering.EmbeddingMatrix(3, 2, [1, 0, 0.6f, 0.8f, 0, 1]);

        var nearest = PairSimilarities.NearestNeighbour(faces, 10, 1);

        nearest[0].ShouldBe(0.6f, 1e-6f);
        nearest[1].ShouldBe(0.8f, 1e-6f);
        nearest[2].ShouldBe(0.8f, 1e-6f);
    }

    internal static int[] TruthPerFace(EmbeddingSet set)
    {
        var labels = Enumerable.Repeat(-1, set.Faces.Count).ToArray();
        for (var k = 0; k < set.ScoredFaces.Length; k++)
            if (set.ScoredFaces[k] >= 0) labels[set.ScoredFaces[k]] = set.Truth[k];
        return labels;
    }
}
