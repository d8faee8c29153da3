using FaceSort.Core.Clustering;

namespace FaceSort.Core.Tests.Clustering;

public class AgglomerativeClustererTests
{
    // Two tight pairs 90° apart: distance within a pair 1 − cos 10° ≈ 0.015, across ≈ 1.
    private static readonly EmbeddingMatrix TwoPairs = Points.OnCircle(0, 10, 90, 100);

    private static ClusterAssignment Run(EmbeddingMatrix m, Linkage linkage, float threshold,
        int[]? photo = null, FacePair[]? cannot = null, FacePair[]? must = null) =>
        new AgglomerativeClusterer(new AgglomerativeOptions(linkage, threshold))
            .Cluster(new ClusteringInput(m, photo, null, cannot, must), TestContext.Current.CancellationToken);

    [Theory]
    [InlineData(Linkage.Single)]
    [InlineData(Linkage.Average)]
    [InlineData(Linkage.Complete)]
    public void Two_tight_pairs_make_two_clusters(Linkage linkage)
    {
        var a = Run(TwoPairs, linkage, 0.5f);
        a.ClusterCount.ShouldBe(2);
        a.Labels.ShouldBe([0, 0, 1, 1]);
    }

    [Fact]
    public void Threshold_above_every_distance_makes_one_cluster()
    {
        Run(TwoPairs, Linkage.Average, 1.5f).Labels.ShouldBe([0, 0, 0, 0]);
    }

    [Fact]
    public void Threshold_zero_leaves_singletons()
    {
        var a = Run(TwoPairs, Linkage.Average, 0f);
        a.ClusterCount.ShouldBe(4);
        a.Labels.ShouldBe([0, 1, 2, 3]);
    }

    [Fact]
    public void Linkages_differ_on_a_chain_as_computed_by_hand()
    {
        // Points at 0°, 40°, 80°: neighbours 1 − cos 40° = 0.234, ends 1 − cos 80° = 0.826.
        // Single: {0,1} at 0.234, then +2 at min(0.234, 0.826) = 0.234.
        // Average: then at (0.826 + 0.234) / 2 = 0.530. Complete: then at max = 0.826.
        var chain = Points.OnCircle(0, 40, 80);
        Run(chain, Linkage.Single, 0.3f).ClusterCount.ShouldBe(1);
        Run(chain, Linkage.Average, 0.3f).ClusterCount.ShouldBe(2);
        Run(chain, Linkage.Average, 0.6f).ClusterCount.ShouldBe(1);
        Run(chain, Linkage.Complete, 0.6f).ClusterCount.ShouldBe(2);
        Run(chain, Linkage.Complete, 0.9f).ClusterCount.ShouldBe(1);
    }

    [Fact]
    public void Labels_are_numbered_largest_cluster_first()
    {
        var a = Run(Points.OnCircle(0, 90, 91, 92), Linkage.Average, 0.1f);
        a.Labels.ShouldBe([1, 0, 0, 0]);
    }

    [Theory]
    [InlineData(Linkage.Single)]
    [InlineData(Linkage.Average)]
    [InlineData(Linkage.Complete)]
    public void Faces_of_one_photo_never_share_a_cluster(Linkage linkage)
    {
        // Faces 0 and 1 are near-identical but come from photo 7.
        var a = Run(TwoPairs, linkage, 1.5f, photo: [7, 7, 8, 9]);
        a.Labels[0].ShouldNotBe(a.Labels[1]);
    }

    [Fact]
    public void Cannot_link_holds_through_later_merges_under_single_linkage()
    {
        // 0° and 20° cannot link; 10° sits between them. Single linkage would otherwise chain all three.
        var a = Run(Points.OnCircle(0, 10, 20), Linkage.Single, 1.5f, cannot: [new FacePair(0, 2)]);
        a.Labels[0].ShouldNotBe(a.Labels[2]);
        a.ClusterCount.ShouldBe(2);
    }

    [Fact]
    public void Must_link_joins_faces_even_when_far_apart()
    {
        // {1,2} forced together; its average distance to 0 and to 3 is (0.015 + 1) / 2 ≈ 0.508 > 0.5: three clusters.
        var a = Run(TwoPairs, Linkage.Average, 0.5f, must: [new FacePair(1, 2)]);
        a.Labels[1].ShouldBe(a.Labels[2]);
        a.ClusterCount.ShouldBe(3);
    }

