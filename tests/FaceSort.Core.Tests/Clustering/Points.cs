using FaceSort.Core.Clustering;

namespace FaceSort.Core.Tests.Clustering;

/// <summary>Small hand-made embedding sets whose cosine distances are easy to compute by hand.</summary>
internal static class Points
{
    /// <summary>Unit vectors in the plane at the given angles (degrees): cosine distance = 1 − cos(angle difference).</summary>
    public static EmbeddingMatrix OnCircle(params double[] degrees)
    {
        var data = new float[degrees.Length * 2];
        for (int i = 0; i < degrees.Length; i++)
        {
            double r = degrees[i] * Math.PI / 180;
            data[2 * i] = (float)Math.Cos(r);
            data[2 * i + 1] = (float)Math.Sin(r);
        }
        return new EmbeddingMatrix(degrees.Length, 2, data);
    }

    /// <summary>Gaussian blobs on the unit sphere: <paramref name="people"/> random centres, noise added, renormalised.</summary>
    public static (EmbeddingMatrix Matrix, int[] Truth) Blobs(int people, int perPerson, int dim, float noise, int seed)
    {
        var rng = new Random(seed);
        int n = people * perPerson;
        var data = new float[n * dim];
        var truth = new int[n];
        var centre = new float[dim];
        for (int p = 0; p < people; p++)
        {
            for (int k = 0; k < dim; k++) centre[k] = (float)Gauss(rng);
            Normalise(centre);
            for (int m = 0; m < perPerson; m++)
            {
                int i = p * perPerson + m;
                truth[i] = p;
                var row = data.AsSpan(i * dim, dim);
                for (int k = 0; k < dim; k++) row[k] = centre[k] + noise * (float)Gauss(rng) / MathF.Sqrt(dim);
                Normalise(row);
            }
        }
        return (new EmbeddingMatrix(n, dim, data), truth);
    }

    private static double Gauss(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static void Normalise(Span<float> v)
    {
        float s = 0;
        foreach (var x in v) s += x * x;
        s = MathF.Sqrt(s);
        for (int k = 0; k < v.Length; k++) v[k] /= s;
    }
}
