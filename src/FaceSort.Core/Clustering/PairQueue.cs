using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace FaceSort.Core.Clustering;

/// <summary>
/// The merge queue's priority queue: pairs in <see cref="PairKey"/> order, closest first. Distances are bucketed
/// (1/4096 wide); only the buckets up to the one being drained are kept in a heap, later ones are chains of chunks
/// that a push appends to. Agglomerative merging pops in nearly rising order (an average linkage after a merge lies between
/// the two sides' linkages), so the heap stays the size of a bucket (at most 130,000 entries at 10⁶ faces) instead of
/// the whole queue (18–30 million). With one heap, every pop and push walked hundreds of megabytes at random: the
/// merge stage took 40 % longer at 100,000 library-shaped faces and 70 % longer at 1,000,000. Exact: a key in a later
/// bucket is larger than every key in the heap, and a pair pushed below the bucket being drained (a sample's drift)
/// goes into the heap.
/// </summary>
internal sealed class PairQueue<T>
{
    private const float BucketsPerUnit = 4096;
    // Cosine distances lie in [0, 2]; a key beyond goes in the last bucket, which keeps the order exact.
    private const int BucketCount = 2 * (int)BucketsPerUnit + 1;

    // A later bucket is a chain of fixed-size chunks, reused once drained: growing a list per bucket left its old
    // arrays (large-object heap beyond 2,600 entries) as garbage, +100 MB of peak memory at 100,000 faces.
    private const int ChunkSize = 256;

    private readonly PriorityQueue<T, PairKey> _front = new();
    private readonly Chunk?[] _later = new Chunk?[BucketCount];
    private readonly Stack<Chunk> _spare = new();
    private readonly List<(T, PairKey)> _refill = [];
    // Buckets up to _current are in _front; the others in _later.
    private int _current = -1;
    private int _laterCount;

    public int Count => _front.Count + _laterCount;

    // Optimised from the first call: tiered compilation's first, unoptimised code of these struct-heavy methods made
    // merging 10,000 faces about 30 % slower while it ran (they are called millions of times within a second).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Enqueue(T item, PairKey key)
    {
        int b = Bucket(key.D);
        if (b <= _current)
        {
            _front.Enqueue(item, key);
            return;
        }
        var head = _later[b];
        if (head is null || head.Count == ChunkSize)
        {
            var chunk = _spare.Count > 0 ? _spare.Pop() : new Chunk();
            chunk.Next = head;
            _later[b] = head = chunk;
        }
        head.Items[head.Count++] = (item, key);
        _laterCount++;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryDequeue([MaybeNullWhen(false)] out T item, out PairKey key)
    {
        while (_front.Count == 0)
        {
            if (_laterCount == 0)
            {
                (item, key) = (default, default);
                return false;
            }
            // The next non-empty bucket becomes the heap, heapified at once (linear in its size).
            Chunk? chain;
            do chain = _later[++_current];
            while (chain is null);
            _later[_current] = null;
            for (var c = chain; c is not null; c = Recycle(c))
                for (int i = 0; i < c.Count; i++) _refill.Add(c.Items[i]);
            _front.EnqueueRange(_refill);
            _laterCount -= _refill.Count;
            _refill.Clear();
        }
        return _front.TryDequeue(out item, out key);
    }

    /// <summary>
    /// Removes the entries not yet reached that <paramref name="dead"/> says will never matter (nothing in the heap of
    /// the bucket being drained): each bucket is compacted in place, and chunks left empty are reused.
    /// </summary>
    public void RemoveWhere<TState>(TState state, Func<TState, T, PairKey, bool> dead)
    {
        for (int b = _current + 1; b < _later.Length; b++)
        {
            var head = _later[b];
            if (head is null) continue;
            // The writer trails the reader along the chain, so surviving entries move only towards the head.
            Chunk writer = head;
            int w = 0;
            for (var reader = head; reader is not null; reader = reader.Next)
                for (int i = 0; i < reader.Count; i++)
                {
                    var entry = reader.Items[i];
                    if (dead(state, entry.Item, entry.Key))
                    {
                        _laterCount--;
                        continue;
                    }
                    if (w == ChunkSize)
                    {
                        writer.Count = ChunkSize; // the head, partly filled before, may now be full
                        (writer, w) = (writer.Next!, 0);
                    }
                    writer.Items[w++] = entry;
                }
            for (var c = writer.Next; c is not null; c = Recycle(c)) { }
            writer.Next = null;
            if (RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Array.Clear(writer.Items, w, writer.Count - w);
            writer.Count = w;
            // The head is the chunk pushes fill: the partly filled one (the writer's) goes first.
            if (writer != head)
            {
                var before = head;
                while (before.Next != writer) before = before.Next!;
                before.Next = null;
                writer.Next = head;
            }
            _later[b] = w == 0 && writer.Next is null ? Recycle(writer) : writer;
        }
    }

    /// <summary>Empties the queue and lets go of its memory (hundreds of megabytes at 10⁶ faces), which the steps
    /// after merging need more.</summary>
    public void Clear()
    {
        _front.Clear();
        _front.TrimExcess();
        Array.Clear(_later);
        _spare.Clear();
        _spare.TrimExcess();
        _refill.Clear();
        _refill.TrimExcess();
        _laterCount = 0;
        _current = -1;
    }

    private Chunk? Recycle(Chunk chunk)
    {
        var next = chunk.Next;
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Array.Clear(chunk.Items, 0, chunk.Count);
        (chunk.Count, chunk.Next) = (0, null);
        _spare.Push(chunk);
        return next;
    }

    private static int Bucket(float d) =>
        d <= 0 ? 0 : d >= 2 ? BucketCount - 1 : (int)(d * BucketsPerUnit);

    private sealed class Chunk
    {
        public readonly (T Item, PairKey Key)[] Items = new (T, PairKey)[ChunkSize];
        public int Count;
        public Chunk? Next;
    }
}
