using System.Diagnostics;
using System.Globalization;
using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;

namespace FaceSort.Benchmarks.Clustering;

/// <summary>
/// <c>cluster-scale --n N [--stage knn|METHOD] [--recall]</c> (METHOD: a <c>--method</c> name, default facesort): synthetic faces (identity centres on the 128-d sphere,
/// 10 faces per identity on average, noise of norm 1.1 so same-person cosine similarity averages ≈0.45 as measured
/// on glint12 and lfw, different-person ≈0 with sd 0.09 against 0.10 measured), then times the kNN graph or a
/// clustering method, prints seconds and peak working set; --recall compares the approximate graph with exact on
/// 1,000 query faces.
/// </summary>
internal static class ClusterScale
{
    public static int Run(string[] args)
    {
        int n = 10_000;
        string stage = "facesort";
        bool recall = false;
        int probes = new IvfOptions().Probes;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--n") n = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--stage") stage = args[++i];
            else if (args[i] == "--recall") recall = true;
            else if (args[i] == "--probes") probes = int.Parse(args[++i], CultureInfo.InvariantCulture);
        }
        var (m, people) = Synthetic(n, 128, seed: 1);
        Console.WriteLine($"n={n} identities={people}");
        var sw = Stopwatch.StartNew();
        if (stage == "knn")
        {
            var g = n <= KnnGraph.ExactLimit ? KnnGraph.Exact(m, 20) : KnnGraph.Approximate(m, 20, new IvfOptions(Probes: probes));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"knn seconds={sw.Elapsed.TotalSeconds:0.00} exact={n <= KnnGraph.ExactLimit}"));
            if (recall) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"recall@20 vs exact={Recall(m, n <= KnnGraph.ExactLimit ? KnnGraph.Approximate(m, 20, new IvfOptions(Probes: probes)) : g):0.0000} probes={probes}"));
        }
        else
        {
            var a = ClusteringMethods.Create(stage).Cluster(new ClusteringInput(m));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{stage} seconds={sw.Elapsed.TotalSeconds:0.00} clusters={a.ClusterCount} unassigned={a.Labels.Count(l => l < 0)}"));
        }
        Console.WriteLine($"peak_working_set_mb={Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)}");
        return 0;
    }

    private static double Recall(EmbeddingMatrix m, KnnGraph approx)
    {
        int queries = Math.Min(1000, m.Count), k = approx.K, hit = 0;
        var step = m.Count / queries;
        Parallel.For(0, queries, () => 0, (q, _, local) =>
        {
            int i = q * step;
            var ids = new int[k];
            var ss = new float[k];
            Array.Fill(ids, -1);
            Array.Fill(ss, float.NegativeInfinity);
            for (int j = 0; j < m.Count; j++)
                if (j != i) KnnGraph.Insert(ids, ss, j, System.Numerics.Tensors.TensorPrimitives.Dot(m.Row(i), m.Row(j)));
            var got = new HashSet<int>(approx.NeighboursOf(i).ToArray());
            return local + ids.Count(got.Contains);
        }, local => Interlocked.Add(ref hit, local));
        return hit / (double)(queries * k);
    }

    internal static (EmbeddingMatrix Matrix, int People) Synthetic(int n, int dim, int seed)
    {
        var rng = new Random(seed);
        int people = Math.Max(1, n / 10);
        var centres = new float[people * dim];
        for (int p = 0; p < people; p++) Unit(centres.AsSpan(p * dim, dim), rng, null, 0);
        var data = new float[(long)n * dim];
        for (int i = 0; i < n; i++)
        {
            int p = rng.Next(people);
            Unit(data.AsSpan(i * dim, dim), rng, centres.AsSpan(p * dim, dim).ToArray(), 1.1f);
        }
        return (new EmbeddingMatrix(n, dim, data), people);
    }

    private static void Unit(Span<float> v, Random rng, float[]? centre, float noise)
    {
        int d = v.Length;
        for (int k = 0; k < d; k++)
        {
            double g = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            v[k] = centre is null ? (float)g : centre[k] + noise * (float)g / MathF.Sqrt(d);
        }
        float s = System.Numerics.Tensors.TensorPrimitives.Norm(v);
        for (int k = 0; k < d; k++) v[k] /= s;
    }
}
