using System.Runtime.Intrinsics;

namespace FaceSort.Core.Clustering;

/// <summary>Options of the approximate kNN builder.</summary>
/// <param name="Lists">Inverted lists (k-means cells); 0 = 2·√n, which keeps centroid scoring (lists·d per query)
/// small next to list scanning (probes·n/lists·d).</param>
/// <param name="Probes">Cells scanned per query, at least: more is slower and closer to exact (recall is measured,
/// docs/clustering-scale.md).</param>
/// <param name="MinCandidates">More cells are scanned when Probes cells hold fewer faces than this on average: with
/// 2·√n cells a fixed number of probes scans ever fewer faces per query as a library shrinks towards the exact
/// builder's limit (24 probes: 3,800 faces at 100,000, 12,000 at a million). Real in-the-wild faces (lfw) inside
/// 100,000 others lost a quarter of their mergeable edges at 3,800 (docs/clustering-scale.md, "Real faces in a crowd");
/// 8,000 changes nothing from about 400,000 faces up.</param>
/// <param name="TrainingIterations">Spherical k-means iterations on the training sample.</param>
/// <param name="CellCap">No cell holds more than this many times the mean cell size: a face whose nearest cells are
/// full goes to the nearest with room, so no query scans a giant cell (unbalanced cells made the old builder slow).</param>
/// <param name="Seed">Training sample and initial centroids: fixed, so the graph is deterministic.</param>
/// <param name="SixteenBit">Score candidates as 16-bit integer rows where AVX2 runs them (<see cref="DotKernels.TiledInt16"/>):
/// half the bytes per row and twice the multiplies per instruction of float FMA, at a rounding error near 10⁻⁵ in a
/// similarity; the chosen neighbours' similarities are then computed again in float. 300,000 varied synthetic faces:
/// kNN 18.5–18.9 → 12.7–13.3 s, as many clusters and 4 fewer faces unassigned (docs/clustering-scale.md). False: float
/// rows.</param>
public sealed record IvfOptions(int Lists = 0, int Probes = 24, int TrainingIterations = 10, float CellCap = 2f, int Seed = 12345, int MinCandidates = 8_000,
    bool SixteenBit = true);

/// <summary>
/// Approximate kNN by an inverted file: spherical k-means cells (capped in size), the matrix copied in cell order so
/// each cell is one contiguous block (as 16-bit rows, <see cref="IvfOptions.SixteenBit"/>), and each face scored
/// against the members of its <see cref="IvfOptions.Probes"/> nearest cells — cell by cell with the 4×2 tile, every
/// pair offered to both faces. Deterministic for given options.
/// Used above <see cref="KnnGraph.ExactLimit"/> faces; recall is measured in docs/clustering-scale.md.
/// </summary>
internal static class IvfKnn
{
    public static unsafe KnnGraph Build(EmbeddingMatrix points, int k, IvfOptions o, CancellationToken ct)
    {
        int n = points.Count, d = points.Dimension;
        int lists = Math.Clamp(o.Lists > 0 ? o.Lists : (int)(2 * Math.Sqrt(n)), 1, Math.Max(1, n));
        var centroids = IvfTraining.Train(points, lists, o, ct);
        int probes = Math.Min(Math.Max(o.Probes, (int)Math.Ceiling((double)o.MinCandidates * lists / n)), lists);
        var nearest = IvfTraining.NearestCells(points, centroids, lists, probes, ct);
        var cells = IvfTraining.Assign(n, nearest, probes, lists, o.CellCap);

        bool int16 = o.SixteenBit && DotKernels.TiledInt16(d);
        // Rows in cell order: a cell is one contiguous block.
        var sorted = int16 ? [] : new float[(long)n * d];
        var quantized = int16 ? new short[(long)n * d] : [];
        for (int p = 0; p < n; p++)
            if (int16) DotKernels.Quantize(points.Row(cells.Order[p]), quantized.AsSpan(p * d, d));
            else points.Row(cells.Order[p]).CopyTo(sorted.AsSpan(p * d, d));
        // Who probes each cell (positions, ascending), so a cell is scored against all its queries while it is in cache:
        // scanning cell by query instead re-reads every cell from memory once per query and is bandwidth-bound.
        var probeStart = new int[lists + 1];
        foreach (int c in nearest) if (c >= 0) probeStart[c + 1]++;
        for (int c = 0; c < lists; c++) probeStart[c + 1] += probeStart[c];
        var fill = (int[])probeStart.Clone();
        var askers = new int[probeStart[lists]];
        for (int p = 0; p < n; p++)
            foreach (int c in nearest.AsSpan(cells.Order[p] * probes, probes))
                if (c >= 0) askers[fill[c]++] = p;

        var found = new NeighbourLists(n, k);
        if (int16)
        {
            Parallel.For(0, lists, new ParallelOptions { CancellationToken = ct }, () => new short[4 * d], (c, _, queryRows) =>
            {
                ScoreCell(quantized, d, cells.Start[c], cells.Start[c + 1], askers.AsSpan(probeStart[c], probeStart[c + 1] - probeStart[c]), queryRows, found);
                return queryRows;
            }, _ => { });
            var graph = found.ToGraph(cells.Order);
            Rescore(graph, points, ct);
            return graph;
        }
        Parallel.For(0, lists, new ParallelOptions { CancellationToken = ct }, () => new float[4 * d], (c, _, queryRows) =>
        {
            ScoreCell(sorted, d, cells.Start[c], cells.Start[c + 1], askers.AsSpan(probeStart[c], probeStart[c + 1] - probeStart[c]), queryRows, found);
            return queryRows;
        }, _ => { });
        return found.ToGraph(cells.Order);
    }

