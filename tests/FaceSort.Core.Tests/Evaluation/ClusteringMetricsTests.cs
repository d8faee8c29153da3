using FaceSort.Core.Evaluation;

namespace FaceSort.Core.Tests.Evaluation;

public class ClusteringMetricsTests
{
    [Fact]
    public void Perfect_clustering_scores_one_everywhere()
    {
        var m = ClusteringMetrics.Score([5, 5, 9, 9, 9], [0, 0, 1, 1, 1]);
        m.PairwiseF1.ShouldBe(1);
        m.BCubedF1.ShouldBe(1);
        m.Nmi.ShouldBe(1, 1e-12);
        m.Ari.ShouldBe(1, 1e-12);
        m.Clusters.ShouldBe(2);
        m.Identities.ShouldBe(2);
    }

    [Fact]
    public void Hand_computed_case()
    {
        // truth: A A A B B ; predicted: 0 0 1 1 1
        // pairs: predicted {01, 23, 24, 34} = 4, true {01, 02, 12, 34} = 4, shared {01, 34} = 2 -> P = R = 0.5.
        // BCubed P per face: 1, 1, 1/3, 2/3, 2/3 -> 11/15; R: 2/3, 2/3, 1/3, 1, 1 -> 11/15.
        // ARI: expected = 4*4/10 = 1.6, max = 4 -> (2 - 1.6) / (4 - 1.6) = 1/6.
        var m = ClusteringMetrics.Score([0, 0, 1, 1, 1], [0, 0, 0, 1, 1]);
        m.PairwisePrecision.ShouldBe(0.5, 1e-12);
        m.PairwiseRecall.ShouldBe(0.5, 1e-12);
        m.PairwiseF1.ShouldBe(0.5, 1e-12);
        m.BCubedPrecision.ShouldBe(11.0 / 15, 1e-12);
        m.BCubedRecall.ShouldBe(11.0 / 15, 1e-12);
        m.Ari.ShouldBe(1.0 / 6, 1e-12);
        // NMI: joint counts (0,A)=2, (1,A)=1, (1,B)=2 over n = 5; H(pred) = H(truth) = H(2/5, 3/5).
        double h = -(0.4 * Math.Log(0.4) + 0.6 * Math.Log(0.6));
        double mi = 0.4 * Math.Log(0.4 / (0.4 * 0.6)) + 0.2 * Math.Log(0.2 / (0.6 * 0.6)) + 0.4 * Math.Log(0.4 / (0.6 * 0.4));
        m.Nmi.ShouldBe(mi / h, 1e-12);
    }

    [Fact]
    public void Everything_in_one_cluster()
    {
        // truth A A B B: predicted pairs 6, true pairs 2 -> P = 1/3, R = 1; BCubed P = 1/2, R = 1.
        var m = ClusteringMetrics.Score([0, 0, 0, 0], [0, 0, 1, 1]);
        m.PairwisePrecision.ShouldBe(1.0 / 3, 1e-12);
        m.PairwiseRecall.ShouldBe(1);
        m.BCubedPrecision.ShouldBe(0.5, 1e-12);
        m.BCubedRecall.ShouldBe(1);
        m.Nmi.ShouldBe(0, 1e-12);
        m.Ari.ShouldBe(0, 1e-12);
    }

    [Fact]
    public void Unassigned_faces_count_as_singletons_not_as_one_cluster()
    {
        // truth A A A ; predicted -1 -1 0 : three singletons, not a cluster of the two unassigned faces.
        var m = ClusteringMetrics.Score([-1, -1, 0], [0, 0, 0]);
        m.PairwiseRecall.ShouldBe(0);
        m.PairwisePrecision.ShouldBe(1); // no predicted pairs: nothing claimed wrongly
        m.Clusters.ShouldBe(3);
        m.UnassignedShare.ShouldBe(2.0 / 3, 1e-12);
        m.BCubedRecall.ShouldBe(1.0 / 3, 1e-12);
    }
}
