using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;
using FaceSort.Core.Recognition;

namespace FaceSort.Core.Tests.Clustering;

public class OtherClusterersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Exact_knn_matches_brute_force_order()
    {
        var (m, _) = Points.Blobs(people: 5, perPerson: 30, dim: 24, noise: 1.0f, seed: 7);
        var g = KnnGraph.Exact(m, 5, Ct);
        for (int i = 0; i < m.Count; i++)
        {
            var expected = Enumerable.Range(0, m.Count).Where(j => j != i)
                .OrderByDescending(j => Dot(m, i, j)).ThenBy(j => j).Take(5).ToArray();
            g.NeighboursOf(i).ToArray().ShouldBe(expected);
        }
    }

    [Fact]
    public void Knn_pads_when_the_set_is_smaller_than_k()
    {
        var g = KnnGraph.Exact(Points.OnCircle(0, 10), 3, Ct);
        g.NeighboursOf(0).ToArray().ShouldBe([1, -1, -1]);
    }

    [Fact]
    public void Dbscan_leaves_an_isolated_face_unassigned()
    {
        // eps 0.1 (≈25.8°): 0°, 10°, 20° chain into one cluster; 90° and 180° are alone.
        var a = new DbscanClusterer(new DbscanOptions(0.1f, 2)).Cluster(new ClusteringInput(Points.OnCircle(0, 10, 20, 90, 180)), Ct);
        a.Labels.ShouldBe([0, 0, 0, -1, -1]);
    }

    [Fact]
    public void Dbscan_needs_min_points_to_start_a_cluster()
    {
        var a = new DbscanClusterer(new DbscanOptions(0.1f, 4)).Cluster(new ClusteringInput(Points.OnCircle(0, 10, 20, 90)), Ct);
        a.ClusterCount.ShouldBe(0);
    }

    [Fact]
    public void Rank_order_distance_of_identical_neighbourhoods_is_zero()
    {
        // k = 2 over {0°, 1°, 2°} and {90°, 91°, 92°}: each face's list is its own triple, so every in-list distance is
        // 0 and any positive threshold links exactly the two triples.
        var m = Points.OnCircle(0, 1, 2, 90, 91, 92);
        var a = new RankOrderClusterer(new RankOrderOptions(K: 2, Threshold: 0.5f)).Cluster(new ClusteringInput(m), Ct);
        a.Labels.ShouldBe([0, 0, 0, 1, 1, 1]);
    }

    [Fact]
    public void Rank_order_honours_cannot_link()
    {
        var m = Points.OnCircle(0, 1, 2, 90, 91, 92);
        var a = new RankOrderClusterer(new RankOrderOptions(K: 2, Threshold: 0.5f))
            .Cluster(new ClusteringInput(m, CannotLink: [new FacePair(0, 2)]), Ct);
        a.Labels[0].ShouldNotBe(a.Labels[2]);
    }

    [Fact]
    public void FaceSort_separates_blobs_and_leaves_singletons_unassigned()
    {
        var (m, truth) = Points.Blobs(people: 4, perPerson: 10, dim: 32, noise: 0.6f, seed: 11);
        var data = m.Data.Concat(Points.Blobs(1, 1, 32, 0, 99).Matrix.Data).ToArray();
        var withStranger = new EmbeddingMatrix(m.Count + 1, 32, data);
        var a = new FaceSortClusterer().Cluster(new ClusteringInput(withStranger), Ct);
        a.ClusterCount.ShouldBe(4);
        a.Labels[^1].ShouldBe(ClusterAssignment.Unassigned);
        AgglomerativeClustererTests.Partition(a.Labels[..^1]).ShouldBe(AgglomerativeClustererTests.Partition(truth));
    }

    [Fact]
    public void FaceSort_never_puts_two_faces_of_one_photo_together()
    {
        var m = Points.OnCircle(0, 1, 2, 3);
        var a = new FaceSortClusterer(new FaceSortOptions(MinClusterSize: 1)).Cluster(new ClusteringInput(m, [5, 5, 6, 7]), Ct);
        a.Labels[0].ShouldNotBe(a.Labels[1]);
    }

    [Fact]
    public void FaceSort_low_quality_faces_join_but_never_bridge()
    {
        // 0° and 60° (distance 0.5) are two people at MergeDistance 0.3; a poor face at 30° sits between them. The
        // nearest-faces step is off: its similarity bar (0.35) is set for real embeddings, not for this scaled-down circle;
        // so are shots (faces 1° apart would be copies of one photo).
        var m = Points.OnCircle(0, 1, 60, 61, 30);
        var a = new FaceSortClusterer(new FaceSortOptions(MergeDistance: 0.3f, JoinDistance: 0.3f, Recognition: new RecognitionOptions(NearestFaces: 0), ShotSimilarity: 2))
            .Cluster(new ClusteringInput(m, Quality: [1, 1, 1, 1, 0.5f]), Ct);
        a.ClusterCount.ShouldBe(2);
        a.Labels[0].ShouldNotBe(a.Labels[2]);
    }

    [Fact]
    public void FaceSort_faces_below_the_place_quality_stay_unassigned_unless_the_user_tied_them()
    {
        // Two people (0°/1°/2° and 60°/61°/62°); a poor face right on the first person, and another the user put there.
        var m = Points.OnCircle(0, 1, 2, 60, 61, 62, 1.5, 0.5);
        var options = new FaceSortOptions(MergeDistance: 0.3f, JoinDistance: 0.3f, Recognition: new RecognitionOptions(NearestFaces: 0), ShotSimilarity: 2);
        float[] quality = [1, 1, 1, 1, 1, 1, 0.2f, 0.2f];
        var a = new FaceSortClusterer(options).Cluster(new ClusteringInput(m, Quality: quality, MustLink: [new FacePair(0, 7)]), Ct);
        a.ClusterCount.ShouldBe(2);
        a.Labels[6].ShouldBe(ClusterAssignment.Unassigned, "too poor to place, however close");
        a.Labels[7].ShouldBe(a.Labels[0], "a must-link is the user's word");
        a.Labels[3].ShouldBe(a.Labels[4]);
        // At a place quality of 0 the poor face joins as any low-quality face does.
        new FaceSortClusterer(options with { PlaceQuality = 0 }).Cluster(new ClusteringInput(m, Quality: quality), Ct).Labels[6].ShouldBe(a.Labels[0]);
    }

    [Fact]
    public void FaceSort_big_clusters_merge_beyond_the_base_threshold_only_when_as_alike_as_themselves()
    {
        // 1,000 synthetic people of ~10 faces: phase 2's spread-based threshold alone is passed by chance by some of the
        // ~10⁴ neighbouring pairs of different people; the cohesion share keeps them apart (precision 0.988 → 1.000,
        // recall unchanged, docs/clustering.md step 6).
        var set = SyntheticFaces.Generate(10_000, seed: 1);
        var input = new ClusteringInput(set.Embeddings);
        var withShare = ClusteringMetrics.Score(new FaceSortClusterer().Cluster(input, Ct).Labels, set.Identity);
        var withoutShare = ClusteringMetrics.Score(new FaceSortClusterer(new FaceSortOptions(CohesionShare: 0)).Cluster(input, Ct).Labels, set.Identity);

        withShare.PairwisePrecision.ShouldBeGreaterThanOrEqualTo(0.998);
        withoutShare.PairwisePrecision.ShouldBeLessThan(0.995, "without the share, look-alike people merge: the test measures the share");
        withShare.PairwiseRecall.ShouldBeGreaterThanOrEqualTo(withoutShare.PairwiseRecall - 0.002, "and no same-person merge is lost");
    }

    [Fact]
    public void FaceSort_strangers_in_a_big_collection_do_not_pair_by_chance()
    {
        // Library-shaped faces: Zipf-sized people and 20 % strangers seen once. Among 20,000 faces a stranger's best
        // chance match nears lfw's pair bar (0.375 similarity: σ·√(2 ln n) ≈ 0.09 · 4.45), so without the rise strangers
        // pair with strangers or with a person's odd photo (docs/clustering.md, step 2).
        var set = SyntheticFaces.GenerateLibrary(20_000, seed: 2);
        var input = new ClusteringInput(set.Embeddings);
        var facesOf = new int[set.Identities];
        foreach (int id in set.Identity) facesOf[id]++;
        (int Placed, double F1) Run(FaceSortOptions options)
        {
            var labels = new FaceSortClusterer(options).Cluster(input, Ct).Labels;
            int placed = 0;
            for (int i = 0; i < labels.Length; i++) if (facesOf[set.Identity[i]] == 1 && labels[i] >= 0) placed++;
            return (placed, ClusteringMetrics.Score(labels, set.Identity).PairwiseF1);
        }
        var rising = Run(new FaceSortOptions());
        var fixedBar = Run(new FaceSortOptions(PairReferenceFaces: 0));
        TestContext.Current.TestOutputHelper?.WriteLine($"one-off faces placed: {rising.Placed} with the rise, {fixedBar.Placed} without; F1 {rising.F1:F4} / {fixedBar.F1:F4}");

        rising.Placed.ShouldBeLessThan(20); // 5 measured, against 90
        fixedBar.Placed.ShouldBeGreaterThan(50, "without the rise strangers pair: the test measures the rise");
        rising.F1.ShouldBeGreaterThanOrEqualTo(fixedBar.F1, "and no person is split for it");

        // People of about ten faces and no strangers: a person's faces resemble each other in threes, so they still pair.
        var uniform = SyntheticFaces.Generate(20_000, seed: 2);
        var uniformInput = new ClusteringInput(uniform.Embeddings);
        var withRise = ClusteringMetrics.Score(new FaceSortClusterer().Cluster(uniformInput, Ct).Labels, uniform.Identity);
        var withoutRise = ClusteringMetrics.Score(new FaceSortClusterer(new FaceSortOptions(PairReferenceFaces: 0)).Cluster(uniformInput, Ct).Labels, uniform.Identity);
        TestContext.Current.TestOutputHelper?.WriteLine($"uniform F1 {withRise.PairwiseF1:F4} with the rise, {withoutRise.PairwiseF1:F4} without");
        withRise.PairwiseF1.ShouldBeGreaterThanOrEqualTo(withoutRise.PairwiseF1 - 0.002);
    }

    [Fact]
    public void FaceSort_two_single_faces_between_the_pair_bar_and_the_base_pair_only_with_a_third_face_close_to_both()
    {
        // 64-d. a, b, c share a direction (pairwise similarity 0.40, distance 0.60: under the base 0.625); d and e too,
        // with no third face. 40 filler faces, orthogonal to those seven directions, set the spread (≈ 0.09 over
        // random pairs of all 45). With the reference at 10 faces the pair bar for 45 faces is 0.625 − 0.09 ·
        // (√(2 ln 45) − √(2 ln 10)) ≈ 0.57, under the pairs' 0.60.
        const int dim = 64;
        var rng = new Random(4);
        var data = new float[45 * dim];
        void Face(int i, int shared, int own)
        {
            data[i * dim + shared] = MathF.Sqrt(0.40f);
            data[i * dim + own] = MathF.Sqrt(0.60f);
        }
        Face(0, 0, 1); Face(1, 0, 2); Face(2, 0, 3); // a, b, c
        Face(3, 4, 5); Face(4, 4, 6);                // d, e
        for (int i = 5; i < 45; i++)
        {
            var row = data.AsSpan(i * dim, dim);
            for (int k = 7; k < dim; k++) row[k] = (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
            System.Numerics.Tensors.TensorPrimitives.Divide(row, System.Numerics.Tensors.TensorPrimitives.Norm(row), row);
        }
        var m = new EmbeddingMatrix(45, dim, data);
        var options = new FaceSortOptions(PairReferenceFaces: 10);
        FaceSortClusterer.PairDistance(m, Enumerable.Repeat(true, 45).ToArray(), options).ShouldBeInRange(0.54f, 0.59f);

        var labels = new FaceSortClusterer(options).Cluster(new ClusteringInput(m), Ct).Labels;
        labels[0].ShouldBeGreaterThanOrEqualTo(0);
        labels[1].ShouldBe(labels[0]);
        labels[2].ShouldBe(labels[0], "a third face close to both: a person, not a chance match");
        labels[3].ShouldBe(ClusterAssignment.Unassigned, "a lone pair this close is what chance gives among 45 faces");
        labels[4].ShouldBe(ClusterAssignment.Unassigned);

        var fixedBar = new FaceSortClusterer(options with { PairReferenceFaces = 0 }).Cluster(new ClusteringInput(m), Ct).Labels;
        fixedBar[3].ShouldBeGreaterThanOrEqualTo(0, "at the base alone they pair");
        fixedBar[4].ShouldBe(fixedBar[3]);
    }

    [Fact]
    public void FaceSort_queueing_only_a_big_clusters_best_pair_changes_no_cluster()
    {
        var input = LibraryWithUserPairs();
        var every = new FaceSortClusterer { BestOnlySize = int.MaxValue }.Cluster(input, Ct).Labels;
        new FaceSortClusterer().Cluster(input, Ct).Labels.ShouldBe(every);
        new FaceSortClusterer { BestOnlySize = 2 }.Cluster(input, Ct).Labels.ShouldBe(every);
        every.Max().ShouldBeGreaterThan(50);
    }

    [Fact]
    public void FaceSort_sweeping_stale_pairs_out_of_the_queue_changes_no_cluster()
    {
        var input = LibraryWithUserPairs();
        var never = new FaceSortClusterer { SweepMinimum = int.MaxValue }.Cluster(input, Ct).Labels;
        new FaceSortClusterer { SweepMinimum = 1_000 }.Cluster(input, Ct).Labels.ShouldBe(never);
        new FaceSortClusterer { SweepMinimum = 1_000, BestOnlySize = 2 }.Cluster(input, Ct).Labels.ShouldBe(never);
        never.Max().ShouldBeGreaterThan(50);
    }

    // Library-shaped faces give clusters of hundreds of faces; user pairs make merges refused (cannot-link) and forced
    // (must-link), the paths where a cluster that queues only its best must look again.
    private static ClusteringInput LibraryWithUserPairs()
    {
        var set = SyntheticFaces.GenerateLibrary(8_000, seed: 5);
        var byIdentity = Enumerable.Range(0, 8_000).GroupBy(i => set.Identity[i]).Where(g => g.Count() >= 20).Select(g => g.ToArray()).ToArray();
        var cannot = new List<FacePair>();
        var must = new List<FacePair>();
        for (int p = 0; p < byIdentity.Length; p++)
        {
            cannot.Add(new FacePair(byIdentity[p][0], byIdentity[p][1]));
            must.Add(new FacePair(byIdentity[p][2], byIdentity[(p + 1) % byIdentity.Length][3]));
        }
        return new ClusteringInput(set.Embeddings, CannotLink: cannot, MustLink: must);
    }

    [Fact]
    public void FaceSort_pair_bar_rises_with_the_faces_compared_beyond_the_tuning_sets_size()
    {
        var options = new FaceSortOptions();
        var small = SyntheticFaces.Generate(220, seed: 3).Embeddings;
        FaceSortClusterer.PairDistance(small, Enumerable.Repeat(true, 220).ToArray(), options).ShouldBe(options.MergeDistance);
        // 10,000 faces, spread ≈ 0.09: 0.625 − 0.09 · (√(2 ln 10000) − √(2 ln 220)) = 0.625 − 0.09 · 1.007 ≈ 0.534.
        var big = SyntheticFaces.Generate(10_000, seed: 3).Embeddings;
        FaceSortClusterer.PairDistance(big, Enumerable.Repeat(true, 10_000).ToArray(), options).ShouldBe(0.534f, 0.01f);
        FaceSortClusterer.PairDistance(big, Enumerable.Repeat(true, 10_000).ToArray(), options with { PairReferenceFaces = 0 }).ShouldBe(options.MergeDistance);
    }

    [Theory]
    [InlineData("lfw", 0.95)]
    [InlineData("faceapi-bbt", 0.90)]
    public void Default_clusters_real_embeddings_well(string set, double minF1)
    {
        var data = EmbeddingSetFile.Load(Fixture(set));
        foreach (var method in new[] { "facesort", "agglo" })
        {
            var metrics = ClusteringEvaluator.Evaluate(data, ClusteringMethods.Create(method), Ct);
            metrics.PairwiseF1.ShouldBeGreaterThan(minF1, method);
        }
    }

    [Fact]
    public void Loader_finds_main_faces_and_labels()
    {
        var lfw = EmbeddingSetFile.Load(Fixture("lfw"));
        lfw.Faces.Dimension.ShouldBe(128);
        lfw.ScoredFaces.Length.ShouldBe(199);
        lfw.IdentityNames.Length.ShouldBe(80);
        lfw.ScoredFaces.ShouldAllBe(f => f >= 0);
    }

    internal static string Fixture(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FaceSort.slnx"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "tests", "fixtures", "embeddings", name + ".tsv");
    }

    private static double Dot(EmbeddingMatrix m, int i, int j)
    {
        float s = 0;
        for (int k = 0; k < m.Dimension; k++) s += m.Row(i)[k] * m.Row(j)[k];
        return s;
    }
}
