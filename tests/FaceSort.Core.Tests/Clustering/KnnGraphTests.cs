using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;

namespace FaceSort.Core.Tests.Clustering;

public sealed class KnnGraphTests
{
    [Fact]
    public void Blocked_exact_builder_lists_the_same_neighbours_as_a_naive_loop()
    {
        // 500 is not a multiple of the 4×2 tile or the blocks, so every remainder path runs too.
        var m = SyntheticFaces.Generate(500, seed: 7).Embeddings;
        const int K = 20;
        var graph = KnnGraph.Exact(m, K, TestContext.Current.CancellationToken);
        for (int i = 0; i < m.Count; i++)
        {
            var naive = Enumerable.Range(0, m.Count).Where(j => j != i)
                .Select(j => (J: j, S: NaiveDot(m.Row(i), m.Row(j))))
                .OrderByDescending(x => x.S).ThenBy(x => x.J).Take(K).ToArray();
            var sims = graph.SimilaritiesOf(i).ToArray();
            var ids = graph.NeighboursOf(i).ToArray();
            for (int t = 0; t < K; t++)
            {
                sims[t].ShouldBe(naive[t].S, 1e-5, $"row {i}, rank {t}");
                // Summation order differs from the naive loop, so ids may swap only where scores are equal to rounding.
                if (ids[t] != naive[t].J) Math.Abs(NaiveDot(m.Row(i), m.Row(ids[t])) - naive[t].S).ShouldBeLessThan(1e-5f);
            }
        }
    }

    [Fact]
    public void Exact_builder_pads_rows_of_a_set_smaller_than_k_and_never_lists_a_face_as_its_own_neighbour()
    {
        var m = Points.OnCircle(0, 10, 90);
        var graph = KnnGraph.Exact(m, 4, TestContext.Current.CancellationToken);
        graph.NeighboursOf(0).ToArray().ShouldBe([1, 2, -1, -1]);
        graph.NeighboursOf(2).ToArray().ShouldBe([1, 0, -1, -1]);
        graph.SimilaritiesOf(0)[2].ShouldBe(float.NegativeInfinity);
    }

    [Fact]
    public void Exact_between_two_sets_lists_each_query_s_nearest_candidates_as_a_naive_loop_does()
    {
        // 301 queries and 517 candidates: remainders of the query block, the 4-row tile and the candidate block.
        var all = SyntheticFaces.Generate(818, seed: 11).Embeddings;
        var d = all.Dimension;
        var queries = new EmbeddingMatrix(301, d, all.Data[..(301 * d)]);
        var candidates = new EmbeddingMatrix(517, d, all.Data[(301 * d)..]);
        const int K = 3;
        var (ids, sims) = KnnGraph.ExactBetween(queries, candidates, K);
        for (int q = 0; q < queries.Count; q++)
        {
            var naive = Enumerable.Range(0, candidates.Count)
                .Select(j => (J: j, S: NaiveDot(queries.Row(q), candidates.Row(j))))
                .OrderByDescending(x => x.S).ThenBy(x => x.J).Take(K).ToArray();
            for (int t = 0; t < K; t++)
            {
                sims[q * K + t].ShouldBe(naive[t].S, 1e-5, $"query {q}, rank {t}");
                if (ids[q * K + t] != naive[t].J) Math.Abs(NaiveDot(queries.Row(q), candidates.Row(ids[q * K + t])) - naive[t].S).ShouldBeLessThan(1e-5f);
            }
        }
    }

    [Fact]
    public void Exact_between_lists_a_query_identical_to_a_candidate_and_pads_when_candidates_are_fewer_than_k()
    {
        // Unlike the graph of one set, a query equal to a candidate is that candidate's nearest (the face itself,
        // named elsewhere), and two candidates leave the third place empty.
        var points = Points.OnCircle(0, 10, 90);
        var queries = new EmbeddingMatrix(1, points.Dimension, points.Row(0).ToArray());
        var candidates = new EmbeddingMatrix(2, points.Dimension, points.Data[..(2 * points.Dimension)]);
        var (ids, sims) = KnnGraph.ExactBetween(queries, candidates, 3);
        ids.ShouldBe([0, 1, -1]);
        sims[0].ShouldBe(1f, 1e-6);
        sims[2].ShouldBe(float.NegativeInfinity);
    }

