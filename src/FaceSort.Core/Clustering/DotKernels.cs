using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceSort.Core.Clustering;

/// <summary>
/// The dot-product loops of the kNN builders: the O(n²·d) and O(n·probes·cell·d) hot paths. Written with 8-wide FMA
/// because one row of a 128-d embedding is 16 vectors: scoring several rows per pass reuses each load
/// (a 4×2 tile makes 6 loads per 8 FMAs instead of 2 loads per FMA), which is what bounds a single dot.
/// Every kernel falls back to <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> when
/// AVX is missing or the dimension is not a multiple of 8.
/// </summary>
internal static unsafe class DotKernels
{
    /// <summary>True when the tiled kernels run (otherwise the scalar fallback).</summary>
    public static bool Tiled(int d) => Vector256.IsHardwareAccelerated && d % 8 == 0;

    /// <summary>
    /// Scores of the qn ≤ 4 consecutive rows at <paramref name="q"/> against the two consecutive rows at
    /// <paramref name="c"/>, into <c>output[row*2 + col]</c>; rows are <paramref name="d"/> floats apart.
    /// </summary>
    public static void Tile4x2(float* q, int qn, float* c, int d, float* output)
    {
        if (qn == 4 && Tiled(d))
        {
            var a00 = Vector256<float>.Zero; var a01 = Vector256<float>.Zero;
            var a10 = Vector256<float>.Zero; var a11 = Vector256<float>.Zero;
            var a20 = Vector256<float>.Zero; var a21 = Vector256<float>.Zero;
            var a30 = Vector256<float>.Zero; var a31 = Vector256<float>.Zero;
            float* q1 = q + d, q2 = q1 + d, q3 = q2 + d, c1 = c + d;
            for (int t = 0; t < d; t += 8)
            {
                var x0 = Vector256.Load(c + t);
                var x1 = Vector256.Load(c1 + t);
                var y = Vector256.Load(q + t);
                a00 = Vector256.FusedMultiplyAdd(y, x0, a00);
                a01 = Vector256.FusedMultiplyAdd(y, x1, a01);
                y = Vector256.Load(q1 + t);
                a10 = Vector256.FusedMultiplyAdd(y, x0, a10);
                a11 = Vector256.FusedMultiplyAdd(y, x1, a11);
                y = Vector256.Load(q2 + t);
                a20 = Vector256.FusedMultiplyAdd(y, x0, a20);
                a21 = Vector256.FusedMultiplyAdd(y, x1, a21);
                y = Vector256.Load(q3 + t);
                a30 = Vector256.FusedMultiplyAdd(y, x0, a30);
                a31 = Vector256.FusedMultiplyAdd(y, x1, a31);
            }
            output[0] = Vector256.Sum(a00); output[1] = Vector256.Sum(a01);
            output[2] = Vector256.Sum(a10); output[3] = Vector256.Sum(a11);
            output[4] = Vector256.Sum(a20); output[5] = Vector256.Sum(a21);
            output[6] = Vector256.Sum(a30); output[7] = Vector256.Sum(a31);
            return;
        }
        for (int r = 0; r < qn; r++)
        {
            output[r * 2] = Dot(q + r * d, c, d);
            output[r * 2 + 1] = Dot(q + r * d, c + d, d);
        }
    }

    /// <summary>Scores of one query against <paramref name="count"/> consecutive rows starting at c.</summary>
    public static void OneToMany(float* q, float* c, int count, int d, float* output)
    {
        int j = 0;
        for (; Tiled(d) && j + 4 <= count; j += 4)
        {
            float* c0 = c + (long)j * d, c1 = c0 + d, c2 = c1 + d, c3 = c2 + d;
            var a0 = Vector256<float>.Zero; var a1 = Vector256<float>.Zero;
            var a2 = Vector256<float>.Zero; var a3 = Vector256<float>.Zero;
            for (int t = 0; t < d; t += 8)
            {
                var y = Vector256.Load(q + t);
                a0 = Vector256.FusedMultiplyAdd(y, Vector256.Load(c0 + t), a0);
                a1 = Vector256.FusedMultiplyAdd(y, Vector256.Load(c1 + t), a1);
                a2 = Vector256.FusedMultiplyAdd(y, Vector256.Load(c2 + t), a2);
                a3 = Vector256.FusedMultiplyAdd(y, Vector256.Load(c3 + t), a3);
            }
            output[j] = Vector256.Sum(a0); output[j + 1] = Vector256.Sum(a1);
            output[j + 2] = Vector256.Sum(a2); output[j + 3] = Vector256.Sum(a3);
        }
        for (; j < count; j++) output[j] = Dot(q, c + (long)j * d, d);
    }

