using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using FaceSort.Core.Clustering;
using FaceSort.Core.Corrections;
using FaceSort.Core.Evaluation;

namespace FaceSort.Benchmarks.Corrections;

/// <summary>
/// What ordering a person's faces least alike first costs the person page: the typical face (three per-dimension
/// medians, <see cref="TypicalFace"/>) against the plain mean face, on one synthetic person of 2,000 or 20,000 faces
/// (<see cref="SyntheticFaces"/>: same-person similarities as real faces').
/// Run: <c>dotnet run -c Release --project bench/FaceSort.Benchmarks -- --filter '*MeanVsTypicalFaceOrder*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class MeanVsTypicalFaceOrder
{
    private EmbeddingMatrix _person = null!;

    [Params(2_000, 20_000)]
    public int Faces { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // A family-shaped library's largest person (thousands of faces), its faces repeated until there are enough.
        var set = SyntheticFaces.GenerateLibrary(100_000, varied: true);
        var largest = set.Identity.Where(t => t >= 0).GroupBy(t => t).MaxBy(g => g.Count())!.Key;
        var rows = Enumerable.Range(0, set.Identity.Length).Where(i => set.Identity[i] == largest).ToArray();
        var d = set.Embeddings.Dimension;
        var data = new float[Faces * d];
        for (var i = 0; i < Faces; i++) set.Embeddings.Row(rows[i % rows.Length]).CopyTo(data.AsSpan(i * d, d));
        _person = new EmbeddingMatrix(Faces, d, data);
    }

    [Benchmark(Baseline = true)]
    public int[] MeanFace()
    {
        var mean = new float[_person.Dimension];
        for (var i = 0; i < _person.Count; i++) TensorPrimitives.Add(mean, _person.Row(i), mean);
        var likeness = new float[_person.Count];
        for (var i = 0; i < _person.Count; i++) likeness[i] = TensorPrimitives.Dot(_person.Row(i), mean);
        var order = Enumerable.Range(0, _person.Count).ToArray();
        Array.Sort(likeness, order);
        return order;
    }

    [Benchmark]
    public int[] TypicalFaceFirst() => TypicalFace.LeastAlikeFirst(_person).Order;
}
