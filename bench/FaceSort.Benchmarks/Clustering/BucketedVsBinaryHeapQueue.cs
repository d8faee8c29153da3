using BenchmarkDotNet.Attributes;
using FaceSort.Core.Clustering;

namespace FaceSort.Benchmarks.Clustering;

/// <summary>
/// Settles the merge queue's priority queue: the BCL's <see cref="PriorityQueue{TElement,TPriority}"/> (one heap of
/// every pending pair) against <see cref="PairQueue{T}"/> (distance buckets, a heap only for the bucket being drained),
/// on the merge stage's pattern: a queue of <see cref="Pairs"/> pairs at kNN distances, then each pop pushes the pairs
/// a merge re-measures, a little farther than the popped one (an average linkage after a merge lies between the two
/// sides' linkages), until the queue is empty.
/// Run: <c>dotnet run -c Release --project bench/FaceSort.Benchmarks -- --filter '*BucketedVsBinaryHeapQueue*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class BucketedVsBinaryHeapQueue
{
    private const int PushesPerPop = 2;
    private const int Rounds = 2;

    private (float D, int A, int B)[] _initial = [];
    private float[] _steps = [];

    [Params(1_000_000, 4_000_000)]
    public int Pairs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _initial = new (float, int, int)[Pairs];
        for (int i = 0; i < Pairs; i++) _initial[i] = (0.2f + 0.425f * random.NextSingle(), random.Next(Pairs), random.Next(Pairs));
        _steps = new float[1 << 16];
        for (int i = 0; i < _steps.Length; i++) _steps[i] = 0.05f * random.NextSingle();
    }

    [Benchmark(Baseline = true)]
    public long BinaryHeap() => Merge(new BinaryHeapQueue(new PriorityQueue<(int, int, int), PairKey>()));

    [Benchmark]
    public long Bucketed() => Merge(new BucketedQueue(new PairQueue<(int, int, int)>()));

    // Generic over struct adapters, so each queue's calls are direct (no interface or delegate call in the loop).
    private long Merge<TQueue>(TQueue queue) where TQueue : IPairQueue
    {
        foreach (var (d, a, b) in _initial) queue.Enqueue(new PairKey(d, a, b));
        long pops = 0;
        int pushed = 0;
        while (queue.TryDequeue(out var key))
        {
            pops++;
            if (pushed >= Rounds * Pairs) continue;
            for (int k = 0; k < PushesPerPop; k++, pushed++)
                queue.Enqueue(new PairKey(key.D + _steps[pushed & 0xFFFF], key.A, pushed));
        }
        return pops;
    }

    private interface IPairQueue
    {
        void Enqueue(PairKey key);
        bool TryDequeue(out PairKey key);
    }

    private readonly struct BinaryHeapQueue(PriorityQueue<(int, int, int), PairKey> queue) : IPairQueue
    {
        public void Enqueue(PairKey key) => queue.Enqueue((0, 0, -1), key);
        public bool TryDequeue(out PairKey key) => queue.TryDequeue(out _, out key);
    }

    private readonly struct BucketedQueue(PairQueue<(int, int, int)> queue) : IPairQueue
    {
        public void Enqueue(PairKey key) => queue.Enqueue((0, 0, -1), key);
        public bool TryDequeue(out PairKey key) => queue.TryDequeue(out _, out key);
    }
}