    /// <summary>
    /// The 16-bit scores chose the neighbours; the graph carries their float similarities, as the exact builder's does
    /// (merging compares them with its thresholds), re-sorted: nearest first, ties by lower index.
    /// </summary>
    private static unsafe void Rescore(KnnGraph graph, EmbeddingMatrix points, CancellationToken ct)
    {
        int k = graph.K, d = points.Dimension;
        Parallel.For(0, graph.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var ids = graph.Neighbours.AsSpan(i * k, k);
            var sims = graph.Similarities.AsSpan(i * k, k);
            // The exact builder's own dot product, so both builders give a pair the same similarity to the last bit.
            fixed (float* data = points.Data)
                for (int t = 0; t < k; t++)
                    if (ids[t] >= 0) sims[t] = DotKernels.Dot(data + (long)i * d, data + (long)ids[t] * d, d);
            for (int a = 1; a < k; a++)
                for (int b = a; b > 0 && ids[b] >= 0 && (sims[b] > sims[b - 1] || (sims[b] == sims[b - 1] && ids[b] < ids[b - 1])); b--)
                {
                    (ids[b - 1], ids[b]) = (ids[b], ids[b - 1]);
                    (sims[b - 1], sims[b]) = (sims[b], sims[b - 1]);
                }
        });
    }

    /// <summary>
    /// <see cref="ScoreCell(float[], int, int, int, ReadOnlySpan{int}, float[], NeighbourLists)"/> on 16-bit rows:
    /// each 4×2 tile's eight scores are checked against the eight lists' admission bars at once, and only a score that
    /// passes one is offered (most do not once lists have filled).
    /// </summary>
    private static unsafe void ScoreCell(short[] rows, int d, int from, int to, ReadOnlySpan<int> queries, short[] queryRows, NeighbourLists lists)
    {
        Span<int> qpos = stackalloc int[4];
        float* scores = stackalloc float[8];
        var unit = Vector256.Create(1f / (DotKernels.QuantScale * DotKernels.QuantScale));
        fixed (short* data = rows, qr = queryRows)
        {
            for (int g = 0; g < queries.Length; g += 4)
            {
                int qn = Gather(data, d, queries[g..Math.Min(g + 4, queries.Length)], qpos, qr);
                if (qn < 4)
                {
                    // The cell's last few queries: one row at a time.
                    for (int r = 0; r < qn; r++)
                        for (int j = from; j < to; j++)
                            lists.Offer(qpos[r], j, DotKernels.Similarity(qr + r * d, data + (long)j * d, d));
                    continue;
                }
                var queryBars = QueryBars(lists, qpos);
                int m = from;
                for (; m + 1 < to; m += 2)
                {
                    var s = Vector256.ConvertToSingle(DotKernels.Tile4x2(qr, data + (long)m * d, d)) * unit;
                    float b0 = lists.Bar(m), b1 = lists.Bar(m + 1);
                    var memberBars = Vector256.Create(b0, b1, b0, b1, b0, b1, b0, b1);
                    uint pass = Vector256.ExtractMostSignificantBits(
                        Vector256.GreaterThanOrEqual(s, queryBars) | Vector256.GreaterThanOrEqual(s, memberBars));
                    if (pass == 0) continue;
                    s.Store(scores);
                    for (; pass != 0; pass &= pass - 1)
                    {
                        int bit = System.Numerics.BitOperations.TrailingZeroCount(pass);
                        lists.Offer(qpos[bit >> 1], m + (bit & 1), scores[bit]);
                    }
                    queryBars = QueryBars(lists, qpos);
                }
                for (; m < to; m++)
                    for (int r = 0; r < 4; r++) lists.Offer(qpos[r], m, DotKernels.Similarity(qr + r * d, data + (long)m * d, d));
            }
        }
    }

    /// <summary>The four queries' admission bars, each twice, in the tile's order.</summary>
    private static Vector256<float> QueryBars(NeighbourLists lists, ReadOnlySpan<int> qpos)
    {
        float b0 = lists.Bar(qpos[0]), b1 = lists.Bar(qpos[1]), b2 = lists.Bar(qpos[2]), b3 = lists.Bar(qpos[3]);
        return Vector256.Create(b0, b0, b1, b1, b2, b2, b3, b3);
    }

    /// <summary>Copies the rows of the (up to four) <paramref name="queries"/> next to each other into
    /// <paramref name="target"/>, as the tile reads them, and notes their positions; returns how many.</summary>
    private static unsafe int Gather<T>(T* rows, int d, ReadOnlySpan<int> queries, Span<int> positions, T* target) where T : unmanaged
    {
        for (int r = 0; r < queries.Length; r++)
        {
            positions[r] = queries[r];
            Buffer.MemoryCopy(rows + (long)queries[r] * d, target + r * d, d * sizeof(T), d * sizeof(T));
        }
        return queries.Length;
    }

    /// <summary>
    /// Scores the faces probing one cell against the cell's members with the 4×2 tile. Every pair is offered both
    /// ways: a member also gains the query as a neighbour, which finds a pair when either face probes the other's
    /// cell, at no extra dot products.
    /// </summary>
    private static unsafe void ScoreCell(float[] sorted, int d, int from, int to, ReadOnlySpan<int> queries, float[] queryRows, NeighbourLists lists)
    {
        Span<int> qpos = stackalloc int[4];
        float* tile = stackalloc float[8];
        fixed (float* data = sorted, qr = queryRows)
        {
            for (int g = 0; g < queries.Length; g += 4)
            {
                int qn = Gather(data, d, queries[g..Math.Min(g + 4, queries.Length)], qpos, qr);
                int j = from;
                for (; j + 1 < to; j += 2)
                {
                    DotKernels.Tile4x2(qr, qn, data + (long)j * d, d, tile);
                    for (int r = 0; r < qn; r++)
                    {
                        lists.Offer(qpos[r], j, tile[r * 2]);
                        lists.Offer(qpos[r], j + 1, tile[r * 2 + 1]);
                    }
                }
                for (; j < to; j++)
                    for (int r = 0; r < qn; r++) lists.Offer(qpos[r], j, DotKernels.Dot(qr + r * d, data + (long)j * d, d));
            }
        }
    }
}
