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

    [Fact]
    public void A_library_shaped_set_has_a_few_big_people_many_small_ones_and_one_off_strangers()
    {
        var set = SyntheticFaces.GenerateLibrary(20_000, seed: 3);
        set.Embeddings.Count.ShouldBe(20_000);
        set.Identities.ShouldBe(400 + 4000); // 16,000 faces / 40 per person, plus 20 % strangers
        var sizes = set.Identity.GroupBy(i => i).Select(g => g.Count()).OrderDescending().ToArray();
        // Zipf: the first of 400 people holds 1/H(400) = 1/6.57 of the 16,000 people's faces, the 10th a tenth of that.
        sizes[0].ShouldBeInRange(2200, 2650);
        sizes[9].ShouldBeInRange(190, 300);
        set.Identity.GroupBy(i => i).Count(g => g.Key >= 400 && g.Count() == 1).ShouldBe(4000);
        // Strangers arrive throughout the collection, not all at its end.
        set.Identity.Take(10_000).Count(i => i >= 400).ShouldBeInRange(1800, 2200);

        var m = set.Embeddings;
        double same = 0, diff = 0;
        int nSame = 0, nDiff = 0;
        for (int i = 0; i < m.Count; i += 3)
            for (int j = i + 1; j < m.Count; j += 101)
            {
                double s = System.Numerics.Tensors.TensorPrimitives.Dot(m.Row(i), m.Row(j));
                if (set.Identity[i] == set.Identity[j]) { same += s; nSame++; }
                else { diff += s; nDiff++; }
            }
        (same / nSame).ShouldBe(0.45, 0.03, "the per-face calibration of Generate");
        (diff / nDiff).ShouldBe(0.0, 0.01);
        SyntheticFaces.GenerateLibrary(500, seed: 4).Embeddings.Data.ShouldBe(SyntheticFaces.GenerateLibrary(500, seed: 4).Embeddings.Data);
    }

    [Fact]
    public void A_varied_set_spreads_same_person_similarities_as_glint12_does_and_the_plain_one_does_not()
    {
        var varied = SameAndDifferentPersonSimilarities(SyntheticFaces.GenerateLibrary(12_000, seed: 6, varied: true));
        var plain = SameAndDifferentPersonSimilarities(SyntheticFaces.GenerateLibrary(12_000, seed: 6));
        // glint12 (docs/clustering-scale.md): same-person pairs mean 0.45, sd 0.18, 5 % quantile 0.13, 90 % 0.68.
        varied.Same.Average().ShouldBe(0.45, 0.03);
        StandardDeviation(varied.Same).ShouldBeInRange(0.15, 0.21);
        Quantile(varied.Same, 0.05).ShouldBeInRange(0.10, 0.24);
        Quantile(varied.Same, 0.90).ShouldBeInRange(0.62, 0.74);
        StandardDeviation(plain.Same).ShouldBeLessThan(0.08, "one noise for every face: no hard photos");
        Quantile(plain.Same, 0.05).ShouldBeGreaterThan(0.3);
        foreach (var set in new[] { varied, plain })
        {
            set.Different.Average().ShouldBe(0.0, 0.01);
            StandardDeviation(set.Different).ShouldBe(0.09, 0.01);
        }
    }

    [Fact]
    public void A_varied_set_keeps_the_library_shape_and_its_seed()
    {
        var varied = SyntheticFaces.GenerateLibrary(20_000, seed: 3, varied: true);
        var plain = SyntheticFaces.GenerateLibrary(20_000, seed: 3);
        varied.Identities.ShouldBe(plain.Identities);
        var sizes = varied.Identity.GroupBy(i => i).Select(g => g.Count()).OrderDescending().ToArray();
        sizes[0].ShouldBeInRange(2200, 2650);
        varied.Identity.Count(i => i >= 400).ShouldBe(4000);
        SyntheticFaces.GenerateLibrary(500, seed: 4, varied: true).Embeddings.Data
            .ShouldBe(SyntheticFaces.GenerateLibrary(500, seed: 4, varied: true).Embeddings.Data);
        for (int i = 0; i < 20_000; i += 97)
            System.Numerics.Tensors.TensorPrimitives.Norm(varied.Embeddings.Row(i)).ShouldBe(1f, 1e-5f);
    }

    private static (List<double> Same, List<double> Different) SameAndDifferentPersonSimilarities(SyntheticFaceSet set)
    {
        var m = set.Embeddings;
        var same = new List<double>();
        var different = new List<double>();
        for (int i = 0; i < m.Count; i += 2)
            for (int j = i + 1; j < m.Count; j += 53)
            {
                double s = System.Numerics.Tensors.TensorPrimitives.Dot(m.Row(i), m.Row(j));
                (set.Identity[i] == set.Identity[j] ? same : different).Add(s);
            }
        return (same, different);
    }

    private static double StandardDeviation(List<double> values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }

    private static double Quantile(List<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)(q * (sorted.Length - 1))];
    }
}
