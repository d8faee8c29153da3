using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;
using FaceSort.Core.Reporting;

namespace FaceSort.Core.Tests.Reporting;

public sealed class SilhouetteAndElbowTests
{
    [Fact]
    public void Silhouette_by_group_sums_matches_the_pairwise_definition_on_real_faces()
    {
        var set = EmbeddingSetFile.Load(Path.Combine(TestPaths.Fixtures, "embeddings", "faceapi-bbt.tsv"));
        var labels = HistogramTests.TruthPerFace(set);
        var count = set.IdentityNames.Length;

        var fast = Silhouette.Values(set.Faces, labels, TestContext.Current.CancellationToken);

        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0) { float.IsNaN(fast[i]).ShouldBeTrue(); continue; }
            fast[i].ShouldBe(Pairwise(set.Faces, labels, count, i), 1e-4f);
        }
    }

    [Fact]
    public void Two_well_separated_pairs_have_a_known_silhouette()
    {
        // Unit vectors at 0°, 0°, 90°, 90°: a = 0, b = 1 − cos 90° = 1, so every silhouette is 1; a lone face gets 0.
        var faces = new EmbeddingMatrix(5, 2, [1, 0, 1, 0, 0, 1, 0, 1, 0.6f, 0.8f]);

        var silhouette = Silhouette.Values(faces, [0, 0, 1, 1, 2], TestContext.Current.CancellationToken);

        silhouette[..4].ShouldAllBe(s => Math.Abs(s - 1) < 1e-6);
        silhouette[4].ShouldBe(0);
    }

    [Fact]
    public void Inertia_is_the_total_spread_at_one_cluster_and_zero_with_one_cluster_per_face()
    {
        var faces = new EmbeddingMatrix(4, 2, [0, 0, 2, 0, 0, 2, 2, 2]);

        var curve = ElbowCurve.Compute(faces, [1, 4], seed: 3);

        curve[0].K.ShouldBe(1);
        curve[0].Inertia.ShouldBe(8, 1e-5); // each corner is √2 from the centre (1, 1): 4 × 2
        curve[1].Inertia.ShouldBe(0, 1e-9);
    }

    [Fact]
    public void Three_tight_groups_have_their_elbow_at_three()
    {
        var data = new List<float>();
        foreach (var (x, y) in new[] { (0f, 0f), (10f, 0f), (0f, 10f) })
            for (var k = 0; k < 5; k++) data.AddRange([x + 0.1f * k, y - 0.05f * k]);
        var faces = new EmbeddingMatrix(15, 2, [.. data]);

        var curve = ElbowCurve.Compute(faces, [1, 2, 3, 4], seed: 1);

        curve[2].Inertia.ShouldBeLessThan(curve[1].Inertia / 50);
        (curve[2].Inertia - curve[3].Inertia).ShouldBeLessThan(curve[2].Inertia);
    }

    private static float Pairwise(EmbeddingMatrix faces, int[] labels, int count, int i)
    {
        var sums = new double[count];
        var sizes = new int[count];
        for (var j = 0; j < labels.Length; j++)
        {
            if (j == i || labels[j] < 0) continue;
            sums[labels[j]] += 1 - Cosine(faces.Row(i), faces.Row(j));
            sizes[labels[j]]++;
        }
        if (sizes[labels[i]] == 0) return 0;
        var a = sums[labels[i]] / sizes[labels[i]];
        var b = Enumerable.Range(0, count).Where(c => c != labels[i] && sizes[c] > 0).Min(c => sums[c] / sizes[c]);
        return (float)((b - a) / Math.Max(a, b));
    }

    private static double Cosine(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double dot = 0, nx = 0, ny = 0;
        for (var k = 0; k < x.Length; k++) { dot += x[k] * y[k]; nx += x[k] * x[k]; ny += y[k] * y[k]; }
        return dot / Math.Sqrt(nx * ny);
    }
}
