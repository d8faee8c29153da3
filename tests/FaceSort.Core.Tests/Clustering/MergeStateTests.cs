using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;

namespace FaceSort.Core.Tests.Clustering;

public sealed class MergeStateTests
{
    [Fact]
    public void A_forgotten_neighbour_is_gone_from_one_side_only_and_merges_bring_back_the_others()
    {
        var m = SyntheticFaces.Generate(5, seed: 3).Embeddings;
        var state = new MergeState(m, Enumerable.Repeat(true, 5).ToArray(), ConflictIndex.From(new ClusteringInput(m)), 48);
        state.Link(0, 1);
        state.Link(0, 2);
        state.Link(3, 4);
        state.Link(1, 4);
        state.Forget(0, [2]);
        state.NeighbourRoots(0).ShouldBe([1]);
        state.NeighbourRoots(2).ShouldBe([0], "the relation stays on the other side");

        int root = state.TryMerge(1, 3, ignoreSeed: false);
        state.NeighbourRoots(root).Order().ToArray().ShouldBe([0, 4]);
        state.NeighbourRoots(state.TryMerge(0, 1, ignoreSeed: false)).ShouldBe([4]);
    }

    [Theory]
    [InlineData(30, 40)]  // both clusters within the sample size: every cross pair counts
    [InlineData(30, 90)]  // one cluster sampled: 48 evenly spaced members
    [InlineData(70, 90)]  // both sampled
    public void Linkage_from_running_sums_equals_the_mean_over_sampled_cross_pairs(int sizeA, int sizeB)
    {
        const int MaxSample = 48;
        var m = SyntheticFaces.Generate(sizeA + sizeB, seed: 11).Embeddings;
        var state = new MergeState(m, Enumerable.Repeat(true, m.Count).ToArray(), ConflictIndex.From(new ClusteringInput(m)), MaxSample);
        // Members interleaved (a: odd faces first, b: the rest), merged in a scrambled order.
        var a = Enumerable.Range(0, sizeA).Select(i => (i * 7) % (sizeA + sizeB)).Distinct().ToList();
        var b = Enumerable.Range(0, m.Count).Except(a).ToList();
        // Each built from parts of 7: single faces go into a part by insertion, parts into the cluster by merging the
        // two member lists; the sample below assumes the members stay sorted either way.
        foreach (var group in new[] { a, b })
        {
            var parts = group.Chunk(7).ToList();
            foreach (var part in parts)
                foreach (var x in part.Skip(1).Reverse()) state.TryMerge(part[0], x, ignoreSeed: false);
            foreach (var part in parts.Skip(1).Reverse()) state.TryMerge(group[0], part[0], ignoreSeed: false);
        }
        int ra = state.Root(a[0]), rb = state.Root(b[0]);
        state.Size(ra).ShouldBe(a.Count);
        state.Size(rb).ShouldBe(b.Count);

        double sum = 0;
        var sa = Sample(a, MaxSample);
        var sb = Sample(b, MaxSample);
        foreach (int i in sa) foreach (int j in sb) sum += System.Numerics.Tensors.TensorPrimitives.Dot(m.Row(i), m.Row(j));
        state.Linkage(ra, rb).ShouldBe((float)(1 - sum / (sa.Count * sb.Count)), 1e-5f);

        double one = 0;
        foreach (int j in sb) one += System.Numerics.Tensors.TensorPrimitives.Dot(m.Row(a[0]), m.Row(j));
        state.DistanceToCluster(a[0], rb).ShouldBe((float)(1 - one / sb.Count), 1e-5f);

        double within = 0;
        foreach (int i in sa) foreach (int j in sa) if (i != j) within += System.Numerics.Tensors.TensorPrimitives.Dot(m.Row(i), m.Row(j));
        state.Cohesion(ra).ShouldBe((float)(within / (sa.Count * (sa.Count - 1.0))), 1e-4f);
    }

    private static List<int> Sample(List<int> members, int max)
    {
        var sorted = members.Order().ToList();
        if (sorted.Count <= max) return sorted;
        return [.. Enumerable.Range(0, max).Select(k => sorted[(int)((long)k * sorted.Count / max)])];
    }
}
