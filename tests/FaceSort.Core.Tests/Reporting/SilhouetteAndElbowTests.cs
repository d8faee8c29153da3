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
    public void Inertia_is_the_spread_around_the_mean_direction_and_zero_once_each_direction_has_a_centre()
    {
        // Two faces at 0° and two at 90°: one centre sits at 45°, each face 1 − cos 45° from it.
        var faces = new EmbeddingMatrix(4, 2, [1, 0, 1, 0, 0, 1, 0, 1]);

        var curve = ElbowCurve.Compute(faces, [1, 2], seed: 3, TestContext.Current.CancellationToken);

        curve[0].K.ShouldBe(1);
        curve[0].Inertia.ShouldBe(4 * (1 - Math.Sqrt(0.5)), 1e-5);
        curve[1].Inertia.ShouldBe(0, 1e-6);
    }

    [Fact]
    public void Three_tight_groups_have_their_elbow_at_three()
    {
        var data = new List<float>();
        foreach (var axis in new[] { 0, 1, 2 })
            for (var k = 0; k < 5; k++)
            {
                var v = new float[3];
                v[axis] = 1;
                v[(axis + 1) % 3] = 0.02f * k;
                var norm = MathF.Sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
                data.AddRange(v.Select(x => x / norm));
            }
        var faces = new EmbeddingMatrix(15, 3, [.. data]);

        var curve = ElbowCurve.Compute(faces, [1, 2, 3, 4], seed: 1, TestContext.Current.CancellationToken);

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