    [Fact]
    public void Approximate_builder_finds_most_mergeable_neighbours_on_a_synthetic_set()
    {
        // docs/clustering-scale.md: 2,000 synthetic faces, 24 probes: recall@20 0.96, mergeable edges 0.99. (With the
        // default MinCandidates a set this small would scan every cell; 0 keeps the probes as they are.)
        var m = SyntheticFaces.Generate(2000, seed: 3).Embeddings;
        var graph = KnnGraph.Approximate(m, 20, new IvfOptions(MinCandidates: 0), TestContext.Current.CancellationToken);
        var recall = KnnRecall.Measure(m, graph, queries: 2000, minSimilarity: 0.35f);
        recall.AtK.ShouldBeGreaterThanOrEqualTo(0.95);
        recall.Close.ShouldBeGreaterThanOrEqualTo(0.98);
    }

    [Fact]
    public void Approximate_builder_scans_more_cells_when_its_probes_hold_fewer_candidates_than_asked_for()
    {
        // 3,000 faces in 109 cells of ~28: 4 probes scan ~110 faces per query, a minimum of 1,500 asks for ~54 cells.
        var m = SyntheticFaces.Generate(3000, seed: 5).Embeddings;
        var few = KnnGraph.Approximate(m, 20, new IvfOptions(Probes: 4, MinCandidates: 0), TestContext.Current.CancellationToken);
        var more = KnnGraph.Approximate(m, 20, new IvfOptions(Probes: 4, MinCandidates: 1500), TestContext.Current.CancellationToken);
        var fewRecall = KnnRecall.Measure(m, few, queries: 500, minSimilarity: 0.35f);
        var moreRecall = KnnRecall.Measure(m, more, queries: 500, minSimilarity: 0.35f);
        Console.WriteLine($"RESULT recall@20 / mergeable: 4 probes {fewRecall.AtK:0.000} / {fewRecall.Close:0.000}, at least 1,500 candidates {moreRecall.AtK:0.000} / {moreRecall.Close:0.000}");
        moreRecall.AtK.ShouldBeGreaterThan(fewRecall.AtK + 0.1);
        moreRecall.Close.ShouldBeGreaterThan(fewRecall.Close);
    }

    [Fact]
    public void Approximate_builder_is_deterministic_although_cells_are_scored_in_parallel()
    {
        var m = SyntheticFaces.Generate(3000, seed: 5).Embeddings;
        var a = KnnGraph.Approximate(m, 10, new IvfOptions(Probes: 4, MinCandidates: 0), TestContext.Current.CancellationToken);
        var b = KnnGraph.Approximate(m, 10, new IvfOptions(Probes: 4, MinCandidates: 0), TestContext.Current.CancellationToken);
        a.Neighbours.ShouldBe(b.Neighbours);
        a.Similarities.ShouldBe(b.Similarities);
    }

    [Fact]
    public void Approximate_rows_hold_each_neighbour_once_sorted_by_similarity()
    {
        var m = SyntheticFaces.Generate(1500, seed: 9).Embeddings;
        var graph = KnnGraph.Approximate(m, 20, new IvfOptions(Probes: 6, MinCandidates: 0), TestContext.Current.CancellationToken);
        for (int i = 0; i < m.Count; i++)
        {
            var ids = graph.NeighboursOf(i).ToArray().Where(j => j >= 0).ToArray();
            ids.Distinct().Count().ShouldBe(ids.Length);
            ids.ShouldNotContain(i);
            var sims = graph.SimilaritiesOf(i).ToArray();
            for (int t = 1; t < sims.Length; t++) sims[t].ShouldBeLessThanOrEqualTo(sims[t - 1]);
            for (int t = 0; t < ids.Length; t++) sims[t].ShouldBe(NaiveDot(m.Row(i), m.Row(ids[t])), 1e-5);
        }
    }

    [Fact]
    public void Sixteen_bit_scoring_chooses_the_neighbours_float_scoring_chooses()
    {
        // Rounding moves a similarity by about 10⁻⁵, so only near-ties at the k-th place may change.
        var m = SyntheticFaces.GenerateLibrary(5000, seed: 7, varied: true).Embeddings;
        var options = new IvfOptions(Probes: 6, MinCandidates: 0);
        var ct = TestContext.Current.CancellationToken;
        var floats = KnnGraph.Approximate(m, 20, options with { SixteenBit = false }, ct);
        var sixteen = KnnGraph.Approximate(m, 20, options, ct);
        int same = 0, total = 0;
        for (int i = 0; i < m.Count; i++)
        {
            var a = floats.NeighboursOf(i).ToArray();
            same += sixteen.NeighboursOf(i).ToArray().Count(a.Contains);
            total += a.Length;
        }
        Console.WriteLine($"RESULT neighbours shared by the float and 16-bit graphs: {same} of {total}");
        ((double)same / total).ShouldBeGreaterThan(0.999);
    }

    private static float NaiveDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int k = 0; k < a.Length; k++) s += (double)a[k] * b[k];
        return (float)s;
    }
}
