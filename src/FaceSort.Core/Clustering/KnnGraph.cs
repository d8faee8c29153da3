using System.Runtime.Intrinsics;
using System.Numerics.Tensors;

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

    /// <summary>Up to this many faces the builder is exact; beyond, approximate (IVF).</summary>
    public const int ExactLimit = 50_000;

    /// <summary>The shared builder: exact up to <see cref="ExactLimit"/> faces, inverted-file approximate beyond.</summary>
    public static KnnGraph Build(EmbeddingMatrix points, int k, IvfOptions? ivf = null, CancellationToken cancellationToken = default) =>
        points.Count <= ExactLimit ? Exact(points, k, cancellationToken)
            : IvfKnn.Build(points, k, ivf ?? new IvfOptions(), cancellationToken);

    /// <summary>Approximate kNN by an inverted file (see <see cref="IvfOptions"/>).</summary>
    public static KnnGraph Approximate(EmbeddingMatrix points, int k, IvfOptions? ivf = null, CancellationToken cancellationToken = default) =>
        IvfKnn.Build(points, k, ivf ?? new IvfOptions(), cancellationToken);

    /// <summary>
    /// Exact kNN: for each block of 64 query rows, one SIMD dot product per candidate row (TensorPrimitives), kept in a
    /// bounded insertion list; blocks run in parallel on all cores. O(n²·d): fine to ~200k faces.
    /// </summary>
    public static KnnGraph Exact(EmbeddingMatrix points, int k, CancellationToken cancellationToken = default)
    {
        int n = points.Count;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var nb = new int[n * k];
        var sim = new float[n * k];
        Array.Fill(nb, -1);
        Array.Fill(sim, float.NegativeInfinity);
        const int Block = 64;
        int blocks = (n + Block - 1) / Block;
        Parallel.For(0, blocks, new ParallelOptions { CancellationToken = cancellationToken }, b =>
        {
            int start = b * Block, end = Math.Min(n, start + Block);
            var dots = new float[Block];
            // Candidate rows outer, queries inner: each candidate row is read once per block while hot in cache.
            for (int j = 0; j < n; j++)
            {
                BlockDots(points, start, end, j, dots);
                for (int i = start; i < end; i++)
                {
                    if (i == j) continue;
                    Insert(nb.AsSpan(i * k, k), sim.AsSpan(i * k, k), j, dots[i - start]);
                }
            }
        });
        return new KnnGraph(n, k, nb, sim);
    }

    /// <summary>
    /// Dot products of row j with rows start..end−1. Hand-written because it is the O(n²·d) hot loop: with 8-wide AVX
    /// the whole-row dot runs two independent accumulators; TensorPrimitives.Dot is the fallback for other widths.
    /// </summary>
    private static unsafe void BlockDots(EmbeddingMatrix points, int start, int end, int j, float[] dots)
    {
        int d = points.Dimension;
        if (!Vector256.IsHardwareAccelerated || d % 16 != 0)
        {
            var rj = points.Row(j);
            for (int i = start; i < end; i++) dots[i - start] = TensorPrimitives.Dot(points.Row(i), rj);
            return;
        }
        fixed (float* data = points.Data)
        {
            float* b = data + (long)j * d;
            for (int i = start; i < end; i++)
            {
                float* a = data + (long)i * d;
                var acc0 = Vector256<float>.Zero;
                var acc1 = Vector256<float>.Zero;
                for (int t = 0; t < d; t += 16)
                {
                    acc0 = Vector256.FusedMultiplyAdd(Vector256.Load(a + t), Vector256.Load(b + t), acc0);
                    acc1 = Vector256.FusedMultiplyAdd(Vector256.Load(a + t + 8), Vector256.Load(b + t + 8), acc1);
                }
                dots[i - start] = Vector256.Sum(acc0 + acc1);
            }
        }
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
