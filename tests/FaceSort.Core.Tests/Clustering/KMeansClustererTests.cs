using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;

namespace FaceSort.Core.Tests.Clustering;

public class KMeansClustererTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Silhouette_of_four_faces_matches_the_hand_computation()
    {
        // 0° and 90° are one cluster, 180° and 200° another. For 0°: a = d(0,90) = 1, b = (d(0,180) + d(0,200)) / 2
        // = (2 + 1 + cos 20°) / 2 = 1.96985, s = (b − a) / b = 0.49235; likewise 0.14604, 0.95980, 0.96325.
        var s = Silhouette.Values(Points.OnCircle(0, 90, 180, 200), [0, 0, 1, 1], Ct);
        s[0].ShouldBe(0.49235f, 1e-4f);
        s[1].ShouldBe(0.14604f, 1e-4f);
        s[2].ShouldBe(0.95980f, 1e-4f);
        s[3].ShouldBe(0.96325f, 1e-4f);
        Silhouette.Mean(s).ShouldBe((0.49235 + 0.14604 + 0.95980 + 0.96325) / 4, 1e-4);
    }

    [Fact]
    public void Silhouette_of_a_lone_face_is_zero_and_of_an_unassigned_face_undefined()
    {
        // 200° unassigned: 180° is alone in its cluster (0); 0°: a = 1, b = d(0,180) = 2, s = 0.5.
        var s = Silhouette.Values(Points.OnCircle(0, 90, 180, 200), [0, 0, 1, -1], Ct);
        s[0].ShouldBe(0.5f, 1e-5f);
        s[2].ShouldBe(0f);
        float.IsNaN(s[3]).ShouldBeTrue();
        float.IsNaN(Silhouette.Values(Points.OnCircle(0, 90), [0, 0], Ct)[0]).ShouldBeTrue();
    }

    [Fact]
    public void Knee_of_a_hand_made_curve()
    {
        // Scaled: x = 0, .25, .5, .75, 1; y = 1, .333, .111, .056, 0; 1 − x − y is largest (0.417) at k = 2.
        KMeansSelection.KneeIndex([1, 2, 3, 4, 5], [10, 4, 2, 1.5, 1]).ShouldBe(1);
    }

    [Fact]
    public void Four_blobs_give_k_four_by_silhouette_and_by_elbow()
    {
        var (m, truth) = Points.Blobs(people: 4, perPerson: 20, dim: 32, noise: 0.5f, seed: 5);
        var clusterer = new KMeansClusterer();
        var selection = clusterer.SelectK(m, Ct);
        selection.ChosenBySilhouette.ShouldBe(4);
        selection.ChosenByElbow.ShouldBe(4);
        selection.Ks.ShouldBe(selection.Ks.Order().Distinct().ToArray());
        selection.Inertia.Length.ShouldBe(selection.Ks.Length);
        var a = clusterer.Cluster(new ClusteringInput(m), Ct);
        a.ClusterCount.ShouldBe(4);
        AgglomerativeClustererTests.Partition(a.Labels).ShouldBe(AgglomerativeClustererTests.Partition(truth));
        new KMeansClusterer(new KMeansOptions(Choice: KChoice.Elbow)).Cluster(new ClusteringInput(m), Ct).Labels.ShouldBe(a.Labels);
        // The cached-row silhouette of the selection agrees with the public helper.
        int at = Array.IndexOf(selection.Ks, 4);
        selection.MeanSilhouette[at].ShouldBe(Silhouette.Mean(Silhouette.Values(m, a.Labels, Ct)), 1e-5);
    }

    [Fact]
    public void Fixed_k_on_two_groups_and_a_cannot_link_inside_one()
    {
        // k = 2 on {0,1,2,3°} and {120,121,122,123°}; 0° and 1° are faces of one photo. The centre is at 1.5°, so 0°
        // (1.5° away) is less similar to it than 1° (0.5° away) and is the one dropped; the group of four is now first.
        var m = Points.OnCircle(0, 1, 2, 3, 120, 121, 122, 123);
        var free = new KMeansClusterer(new KMeansOptions(K: 2)).Cluster(new ClusteringInput(m), Ct);
        free.Labels.ShouldBe([0, 0, 0, 0, 1, 1, 1, 1]);
        var bound = new KMeansClusterer(new KMeansOptions(K: 2)).Cluster(new ClusteringInput(m, CannotLink: [new FacePair(0, 1)]), Ct);
        bound.Labels.ShouldBe([-1, 1, 1, 1, 0, 0, 0, 0]);
    }

    [Fact]
    public void Same_input_gives_the_same_labels_and_curves()
    {
        var set = EmbeddingSetFile.Load(OtherClusterersTests.Fixture("lfw"));
        var input = new ClusteringInput(set.Faces, set.PhotoOfFace, set.Quality);
        new KMeansClusterer().Cluster(input, Ct).Labels.ShouldBe(new KMeansClusterer().Cluster(input, Ct).Labels);
        var a = new KMeansClusterer().SelectK(set.Faces, Ct);
        var b = new KMeansClusterer().SelectK(set.Faces, Ct);
        a.Inertia.ShouldBe(b.Inertia);
        a.MeanSilhouette.ShouldBe(b.MeanSilhouette);
    }

    /// <summary>
    /// Floors: the measured default scores less about 0.04 (docs/clustering.md: lfw 0.859 / 0.568, faceapi-bbt
    /// 1.000 / 1.000 for silhouette / elbow).
    /// </summary>
    [Theory]
    [InlineData("lfw", "kmeans", 0.82)]
    [InlineData("lfw", "kmeans-elbow", 0.53)]
    [InlineData("faceapi-bbt", "kmeans", 0.96)]
    [InlineData("faceapi-bbt", "kmeans-elbow", 0.96)]
    public void Clusters_real_embeddings(string set, string method, double minF1)
    {
        var data = EmbeddingSetFile.Load(OtherClusterersTests.Fixture(set));
        var metrics = ClusteringEvaluator.Evaluate(data, ClusteringMethods.Create(method), Ct);
        metrics.PairwiseF1.ShouldBeGreaterThan(minF1);
    }
}