    [Fact]
    public void Cannot_link_wins_over_a_contradicting_must_link()
    {
        var a = Run(TwoPairs, Linkage.Average, 0.5f, cannot: [new FacePair(0, 1)], must: [new FacePair(0, 1)]);
        a.Labels[0].ShouldNotBe(a.Labels[1]);
    }

    [Fact]
    public void Matches_a_brute_force_greedy_reference_on_random_blobs()
    {
        var (m, _) = Points.Blobs(people: 6, perPerson: 8, dim: 16, noise: 0.9f, seed: 3);
        foreach (var linkage in new[] { Linkage.Single, Linkage.Average, Linkage.Complete })
        foreach (var t in new[] { 0.2f, 0.4f, 0.6f })
            Partition(Run(m, linkage, t).Labels).ShouldBe(Partition(GreedyReference(m, linkage, t)), $"{linkage} {t}");
    }

    [Fact]
    public void Two_pass_merges_clusters_whose_medians_are_close()
    {
        // Pass 1 (0.05) keeps the two pairs apart at 25° (≈0.094); pass 2 (0.2) joins their medians (20° apart).
        var m = Points.OnCircle(0, 5, 25, 30, 120);
        var a = new TwoPassClusterer(new TwoPassOptions(0.05f, 0.2f)).Cluster(new ClusteringInput(m), TestContext.Current.CancellationToken);
        a.Labels.ShouldBe([0, 0, 0, 0, 1]);
        var strict = new TwoPassClusterer(new TwoPassOptions(0.05f, 0.05f)).Cluster(new ClusteringInput(m), TestContext.Current.CancellationToken);
        strict.ClusterCount.ShouldBe(3);
    }

    [Fact]
    public void Two_pass_respects_cannot_link_in_pass_two()
    {
        var m = Points.OnCircle(0, 5, 25, 30);
        var a = new TwoPassClusterer(new TwoPassOptions(0.05f, 0.5f))
            .Cluster(new ClusteringInput(m, CannotLink: [new FacePair(0, 3)]), TestContext.Current.CancellationToken);
        a.Labels[0].ShouldNotBe(a.Labels[3]);
    }

    /// <summary>Set of member sets, independent of label numbering.</summary>
    internal static string Partition(int[] labels) =>
        string.Join("|", labels.Select((l, i) => (l, i)).GroupBy(x => x.l < 0 ? -1 - x.i : x.l)
            .Select(g => string.Join(",", g.Select(x => x.i))).Order(StringComparer.Ordinal));

    /// <summary>O(n³) textbook algorithm: repeatedly merge the closest pair of clusters while below the threshold.</summary>
    private static int[] GreedyReference(EmbeddingMatrix m, Linkage linkage, float t)
    {
        var clusters = Enumerable.Range(0, m.Count).Select(i => new List<int> { i }).ToList();
        while (true)
        {
            double best = double.MaxValue;
            int ba = -1, bb = -1;
            for (int a = 0; a < clusters.Count; a++)
            for (int b = a + 1; b < clusters.Count; b++)
            {
                var ds = clusters[a].SelectMany(i => clusters[b].Select(j => 1.0 - Dot(m, i, j))).ToList();
                double d = linkage switch { Linkage.Single => ds.Min(), Linkage.Complete => ds.Max(), _ => ds.Average() };
                if (d < best) { best = d; ba = a; bb = b; }
            }
            if (ba < 0 || best >= t) break;
            clusters[ba].AddRange(clusters[bb]);
            clusters.RemoveAt(bb);
        }
        var labels = new int[m.Count];
        for (int c = 0; c < clusters.Count; c++) foreach (var i in clusters[c]) labels[i] = c;
        return labels;
    }

    private static double Dot(EmbeddingMatrix m, int i, int j)
    {
        double s = 0;
        for (int k = 0; k < m.Dimension; k++) s += m.Row(i)[k] * m.Row(j)[k];
        return s;
    }
}
