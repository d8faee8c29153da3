using FaceSort.Core.Alignment;
using FaceSort.Core.Detection;

namespace FaceSort.Core.Tests.Alignment;

public sealed class SimilarityTransformTests
{
    private static Landmarks5 Template => new(
        38.2946f, 51.6963f, 73.5318f, 51.5014f, 56.0252f, 71.7366f, 41.5493f, 92.3655f, 70.7299f, 92.2041f);

    [Fact]
    public void The_template_onto_itself_is_the_identity()
    {
        var t = SimilarityTransform.ToArcFaceTemplate(Template);
        t.A.ShouldBe(1, 1e-6);
        t.B.ShouldBe(0, 1e-6);
        t.Tx.ShouldBe(0, 1e-4);
        t.Ty.ShouldBe(0, 1e-4);
    }

    [Fact]
    public void A_known_rotation_scale_and_shift_is_recovered_exactly()
    {
        // Points placed by x' = 2.5·R(30°)·x + (100, -40); the estimate from them must give those parameters back.
        var truth = new SimilarityTransform(2.5 * Math.Cos(Math.PI / 6), 2.5 * Math.Sin(Math.PI / 6), 100, -40);
        double[] source = [0, 0, 10, 0, 3, 7, -4, 12, 20, -5];
        var destination = new double[source.Length];
        for (var i = 0; i < 5; i++)
            (destination[2 * i], destination[2 * i + 1]) = truth.Apply(source[2 * i], source[2 * i + 1]);
        var estimate = SimilarityTransform.Estimate(source, destination);
        estimate.A.ShouldBe(truth.A, 1e-9);
        estimate.B.ShouldBe(truth.B, 1e-9);
        estimate.Tx.ShouldBe(100, 1e-9);
        estimate.Ty.ShouldBe(-40, 1e-9);
        estimate.Scale.ShouldBe(2.5, 1e-9);
        estimate.RotationRadians.ShouldBe(Math.PI / 6, 1e-9);
    }

    [Fact]
    public void A_mirrored_face_gets_a_rotation_not_a_reflection()
    {
        // Mirroring the template left-right: the best proper similarity cannot undo a reflection, so it shrinks.
        var mirrored = new Landmarks5(
            112 - 38.2946f, 51.6963f, 112 - 73.5318f, 51.5014f, 112 - 56.0252f, 71.7366f,
            112 - 41.5493f, 92.3655f, 112 - 70.7299f, 92.2041f);
        var t = SimilarityTransform.ToArcFaceTemplate(mirrored);
        (t.A * t.A + t.B * t.B).ShouldBeLessThan(1);
        // The determinant of a similarity is scale² > 0: orientation is kept.
        (t.A * t.A + t.B * t.B).ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Inverse_undoes_the_transform()
    {
        var t = new SimilarityTransform(0.3, -1.2, 15, 7);
        var (x, y) = t.Apply(3, -8);
        var (bx, by) = t.Inverse().Apply(x, y);
        bx.ShouldBe(3, 1e-9);
        by.ShouldBe(-8, 1e-9);
    }

    [Fact]
    public void The_estimate_matches_the_peers_umeyama_on_a_real_face()
    {
        // Landmarks of amy1.png from YuNet; expected matrix from ../shared/peers/opencv_pipeline.py similarity_umeyama
        // (numpy SVD), printed with: python3 -c "import opencv_pipeline as p, numpy as np; print(p.similarity_umeyama(
        // [[45.616,47.188],[105.381,47.514],[66.903,81.021],[52.433,106.299],[102.349,106.238]], p.ARCFACE_112))"
        var l = new Landmarks5(45.616f, 47.188f, 105.381f, 47.514f, 66.903f, 81.021f, 52.433f, 106.299f, 102.349f, 106.238f);
        var t = SimilarityTransform.ToArcFaceTemplate(l);
        t.A.ShouldBe(PeerA, 1e-5);
        t.B.ShouldBe(PeerB, 1e-5);
        t.Tx.ShouldBe(PeerTx, 1e-3);
        t.Ty.ShouldBe(PeerTy, 1e-3);
    }

    private const double PeerA = 0.63365366884, PeerB = 0.0076624887303, PeerTx = 9.3909042530, PeerTy = 22.125170982;
}
