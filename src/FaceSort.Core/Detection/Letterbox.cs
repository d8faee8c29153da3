using System.Numerics.Tensors;
using FaceSort.Core.Imaging;

namespace FaceSort.Core.Detection;

/// <summary>How a photo was placed into a detector's input: image pixels per input pixel along each axis.</summary>
internal readonly record struct LetterboxFit(int Width, int Height, float ScaleX, float ScaleY);

/// <summary>
/// Writes an RGB photo into the top-left corner of a detector's planar float input (the rest is the normalised value
/// of a black pixel), shrinking it by an exact area average when it does not fit. Area averaging is what OpenCV's
/// INTER_AREA does for shrinking; it keeps small faces' detail without the aliasing of point sampling.
/// </summary>
internal static class Letterbox
{
    /// <param name="image">The photo.</param>
    /// <param name="planar">Destination, three planes of <paramref name="inputWidth"/> × <paramref name="inputHeight"/>.</param>
    /// <param name="inputWidth">Width of the network input.</param>
    /// <param name="inputHeight">Height of the network input.</param>
    /// <param name="bgr">Plane order: true for B, G, R (YuNet), false for R, G, B (SCRFD).</param>
    /// <param name="mean">Subtracted from 0–255 values.</param>
    /// <param name="std">Divides the value after the mean.</param>
    public static LetterboxFit Fill(RgbImage image, Span<float> planar, int inputWidth, int inputHeight, bool bgr, float mean, float std)
    {
        var plane = inputWidth * inputHeight;
        if (planar.Length < 3 * plane) throw new ArgumentException("input buffer too small", nameof(planar));
        var scale = Math.Min(1.0, Math.Min((double)inputWidth / image.Width, (double)inputHeight / image.Height));
        var w = Math.Clamp((int)Math.Round(image.Width * scale), 1, inputWidth);
        var h = Math.Clamp((int)Math.Round(image.Height * scale), 1, inputHeight);
        var inv = 1f / std;
        var offset = -mean * inv;
        // Channel c of the RGB source goes to plane planeOf[c].
        int p0 = bgr ? 2 : 0, p1 = 1, p2 = bgr ? 0 : 2;
        planar[..(3 * plane)].Fill(offset);
        if (w == image.Width && h == image.Height)
        {
            for (var y = 0; y < h; y++)
            {
                var src = image.Row(y);
                var r0 = planar.Slice(p0 * plane + y * inputWidth, w);
                var r1 = planar.Slice(p1 * plane + y * inputWidth, w);
                var r2 = planar.Slice(p2 * plane + y * inputWidth, w);
                for (int x = 0, s = 0; x < w; x++, s += 3)
                {
                    r0[x] = src[s] * inv + offset;
                    r1[x] = src[s + 1] * inv + offset;
                    r2[x] = src[s + 2] * inv + offset;
                }
            }
        }
        else
        {
            AreaShrink(image, planar, inputWidth, plane, w, h, p0, p1, p2, inv, offset);
        }
        return new LetterboxFit(w, h, (float)image.Width / w, (float)image.Height / h);
    }

    /// <summary>
    /// Exact area average, separable: each source row is filtered horizontally once (into three planar rows), then
    /// added with its vertical overlap weight into the (at most two) output rows it covers, with SIMD multiply-adds.
    /// Allocates only the weight tables and three rows per call.
    /// </summary>
    private static unsafe void AreaShrink(RgbImage image, Span<float> planar, int stride, int plane, int w, int h,
        int p0, int p1, int p2, float inv, float offset)
    {
        var (xStart, xCount, xWeights) = AreaWeights(image.Width, w);
        var rows = new float[3 * w];
        // The destination rows accumulate weighted sums of 0–255 values; they start at zero (not at the pad value).
        for (var y = 0; y < h; y++)
        {
            planar.Slice(p0 * plane + y * stride, w).Clear();
            planar.Slice(p1 * plane + y * stride, w).Clear();
            planar.Slice(p2 * plane + y * stride, w).Clear();
        }
        var ry = (double)image.Height / h;
        var srcStride = image.Width * 3;
        fixed (byte* srcBase = image.Pixels)
        fixed (float* weightBase = xWeights, r0 = rows)
        fixed (int* starts = xStart, counts = xCount)
        {
            float* r1 = r0 + w, r2 = r0 + 2 * w;
            for (var sy = 0; sy < image.Height; sy++)
            {
                var src = srcBase + (long)sy * srcStride;
                var weight = weightBase;
                for (var x = 0; x < w; x++)
                {
                    float a = 0, b = 0, c = 0;
                    var px = src + 3 * starts[x];
                    var n = counts[x];
                    for (var k = 0; k < n; k++, px += 3)
                    {
                        var wk = weight[k];
                        a += wk * px[0];
                        b += wk * px[1];
                        c += wk * px[2];
                    }
                    weight += n;
                    r0[x] = a;
                    r1[x] = b;
                    r2[x] = c;
                }
                // Output rows covering [sy, sy + 1) in source units.
                for (var oy = (int)(sy / ry); oy < h && oy * ry < sy + 1; oy++)
                {
                    var overlap = Math.Min(sy + 1, (oy + 1) * ry) - Math.Max(sy, oy * ry);
                    if (overlap <= 0) continue;
                    var vw = (float)(overlap / ry);
                    AddScaled(rows.AsSpan(0, w), vw, planar.Slice(p0 * plane + oy * stride, w));
                    AddScaled(rows.AsSpan(w, w), vw, planar.Slice(p1 * plane + oy * stride, w));
                    AddScaled(rows.AsSpan(2 * w, w), vw, planar.Slice(p2 * plane + oy * stride, w));
                }
            }
        }
        if (inv == 1 && offset == 0) return;
        for (var y = 0; y < h; y++)
        {
            foreach (var p in (ReadOnlySpan<int>)[p0, p1, p2])
            {
                var d = planar.Slice(p * plane + y * stride, w);
                TensorPrimitives.Multiply(d, inv, d);
                TensorPrimitives.Add(d, offset, d);
            }
        }
    }

    private static void AddScaled(ReadOnlySpan<float> row, float weight, Span<float> destination) =>
        TensorPrimitives.MultiplyAdd(row, weight, destination, destination);

    /// <summary>For each of <paramref name="outSize"/> cells, the source pixels it covers and their area fractions.</summary>
    internal static (int[] Start, int[] Count, float[] Weights) AreaWeights(int inSize, int outSize)
    {
        var ratio = (double)inSize / outSize;
        var start = new int[outSize];
        var count = new int[outSize];
        var weights = new List<float>(inSize + 2 * outSize);
        for (var o = 0; o < outSize; o++)
        {
            double a = o * ratio, b = Math.Min(inSize, (o + 1) * ratio);
            var first = (int)Math.Floor(a);
            var last = Math.Min(inSize - 1, (int)Math.Ceiling(b) - 1);
            start[o] = first;
            for (var i = first; i <= last; i++)
            {
                var overlap = Math.Min(b, i + 1) - Math.Max(a, i);
                weights.Add((float)(Math.Max(0, overlap) / ratio));
            }
            count[o] = last - first + 1;
        }
        return (start, count, weights.ToArray());
    }
}
