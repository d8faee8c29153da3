using BenchmarkDotNet.Attributes;
using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;

namespace FaceSort.Benchmarks.Clustering;

/// <summary>
/// Settles where the shared kNN builder switches from exact (blocked SIMD) to the inverted file: k = 20 neighbours of
/// every face of a synthetic set calibrated to real MobileFaceNet similarities (<see cref="SyntheticFaces"/>).
/// Run: <c>dotnet run -c Release --project bench/FaceSort.Benchmarks -- --filter '*ExactVsIvfKnn*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class ExactVsIvfKnn
{
    private EmbeddingMatrix _faces = null!;

    [Params(10_000, 20_000, 40_000)]
    public int Faces { get; set; }

    [GlobalSetup]
    public void Setup() => _faces = SyntheticFaces.Generate(Faces).Embeddings;

    [Benchmark(Baseline = true)]
    public KnnGraph Exact() => KnnGraph.Exact(_faces, 20);

    [Benchmark]
    public KnnGraph Ivf() => KnnGraph.Approximate(_faces, 20);
}