    /// <summary>
    /// <c>target += Σ_r scales[r · stride + offset] · row r</c> for the <paramref name="rows"/> ≤ 4 consecutive rows at
    /// <paramref name="x"/>: the gradient of a linear model over four faces, loading and storing the target once
    /// instead of once per face.
    /// </summary>
    public static void AddScaledRows(float* target, float* x, int rows, int d, float[] scales, int offset, int stride)
    {
        if (rows == 4 && Tiled(d))
        {
            var a0 = Vector256.Create(scales[offset]);
            var a1 = Vector256.Create(scales[stride + offset]);
            var a2 = Vector256.Create(scales[2 * stride + offset]);
            var a3 = Vector256.Create(scales[3 * stride + offset]);
            float* x1 = x + d, x2 = x1 + d, x3 = x2 + d;
            for (int t = 0; t < d; t += 8)
            {
                var acc = Vector256.Load(target + t);
                acc = Vector256.FusedMultiplyAdd(a0, Vector256.Load(x + t), acc);
                acc = Vector256.FusedMultiplyAdd(a1, Vector256.Load(x1 + t), acc);
                acc = Vector256.FusedMultiplyAdd(a2, Vector256.Load(x2 + t), acc);
                acc = Vector256.FusedMultiplyAdd(a3, Vector256.Load(x3 + t), acc);
                acc.Store(target + t);
            }
            return;
        }
        var span = new Span<float>(target, d);
        for (int r = 0; r < rows; r++)
            TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(x + (long)r * d, d), scales[r * stride + offset], span, span);
    }

    /// <summary>Scale of <see cref="Quantize"/>: a unit vector's components lie in [−1, 1], so they fit in 16 bits with
    /// 14 of them after the point, and a dot product of two such rows stays within 2²⁸ (Cauchy–Schwarz: Σ|xᵢyᵢ| ≤ 1),
    /// far from an int32 overflow at any partial sum.</summary>
    public const float QuantScale = 16384f;

    /// <summary>True when the 16-bit tile runs: AVX2's multiply-add of 16-bit pairs does 16 multiplies per instruction
    /// where a float FMA does 8, and a row is half the bytes to load.</summary>
    public static bool TiledInt16(int d) => Avx2.IsSupported && d % 16 == 0;

    /// <summary>Rounds each component to a 16-bit integer at <see cref="QuantScale"/> (clamped, for vectors that are
    /// not quite unit).</summary>
    public static void Quantize(ReadOnlySpan<float> row, Span<short> target)
    {
        for (int t = 0; t < row.Length; t++)
            target[t] = (short)Math.Clamp(MathF.Round(row[t] * QuantScale), -short.MaxValue, short.MaxValue);
    }

    /// <summary>
    /// The 4×2 tile on 16-bit rows: the four consecutive query rows at <paramref name="q"/> against the two consecutive
    /// rows at <paramref name="c"/>, as [q0·c0, q0·c1, q1·c0, q1·c1, q2·c0, q2·c1, q3·c0, q3·c1] in units of
    /// <see cref="QuantScale"/>². Needs <see cref="TiledInt16"/>. The eight sums are reduced together (two rounds of
    /// pairwise adds and one lane swap) instead of one horizontal sum each.
    /// </summary>
    public static Vector256<int> Tile4x2(short* q, short* c, int d)
    {
        var a00 = Vector256<int>.Zero; var a01 = Vector256<int>.Zero;
        var a10 = Vector256<int>.Zero; var a11 = Vector256<int>.Zero;
        var a20 = Vector256<int>.Zero; var a21 = Vector256<int>.Zero;
        var a30 = Vector256<int>.Zero; var a31 = Vector256<int>.Zero;
        short* q1 = q + d, q2 = q1 + d, q3 = q2 + d, c1 = c + d;
        for (int t = 0; t < d; t += 16)
        {
            var x0 = Avx.LoadVector256(c + t);
            var x1 = Avx.LoadVector256(c1 + t);
            var y = Avx.LoadVector256(q + t);
            a00 = Avx2.Add(a00, Avx2.MultiplyAddAdjacent(y, x0));
            a01 = Avx2.Add(a01, Avx2.MultiplyAddAdjacent(y, x1));
            y = Avx.LoadVector256(q1 + t);
            a10 = Avx2.Add(a10, Avx2.MultiplyAddAdjacent(y, x0));
            a11 = Avx2.Add(a11, Avx2.MultiplyAddAdjacent(y, x1));
            y = Avx.LoadVector256(q2 + t);
            a20 = Avx2.Add(a20, Avx2.MultiplyAddAdjacent(y, x0));
            a21 = Avx2.Add(a21, Avx2.MultiplyAddAdjacent(y, x1));
            y = Avx.LoadVector256(q3 + t);
            a30 = Avx2.Add(a30, Avx2.MultiplyAddAdjacent(y, x0));
            a31 = Avx2.Add(a31, Avx2.MultiplyAddAdjacent(y, x1));
        }
        // hadd(a, b) = [a0+a1, a2+a3, b0+b1, b2+b3 | a4+a5, a6+a7, b4+b5, b6+b7]; twice gives each sum's low and high
        // halves in the two 128-bit lanes, and one lane swap adds them.
        var u0 = Avx2.HorizontalAdd(Avx2.HorizontalAdd(a00, a01), Avx2.HorizontalAdd(a10, a11));
        var u1 = Avx2.HorizontalAdd(Avx2.HorizontalAdd(a20, a21), Avx2.HorizontalAdd(a30, a31));
        return Avx2.Add(Avx2.Permute2x128(u0, u1, 0x20), Avx2.Permute2x128(u0, u1, 0x31));
    }

    /// <summary>The similarity of two 16-bit rows (<see cref="Quantize"/>), one multiply at a time: for the few rows
    /// left over by the tile.</summary>
    public static float Similarity(short* a, short* b, int d)
    {
        long sum = 0;
        for (int t = 0; t < d; t++) sum += a[t] * b[t];
        return sum / (QuantScale * QuantScale);
    }

    /// <summary>One dot product of two rows of length d.</summary>
    public static float Dot(float* a, float* b, int d)
    {
        if (!Tiled(d)) return TensorPrimitives.Dot(new ReadOnlySpan<float>(a, d), new ReadOnlySpan<float>(b, d));
        var acc = Vector256<float>.Zero;
        for (int t = 0; t < d; t += 8) acc = Vector256.FusedMultiplyAdd(Vector256.Load(a + t), Vector256.Load(b + t), acc);
        return Vector256.Sum(acc);
    }
}
