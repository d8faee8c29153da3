using FaceSort.Core.Clustering;

namespace FaceSort.Core.Tests.Clustering;

public sealed class PairQueueTests
{
    [Theory]
    [InlineData(1, 1f)]       // keys spread over the whole range, many buckets
    [InlineData(2, 0.0005f)]  // every key within two buckets: the heap does all the ordering
    [InlineData(3, 2.5f)]     // keys beyond 2 (the last bucket) and below 0 (the first)
    public void Pops_in_the_same_order_as_one_heap_with_pushes_between_pops(int seed, float spread)
    {
        var random = new Random(seed);
        var queue = new PairQueue<int>();
        var heap = new PriorityQueue<int, PairKey>();
        int id = 0;
        float last = 0;
        for (int step = 0; step < 20_000; step++)
        {
            if (random.Next(3) > 0 || heap.Count == 0)
            {
                // Mostly at or after the last popped key, as merging does, sometimes before it (a sample's drift).
                float d = random.Next(10) == 0
                    ? last - spread * 0.01f * random.NextSingle()
                    : last + spread * random.NextSingle() * 0.1f - (spread > 2 ? 0.3f : 0f);
                var key = new PairKey(d, random.Next(50), random.Next(50));
                queue.Enqueue(id, key);
                heap.Enqueue(id, key);
                id++;
            }
            else
            {
                queue.TryDequeue(out int got, out var gotKey).ShouldBeTrue();
                heap.TryDequeue(out int expected, out var expectedKey);
                gotKey.ShouldBe(expectedKey);
                if (gotKey.CompareTo(expectedKey) == 0 && got != expected)
                    continue; // equal keys may come out in either order, as they may from the heap itself
                last = gotKey.D;
            }
            queue.Count.ShouldBe(heap.Count);
        }
        while (heap.TryDequeue(out _, out var expectedKey))
        {
            queue.TryDequeue(out _, out var gotKey).ShouldBeTrue();
            gotKey.ShouldBe(expectedKey);
        }
        queue.TryDequeue(out _, out _).ShouldBeFalse();
    }

    [Fact]
    public void Removing_entries_keeps_the_others_in_order_and_pushes_after_it_still_sort()
    {
        var random = new Random(4);
        var queue = new PairQueue<int>();
        var kept = new PriorityQueue<int, PairKey>();
        // Two close pairs: popping one starts the heap, which the removal leaves alone.
        foreach (int id in new[] { -1, -2 })
        {
            queue.Enqueue(id, new PairKey(0.1f, -id, 0));
            kept.Enqueue(id, new PairKey(0.1f, -id, 0));
        }
        for (int id = 0; id < 5_000; id++)
        {
            // Few buckets, so that a bucket is a chain of several chunks, some emptied entirely.
            var key = new PairKey(0.3f + 0.001f * random.Next(4), id, id);
            queue.Enqueue(id, key);
            if (id % 3 == 0 || (id >= 2_000 && id < 3_000)) kept.Enqueue(id, key);
        }
        queue.TryDequeue(out int first, out _).ShouldBeTrue();
        kept.TryDequeue(out _, out _);
        first.ShouldBe(-1);

        queue.RemoveWhere(0, static (_, id, _) => id < 0 || (id % 3 != 0 && (id < 2_000 || id >= 3_000)));
        queue.Count.ShouldBe(kept.Count);
        for (int id = 5_000; id < 5_500; id++)
        {
            var key = new PairKey(0.3f + 0.001f * random.Next(4), id, id);
            queue.Enqueue(id, key);
            kept.Enqueue(id, key);
        }
        while (kept.TryDequeue(out int expected, out _))
        {
            queue.TryDequeue(out int got, out _).ShouldBeTrue();
            got.ShouldBe(expected);
        }
        queue.Count.ShouldBe(0);
    }

    [Fact]
    public void Clear_empties_every_bucket_and_the_queue_starts_again_from_the_lowest_key()
    {
        var queue = new PairQueue<string>();
        queue.Enqueue("far", new PairKey(0.9f, 0, 1));
        queue.Enqueue("near", new PairKey(0.1f, 0, 2));
        queue.TryDequeue(out var first, out _).ShouldBeTrue();
        first.ShouldBe("near");
        queue.Clear();
        queue.Count.ShouldBe(0);
        queue.TryDequeue(out _, out _).ShouldBeFalse();

        queue.Enqueue("later", new PairKey(0.5f, 3, 4));
        queue.Enqueue("sooner", new PairKey(0.05f, 3, 4));
        queue.TryDequeue(out var again, out _).ShouldBeTrue();
        again.ShouldBe("sooner");
    }
}
