namespace FaceSort.Core.Clustering;

/// <summary>
/// The k nearest neighbours of every face by cosine similarity, self excluded, nearest first (ties: lower index).
/// Row i's neighbours are <c>Neighbours[i*K .. i*K+K)</c> with similarities in <see cref="Similarities"/>; a row of
/// a set smaller than k+1 is padded with −1 / −∞.
/// </summary>
public sealed class KnnGraph
{
    private KnnGraph(int count, int k, int[] neighbours, float[] similarities)
    {
        Count = count;
        K = k;
        Neighbours = neighbours;
        Similarities = similarities;
    }

    public int Count { get; }
    public int K { get; }
    public int[] Neighbours { get; }
    public float[] Similarities { get; }

    public ReadOnlySpan<int> NeighboursOf(int i) => Neighbours.AsSpan(i * K, K);
    public ReadOnlySpan<float> SimilaritiesOf(int i) => Similarities.AsSpan(i * K, K);

    /// <summary>
    /// Up to this many faces the builder is exact; beyond, approximate (IVF). Measured (docs/clustering-scale.md,
    /// cluster-scale --stage knn): since the IVF scans at least <see cref="IvfOptions.MinCandidates"/> faces per query,
    /// the CPU break-even lies between 20,000 and 30,000 faces (exact 3.1 / 6.2 CPU s, IVF 4.3 / 5.3 at 0.998 / 0.976
    /// recall of mergeable edges); beyond it exact grows as n² (9.8 CPU s at 40,000 against 5.6). Up to here exact
    /// costs no more than the IVF and keeps recall 1.
    /// </summary>
    public const int ExactLimit = 25_000;

    /// <summary>The shared builder: exact up to <see cref="ExactLimit"/> faces, inverted-file approximate beyond.</summary>
    public static KnnGraph Build(EmbeddingMatrix points, int k, IvfOptions? ivf = null, CancellationToken cancellationToken = default) =>
        points.Count <= ExactLimit ? Exact(points, k, cancellationToken)
            : IvfKnn.Build(points, k, ivf ?? new IvfOptions(), cancellationToken);

    /// <summary>Approximate kNN by an inverted file (see <see cref="IvfOptions"/>).</summary>
    public static KnnGraph Approximate(EmbeddingMatrix points, int k, IvfOptions? ivf = null, CancellationToken cancellationToken = default) =>
        IvfKnn.Build(points, k, ivf ?? new IvfOptions(), cancellationToken);

    /// <summary>
    /// Exact kNN, O(n²·d): blocks of 128 query rows run in parallel; each is scored against blocks of 512 candidate
    /// rows (kept in L2) with the 4×2 register tile of <see cref="DotKernels"/>, and a score enters a query's sorted
    /// list only when it beats the list's last entry (rare after the first blocks).
    /// </summary>
    public static KnnGraph Exact(EmbeddingMatrix points, int k, CancellationToken cancellationToken = default)
    {
        var (nb, sim) = ExactLists(points, points, k, cancellationToken);
        return new KnnGraph(points.Count, k, nb, sim);
    }

    /// <summary>
    /// The k most similar <paramref name="candidates"/> of every row of <paramref name="queries"/> (two different
    /// sets, e.g. unnamed faces against named ones), with the blocked kernel of <see cref="Exact"/>: a query scored
    /// alone streams every candidate from memory, while a block of queries shares each load. Lists are sorted by
    /// similarity; equal scores keep the lower candidate first; -1 pads when there are fewer than k candidates.
    /// </summary>
    public static (int[] Neighbours, float[] Similarities) ExactBetween(EmbeddingMatrix queries, EmbeddingMatrix candidates, int k)
    {
        if (queries.Dimension != candidates.Dimension) throw new ArgumentException("queries and candidates differ in dimension", nameof(candidates));
        return ExactLists(queries, candidates, k, CancellationToken.None);
    }

