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
    [InlineData(30, 40)]  // a of 10 faces (multiples of 7 below 70) within the sample size, b of 60 sampled
    [InlineData(30, 90)]  // a within the sample size: every member counts; b sampled: 48 evenly spaced members
    [InlineData(70, 90)]  // both sampled, and each re-samples as it grows
    public void Linkage_from_running_sums_equals_the_mean_over_sampled_cross_pairs(int sizeA, int sizeB)
    {
        const int MaxSample = 48;
        var m = SyntheticFaces.Generate(sizeA + sizeB, seed: 11).Embeddings;
        var state = new MergeState(m, Enumerable.Repeat(true, m.Count).ToArray(), ConflictIndex.From(new ClusteringInput(m)), MaxSample);
        // Members interleaved (a: odd faces first, b: the rest), merged in a scrambled order.
        var a = Enumerable.Range(0, sizeA).Select(i => (i * 7) % (sizeA + sizeB)).Distinct().ToList();
        var b = Enumerable.Range(0, m.Count).Except(a).ToList();
        // Each built from parts of 7: single faces go into a part by insertion, parts into the cluster by merging the
        // two member lists; the sample below assumes the members stay sorted either way. The expected sample follows
        // the rule: every member up to the sample size, then 48 evenly spaced members, taken again only once the
        // cluster has grown by SampleGrowth since they were.
        var samples = new List<List<int>>();
        foreach (var group in new[] { a, b })
        {
            var parts = group.Chunk(7).ToList();
            foreach (var part in parts)
                foreach (var x in part.Skip(1).Reverse()) state.TryMerge(part[0], x, ignoreSeed: false);
            var members = parts[0].ToList();
            var sample = members.ToList();
            int sampledAt = 0;
            foreach (var part in parts.Skip(1).Reverse())
            {
                state.TryMerge(group[0], part[0], ignoreSeed: false);
                members.AddRange(part);
                bool keeps = members.Count > MaxSample && sampledAt > 0 && members.Count < sampledAt * MergeState.SampleGrowth;
                state.KeptSample.ShouldBe(keeps);
                if (keeps) continue;
                sample = Sample(members, MaxSample);
                sampledAt = members.Count >= MaxSample ? members.Count : 0;
            }
            samples.Add(sample);
        }
        int ra = state.Root(a[0]), rb = state.Root(b[0]);
        state.Size(ra).ShouldBe(a.Count);
        state.Size(rb).ShouldBe(b.Count);

        double sum = 0;
        var sa = samples[0];
        var sb = samples[1];
        if (sizeA == 70) sa.ShouldNotBe(Sample(a, MaxSample), "a kept an older sample: the case tests keeping one");
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

    [Fact]
    public void A_cluster_keeps_its_sample_until_it_grows_by_a_quarter_and_then_only_the_absorbed_side_is_new()
    {
        var m = SyntheticFaces.Generate(80, seed: 5).Embeddings;
        var state = new MergeState(m, Enumerable.Repeat(true, m.Count).ToArray(), ConflictIndex.From(new ClusteringInput(m)), 48);
        for (int i = 1; i < 48; i++) state.TryMerge(0, i, ignoreSeed: false);
        state.KeptSample.ShouldBeFalse("up to 48 faces every member is the sample");
        int sample = state.SampleId(0);
        float before = state.Linkage(0, 79);

        state.Link(60, 70);
        state.Link(60, 5);
        state.Link(61, 71);
        int root = state.TryMerge(60, 0, ignoreSeed: false);
        state.KeptSample.ShouldBeTrue();
        state.SampleId(root).ShouldBe(sample, "whichever face is the merged cluster's root");
        state.AbsorbedNeighbours().ShouldBe([70], "face 5 is in the merged cluster; 61's neighbour was never the absorbed side's");
        state.Linkage(root, 79).ShouldBe(before, "the same 48 faces measure it");
        state.Size(root).ShouldBe(49);

        for (int i = 61; i < 71; i++)
        {
            state.TryMerge(0, i, ignoreSeed: false);
            state.KeptSample.ShouldBeTrue();
        }
        state.Size(state.Root(0)).ShouldBe(59);
        state.TryMerge(0, 71, ignoreSeed: false);
        state.KeptSample.ShouldBeFalse("60 faces = 48 × 1.25: sampled anew");
        state.SampleId(state.Root(0)).ShouldNotBe(sample);
        state.Linkage(state.Root(0), 79).ShouldNotBe(before);
    }
}
