using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;

namespace FaceSort.Core.Tests.Clustering;

public class HdbscanClustererTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Three tight blobs of five faces on the equator at 0°, 30° and 60° (members ±1.5° apart), and three faces far from
    /// all of them (the poles and 180°): the blobs join one another (distance ≤ 0.14) long before any far face joins
    /// anything (≥ 1), so the far faces leave the root of the condensed tree and are noise.
    /// </summary>
    private static EmbeddingMatrix BlobsAndNoise()
    {
        var points = new List<(double Lon, double Lat)>();
        foreach (double centre in new[] { 0.0, 30, 60 })
            foreach (double offset in new[] { -1.5, -0.75, 0, 0.75, 1.5 })
                points.Add((centre + offset, 0));
        points.AddRange([(0, 90), (0, -90), (180, 0)]);
        return OnSphere(points);
    }

    [Fact]
    public void Three_blobs_and_noise_give_three_clusters_and_noise()
    {
        var a = new HdbscanClusterer().Cluster(new ClusteringInput(BlobsAndNoise()), Ct);
        a.ClusterCount.ShouldBe(3);
        a.Labels.ShouldBe([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, -1, -1, -1]);
    }

    [Fact]
    public void Two_groups_on_a_circle_and_a_face_between_them()
    {
        // A at 0..3°, B at 120..123°, one face at 240° (≈117° from both): it leaves the root, so it is noise.
        var a = new HdbscanClusterer().Cluster(new ClusteringInput(Points.OnCircle(0, 1, 2, 3, 120, 121, 122, 123, 240)), Ct);
        a.Labels.ShouldBe([0, 0, 0, 0, 1, 1, 1, 1, -1]);
    }

    [Fact]
    public void Groups_smaller_than_the_minimum_cluster_size_are_noise()
    {
        // A at 0..3°, C at 250..253° (107° from A), a pair B at 120..121° that joins A∪C last (117°).
        var m = Points.OnCircle(0, 1, 2, 3, 120, 121, 250, 251, 252, 253);
        new HdbscanClusterer(new HdbscanOptions(MinClusterSize: 3)).Cluster(new ClusteringInput(m), Ct)
            .Labels.ShouldBe([0, 0, 0, 0, -1, -1, 1, 1, 1, 1]);
        new HdbscanClusterer(new HdbscanOptions(MinClusterSize: 2)).Cluster(new ClusteringInput(m), Ct)
            .Labels.ShouldBe([0, 0, 0, 0, 2, 2, 1, 1, 1, 1]);
    }

    [Fact]
    public void A_cannot_link_pair_never_shares_a_cluster_and_the_outer_face_is_dropped()
    {
        // Faces 0 (the blob's edge, -1.5°) and 2 (its centre) are two faces of one photo: the edge face leaves the
        // blob at a lower density, so it is the one dropped; the rest is unchanged.
        var m = BlobsAndNoise();
        var photo = Enumerable.Range(0, m.Count).ToArray();
        photo[0] = photo[2];
        var a = new HdbscanClusterer().Cluster(new ClusteringInput(m, photo), Ct);
        a.Labels[0].ShouldBe(ClusterAssignment.Unassigned);
        a.Labels[2].ShouldBe(a.Labels[1]);
        a.ClusterCount.ShouldBe(3);
    }

    [Fact]
    public void Duplicate_faces_at_distance_zero_still_form_their_clusters()
    {
        // Six copies at 0° and six at 90°: densities are infinite inside each group (capped), finite between them.
        var a = new HdbscanClusterer().Cluster(new ClusteringInput(Points.OnCircle(0, 0, 0, 0, 0, 0, 90, 90, 90, 90, 90, 90)), Ct);
        a.Labels.ShouldBe([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    }

    [Fact]
    public void Sparse_tree_on_a_small_limit_finds_the_same_blobs()
    {
        // DenseLimit 0 forces the kNN-graph spanning forest; on well separated blobs it must agree with the exact one.
        var (m, truth) = Points.Blobs(people: 4, perPerson: 12, dim: 32, noise: 0.5f, seed: 3);
        var dense = new HdbscanClusterer().Cluster(new ClusteringInput(m), Ct);
        var sparse = new HdbscanClusterer(new HdbscanOptions(DenseLimit: 0, SparseNeighbours: 8)).Cluster(new ClusteringInput(m), Ct);
        dense.ClusterCount.ShouldBe(4);
        AgglomerativeClustererTests.Partition(dense.Labels).ShouldBe(AgglomerativeClustererTests.Partition(truth));
        sparse.Labels.ShouldBe(dense.Labels);
    }

    [Fact]
    public void Same_input_gives_the_same_labels()
    {
        var set = EmbeddingSetFile.Load(OtherClusterersTests.Fixture("lfw"));
        var input = new ClusteringInput(set.Faces, set.PhotoOfFace, set.Quality);
        new HdbscanClusterer().Cluster(input, Ct).Labels.ShouldBe(new HdbscanClusterer().Cluster(input, Ct).Labels);
    }

    /// <summary>Floors: the measured default scores (lfw 0.939, faceapi-bbt 0.947; docs/clustering.md) less 0.04.</summary>
    [Theory]
    [InlineData("lfw", 0.90)]
    [InlineData("faceapi-bbt", 0.90)]
    public void Clusters_real_embeddings(string set, double minF1)
    {
        var data = EmbeddingSetFile.Load(OtherClusterersTests.Fixture(set));
        var metrics = ClusteringEvaluator.Evaluate(data, new HdbscanClusterer(), Ct);
        metrics.PairwiseF1.ShouldBeGreaterThan(minF1);
    }

    /// <summary>Unit vectors at (longitude, latitude) in degrees.</summary>
    internal static EmbeddingMatrix OnSphere(IReadOnlyList<(double Lon, double Lat)> points)
    {
        var data = new float[points.Count * 3];
        for (int i = 0; i < points.Count; i++)
        {
            double lon = points[i].Lon * Math.PI / 180, lat = points[i].Lat * Math.PI / 180;
            data[3 * i] = (float)(Math.Cos(lat) * Math.Cos(lon));
            data[3 * i + 1] = (float)(Math.Cos(lat) * Math.Sin(lon));
            data[3 * i + 2] = (float)Math.Sin(lat);
        }
        return new EmbeddingMatrix(points.Count, 3, data);
    }
}