    /// <summary>Blocks of 128 queries in parallel, each through <see cref="ExactBlock"/>: row-major lists of k.</summary>
    private static (int[] Neighbours, float[] Similarities) ExactLists(
        EmbeddingMatrix queries, EmbeddingMatrix candidates, int k, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        int n = queries.Count;
        var nb = new int[n * k];
        var sim = new float[n * k];
        Array.Fill(nb, -1);
        Array.Fill(sim, float.NegativeInfinity);
        const int QueryBlock = 128;
        int blocks = (n + QueryBlock - 1) / QueryBlock;
        Parallel.For(0, blocks, new ParallelOptions { CancellationToken = cancellationToken },
            b => ExactBlock(queries, candidates, k, b * QueryBlock, Math.Min(n, (b + 1) * QueryBlock), nb, sim));
        return (nb, sim);
    }

    /// <param name="candidates">The same matrix as <paramref name="points"/> for a kNN graph (a row is never its own
    /// neighbour), or another set of the same dimension.</param>
    private static unsafe void ExactBlock(EmbeddingMatrix points, EmbeddingMatrix candidates, int k, int start, int end, int[] nb, float[] sim)
    {
        const int CandidateBlock = 512;
        int n = candidates.Count, d = points.Dimension;
        bool self = ReferenceEquals(points, candidates);
        Span<float> worst = stackalloc float[end - start];
        worst.Fill(float.NegativeInfinity);
        float* tile = stackalloc float[8];
        fixed (float* queryData = points.Data)
        fixed (float* data = candidates.Data)
        {
            for (int c0 = 0; c0 < n; c0 += CandidateBlock)
            {
                int c1 = Math.Min(n, c0 + CandidateBlock);
                for (int g = start; g < end; g += 4)
                {
                    int qn = Math.Min(4, end - g);
                    float* q = queryData + (long)g * d;
                    int j = c0;
                    // Candidates in increasing index order per query, so equal scores keep the lower index first.
                    for (; j + 1 < c1; j += 2)
                    {
                        DotKernels.Tile4x2(q, qn, data + (long)j * d, d, tile);
                        for (int r = 0; r < qn; r++)
                        {
                            int i = g + r;
                            float s0 = tile[r * 2], s1 = tile[r * 2 + 1];
                            if (s0 > worst[i - start] && (!self || i != j)) worst[i - start] = Offer(nb, sim, k, i, j, s0);
                            if (s1 > worst[i - start] && (!self || i != j + 1)) worst[i - start] = Offer(nb, sim, k, i, j + 1, s1);
                        }
                    }
                    for (; j < c1; j++)
                        for (int r = 0; r < qn; r++)
                        {
                            int i = g + r;
                            float s = DotKernels.Dot(q + (long)r * d, data + (long)j * d, d);
                            if (s > worst[i - start] && (!self || i != j)) worst[i - start] = Offer(nb, sim, k, i, j, s);
                        }
                }
            }
        }
    }

    /// <summary>Inserts candidate j into row i's list; returns the list's new last (k-th) similarity.</summary>
    private static float Offer(int[] nb, float[] sim, int k, int i, int j, float s)
    {
        var ids = nb.AsSpan(i * k, k);
        var ss = sim.AsSpan(i * k, k);
        Insert(ids, ss, j, s);
        return ss[k - 1];
    }

    /// <summary>Builds a graph from precomputed lists (used by the approximate builder).</summary>
    internal static KnnGraph FromLists(int count, int k, int[] neighbours, float[] similarities) =>
        new(count, k, neighbours, similarities);

    /// <summary>Inserts (j, s) into a list sorted by similarity descending if it beats the last entry.</summary>
    internal static void Insert(Span<int> ids, Span<float> sims, int j, float s)
    {
        int k = ids.Length;
        if (s <= sims[k - 1]) return;
        int pos = k - 1;
        while (pos > 0 && sims[pos - 1] < s)
        {
            sims[pos] = sims[pos - 1];
            ids[pos] = ids[pos - 1];
            pos--;
        }
        sims[pos] = s;
        ids[pos] = j;
    }
}
