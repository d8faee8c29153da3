using FaceSort.Core.Evaluation;
using FaceSort.Core.Clustering;
using FaceSort.Core.Reporting;

namespace FaceSort.Core.Tests.Reporting;

public sealed class PcaTests
{
    [Fact]
    public void Points_spread_along_a_diagonal_have_that_diagonal_as_first_axis()
    {
        // t along (1,1,0)/√2 and s along (0,0,1), offset by (5,−3,2): the variances are mean(t²) = 2.5 and mean(s²) = 0.25.
        var diagonal = 1 / Math.Sqrt(2);
        var data = new List<float>();
        var expectedX = new List<double>();
        foreach (var t in new[] { -2.0, -1, 1, 2 })
            foreach (var s in new[] { -0.5, 0.5 })
            {
                data.AddRange([(float)(5 + t * diagonal), (float)(-3 + t * diagonal), (float)(2 + s)]);
                expectedX.Add(t);
            }
        var faces = new EmbeddingMatrix(8, 3, [.. data]);

        var pca = Pca.TopTwo(faces);

        pca.Axis1[0].ShouldBe(diagonal, 1e-5);
        pca.Axis1[1].ShouldBe(diagonal, 1e-5);
        pca.Axis1[2].ShouldBe(0, 1e-5);
        Math.Abs(pca.Axis2[2]).ShouldBe(1, 1e-5);
        pca.Variance[0].ShouldBe(2.5, 1e-4);
        pca.Variance[1].ShouldBe(0.25, 1e-4);
        pca.TotalVariance.ShouldBe(2.75, 1e-4);
        for (var i = 0; i < 8; i++) pca.X[i].ShouldBe(expectedX[i], 1e-4);
    }

    [Fact]
    public void Axes_of_real_embeddings_are_orthonormal_and_the_same_on_every_run()
    {
        var faces = EmbeddingSetFile.Load(Path.Combine(TestPaths.Fixtures, "embeddings", "lfw.tsv")).Faces;

        var first = Pca.TopTwo(faces);
        var second = Pca.TopTwo(faces);

        Dot(first.Axis1, first.Axis1).ShouldBe(1, 1e-9);
        Dot(first.Axis2, first.Axis2).ShouldBe(1, 1e-9);
        Dot(first.Axis1, first.Axis2).ShouldBe(0, 1e-9);
        first.Variance[0].ShouldBeGreaterThanOrEqualTo(first.Variance[1]);
        second.X.ShouldBe(first.X);
        second.Y.ShouldBe(first.Y);
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
