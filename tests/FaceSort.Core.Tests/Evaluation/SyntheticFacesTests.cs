using FaceSort.Core.Evaluation;

namespace FaceSort.Core.Tests.Evaluation;

public sealed class SyntheticFacesTests
{
    [Fact]
    public void Similarities_match_the_calibration_to_real_MobileFaceNet_embeddings()
    {
        var set = SyntheticFaces.Generate(3000, seed: 2);
        var m = set.Embeddings;
        double same = 0, diff = 0, diff2 = 0;
        int nSame = 0, nDiff = 0;
        for (int i = 0; i < m.Count; i++)
            for (int j = i + 1; j < m.Count; j += 7)
            {
                double s = System.Numerics.Tensors.TensorPrimitives.Dot(m.Row(i), m.Row(j));
                if (set.Identity[i] == set.Identity[j]) { same += s; nSame++; }
                else { diff += s; diff2 += s * s; nDiff++; }
            }
        // Measured on real embeddings (docs/clustering-scale.md): same person ≈ 0.45, different ≈ 0.00–0.03 with sd ≈ 0.10.
        (same / nSame).ShouldBe(0.45, 0.03);
        (diff / nDiff).ShouldBe(0.0, 0.01);
        Math.Sqrt(diff2 / nDiff).ShouldBe(0.09, 0.01);
        set.Identities.ShouldBe(300);
        for (int i = 0; i < m.Count; i += 97)
            System.Numerics.Tensors.TensorPrimitives.Norm(m.Row(i)).ShouldBe(1f, 1e-5f);
    }

    [Fact]
    public void The_same_seed_gives_the_same_faces()
    {
        SyntheticFaces.Generate(200, seed: 4).Embeddings.Data.ShouldBe(SyntheticFaces.Generate(200, seed: 4).Embeddings.Data);
        SyntheticFaces.Generate(200, seed: 4).Embeddings.Data.ShouldNotBe(SyntheticFaces.Generate(200, seed: 5).Embeddings.Data);
    }
}
