using FaceSort.Core.Detection;
using FaceSort.Core.Imaging;

namespace FaceSort.Core.Alignment;

/// <summary>
/// Warps a face onto the ArcFace template (112×112 by default): every output pixel is mapped back into the photo
/// by the inverse of the landmarks' least-squares similarity and sampled bilinearly; outside the photo is black.
/// Pixel centres sit on integer coordinates, as in OpenCV's warpAffine, so results match the peer's alignment.
/// </summary>
/// <remarks>
/// Bilinear sampling alone aliases when the face in the source is much larger than the template (the transform's
/// scale below 0.5: more than two source pixels per output pixel). Then each output pixel averages an n × n grid
/// of bilinear samples, n = ceil(1 / scale) (at most <see cref="MaxSupersampling"/>), spread over the footprint of
/// the output pixel — a box prefilter. The scan can avoid that cost by decoding the alignment source so that faces
/// are about 1–2× the template's size; the aligner gives the same quality either way. Thread-safe, allocation-free.
/// </remarks>
public sealed class ArcFaceAligner : IFaceAligner
{
    /// <summary>Supersampling cap: 8×8 samples handle faces up to 8× the template size without aliasing.</summary>
    public const int MaxSupersampling = 8;

    public ArcFaceAligner(int outputSize = 112)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        OutputSize = outputSize;
    }

    public int OutputSize { get; }

    public void Align(RgbImage source, Landmarks5 landmarks, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        Warp(source, SimilarityTransform.ToArcFaceTemplate(landmarks, OutputSize), OutputSize, destination);
    }

    /// <summary>
    /// Writes <paramref name="size"/>² RGB pixels: output pixel (u, v) takes the source at <c>toOutput⁻¹(u, v)</c>.
    /// </summary>
    public static void Warp(RgbImage source, SimilarityTransform toOutput, int size, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (destination.Length < size * size * 3)
            throw new ArgumentException($"destination holds {destination.Length} bytes, {size * size * 3} needed", nameof(destination));
        var inv = toOutput.Inverse();
        var scale = toOutput.Scale;
        var n = scale >= 0.5 ? 1 : Math.Min(MaxSupersampling, (int)Math.Ceiling(1 / scale));
        if (n == 1) WarpBilinear(source, inv, size, destination);
        else WarpSupersampled(source, inv, size, n, destination);
    }

    private static unsafe void WarpBilinear(RgbImage source, SimilarityTransform inv, int size, Span<byte> destination)
    {
        ReadOnlySpan<byte> pixels = source.Pixels;
        float a = (float)inv.A, b = (float)inv.B, tx = (float)inv.Tx, ty = (float)inv.Ty;
        int width = source.Width, height = source.Height, stride = width * 3;
        float innerRight = width - 1, innerBottom = height - 1;
        var o = 0;
        fixed (byte* src = source.Pixels)
        {
            for (var v = 0; v < size; v++)
            {
                // Source position moves by (a, b) per output column.
                var sx = -b * v + tx;
                var sy = a * v + ty;
                for (var u = 0; u < size; u++, sx += a, sy += b, o += 3)
                {
                    float r, g, bl;
                    if (sx >= 0 && sy >= 0 && sx < innerRight && sy < innerBottom)
                    {
                        // All four neighbours inside (most pixels): truncation is floor for non-negative values.
                        int x0 = (int)sx, y0 = (int)sy;
                        float fx = sx - x0, fy = sy - y0;
                        var p = src + y0 * stride + x0 * 3;
                        var q = p + stride;
                        float w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy;
                        r = w00 * p[0] + w10 * p[3] + w01 * q[0] + w11 * q[3];
                        g = w00 * p[1] + w10 * p[4] + w01 * q[1] + w11 * q[4];
                        bl = w00 * p[2] + w10 * p[5] + w01 * q[2] + w11 * q[5];
                    }
                    else
                    {
                        Sample(pixels, width, height, sx, sy, out r, out g, out bl);
                    }
                    destination[o] = (byte)(r + 0.5f);
                    destination[o + 1] = (byte)(g + 0.5f);
                    destination[o + 2] = (byte)(bl + 0.5f);
                }
            }
        }
    }

    private static void WarpSupersampled(RgbImage source, SimilarityTransform inv, int size, int n, Span<byte> destination)
    {
        ReadOnlySpan<byte> pixels = source.Pixels;
        double a = inv.A, b = inv.B;
        var weight = 1f / (n * n);
        var o = 0;
        for (var v = 0; v < size; v++)
        {
            for (var u = 0; u < size; u++, o += 3)
            {
                float sr = 0, sg = 0, sb = 0;
                for (var j = 0; j < n; j++)
                {
                    // Sub-sample offsets spread evenly over the output pixel [-0.5, 0.5)².
                    var dv = v + (j + 0.5) / n - 0.5;
                    for (var i = 0; i < n; i++)
                    {
                        var du = u + (i + 0.5) / n - 0.5;
                        var sx = (float)(a * du - b * dv + inv.Tx);
                        var sy = (float)(b * du + a * dv + inv.Ty);
                        Sample(pixels, source.Width, source.Height, sx, sy, out var r, out var g, out var bl);
                        sr += r;
                        sg += g;
                        sb += bl;
                    }
                }
                destination[o] = (byte)(sr * weight + 0.5f);
                destination[o + 1] = (byte)(sg * weight + 0.5f);
                destination[o + 2] = (byte)(sb * weight + 0.5f);
            }
        }
    }

    /// <summary>Bilinear sample at (x, y); neighbours outside the image count as black, as BORDER_CONSTANT 0.</summary>
    private static void Sample(ReadOnlySpan<byte> pixels, int width, int height, float x, float y, out float r, out float g, out float b)
    {
        r = g = b = 0;
        if (!(x > -1 && y > -1 && x < width && y < height)) return;
        var x0 = (int)MathF.Floor(x);
        var y0 = (int)MathF.Floor(y);
        var fx = x - x0;
        var fy = y - y0;
        var stride = width * 3;
        if (x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height)
        {
            // Common case: all four neighbours inside.
            var p = y0 * stride + x0 * 3;
            float w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy;
            r = w00 * pixels[p] + w10 * pixels[p + 3] + w01 * pixels[p + stride] + w11 * pixels[p + stride + 3];
            g = w00 * pixels[p + 1] + w10 * pixels[p + 4] + w01 * pixels[p + stride + 1] + w11 * pixels[p + stride + 4];
            b = w00 * pixels[p + 2] + w10 * pixels[p + 5] + w01 * pixels[p + stride + 2] + w11 * pixels[p + stride + 5];
            return;
        }
        for (var dy = 0; dy < 2; dy++)
        {
            var yy = y0 + dy;
            if (yy < 0 || yy >= height) continue;
            var wy = dy == 0 ? 1 - fy : fy;
            for (var dx = 0; dx < 2; dx++)
            {
                var xx = x0 + dx;
                if (xx < 0 || xx >= width) continue;
                var w = wy * (dx == 0 ? 1 - fx : fx);
                var p = yy * stride + xx * 3;
                r += w * pixels[p];
                g += w * pixels[p + 1];
                b += w * pixels[p + 2];
            }
        }
    }
}
