using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;

namespace FaceSort.Core.Tests.Clustering;

public sealed class DotKernelsTests
{
    [Theory]
    [InlineData(4, 128)] // the 8-wide kernel
    [InlineData(3, 128)] // a last block of fewer than four faces
    [InlineData(4, 5)]   // a dimension the kernel cannot take
    public unsafe void Adding_scaled_rows_matches_a_naive_loop(int rows, int d)
    {
        var random = new Random(rows * 1000 + d);
        var x = Enumerable.Range(0, rows * d).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        const int Stride = 3, Offset = 1;
        var scales = Enumerable.Range(0, 4 * Stride).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var target = Enumerable.Range(0, d).Select(_ => (float)random.NextDouble()).ToArray();
        var expected = (float[])target.Clone();
        for (int r = 0; r < rows; r++)
            for (int t = 0; t < d; t++) expected[t] += scales[r * Stride + Offset] * x[r * d + t];
        fixed (float* pt = target)
        fixed (float* px = x)
            DotKernels.AddScaledRows(pt, px, rows, d, scales, Offset, Stride);
        for (int t = 0; t < d; t++) target[t].ShouldBe(expected[t], 1e-5f);
    }

    [Fact]
    public unsafe void The_four_by_two_tile_scores_real_sized_rows_as_single_dots_do()
    {
        var m = SyntheticFaces.Generate(6, seed: 2).Embeddings;
        var tile = new float[8];
        fixed (float* data = m.Data)
        fixed (float* output = tile)
        {
            DotKernels.Tile4x2(data, 4, data + 4 * m.Dimension, m.Dimension, output);
            for (int r = 0; r < 4; r++)
                for (int c = 0; c < 2; c++)
                    output[r * 2 + c].ShouldBe(System.Numerics.Tensors.TensorPrimitives.Dot(m.Row(r), m.Row(4 + c)), 1e-5f);
        }
    }

    [Fact]
    public unsafe void The_sixteen_bit_tile_puts_each_of_its_eight_scores_where_the_float_dots_say_within_rounding()
    {
        Assert.SkipUnless(DotKernels.TiledInt16(128), "the 16-bit tile needs AVX2");
        var m = SyntheticFaces.Generate(6, seed: 4).Embeddings;
        int d = m.Dimension;
        var rows = new short[6 * d];
        for (int i = 0; i < 6; i++) DotKernels.Quantize(m.Row(i), rows.AsSpan(i * d, d));
        fixed (short* data = rows)
        {
            var sums = DotKernels.Tile4x2(data, data + 4 * d, d);
            for (int r = 0; r < 4; r++)
                for (int c = 0; c < 2; c++)
                    (sums[r * 2 + c] / (DotKernels.QuantScale * DotKernels.QuantScale))
                        .ShouldBe(System.Numerics.Tensors.TensorPrimitives.Dot(m.Row(r), m.Row(4 + c)), 2e-4f, $"query {r}, row {c}");
        }
    }

    [Fact]
    public void Quantizing_clamps_a_component_beyond_the_unit_range_instead_of_wrapping_around()
    {
        var target = new short[4];
        DotKernels.Quantize([0.5f, -1f, 2.5f, -3f], target);
        target.ShouldBe([(short)8192, (short)-16384, short.MaxValue, (short)-short.MaxValue]);
    }
}
