using BenchmarkDotNet.Attributes;
using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;

namespace FaceSort.Benchmarks.Clustering;

/// <summary>
/// The inverted file's candidate scoring in float rows against 16-bit rows (<see cref="IvfOptions.SixteenBit"/>), the
/// whole build included (training, cell assignment, re-scoring the chosen neighbours): k = 20 neighbours of every face
/// of a varied synthetic library (<see cref="SyntheticFaces.GenerateLibrary"/>).
/// Run: <c>dotnet run -c Release --project bench/FaceSort.Benchmarks -- --filter '*IvfScoringPrecision*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class IvfScoringPrecision
{
    private EmbeddingMatrix _faces = null!;

    [Params(100_000)]
    public int Faces { get; set; }

    [GlobalSetup]
    public void Setup() => _faces = SyntheticFaces.GenerateLibrary(Faces, varied: true).Embeddings;

    [Benchmark(Baseline = true)]
    public KnnGraph FloatRows() => KnnGraph.Approximate(_faces, 20, new IvfOptions(SixteenBit: false));

    [Benchmark]
    public KnnGraph SixteenBitRows() => KnnGraph.Approximate(_faces, 20, new IvfOptions(SixteenBit: true));
}
