using System.Buffers;

namespace FaceSort.Core.Alignment;

/// <summary>
/// How sharp an aligned face is: over the central 80×80 of the 112×112 crop (eyes, nose and mouth), leaving out pixels
/// within two of black fill from outside the photo (a tight crop's face reaches the frame, and the edge of the fill is
/// no detail of the face: a 150 px portrait blurred at σ = 6 measured 86 with it, 2.2 without), the variance of the luminance's second difference along each of four
/// directions (horizontal, vertical, both diagonals), and of those the smallest. A blurred face loses its fine detail,
/// and a recogniser maps blurred faces of different people close together: on lfw with 30 % of the photos blurred
/// (Gaussian σ = 3 px on 250 px photos) every clustering method merged people (FaceSort's pairwise precision
/// 0.99 → 0.16). The weakest direction, not the Laplacian's sum of directions, because a shaken photo keeps its detail
/// across the motion: with motion blur of 15 px the Laplacian's variance stayed above sharp faces' low end and
/// clustering still merged people (precision 0.44), the weakest direction catches it (0.99).
/// Measured on FaceSort's crops (docs/clustering.md, "Blurred faces"): sharp lfw faces median 46 (10th percentile 24),
/// glint12 73 (24); Gaussian σ = 1.5 → 9.5, σ = 2 → 5.5, σ = 3 → 2.2; motion 9 px → 4.9, 15 px → 2.7 (medians).
/// </summary>
public static class FaceSharpness
{
    /// <summary>Sharpness of one aligned face of <paramref name="size"/>×<paramref name="size"/> RGB pixels.</summary>
    public static float Of(ReadOnlySpan<byte> rgb, int size)
    {
        if (rgb.Length < size * size * 3) throw new ArgumentException($"{rgb.Length} bytes cannot hold a {size}×{size} RGB face", nameof(rgb));
        // The central region, scaled with the crop (16 px margins at 112).
        int margin = size / 7, from = Math.Max(1, margin), to = Math.Min(size - 1, size - margin);
        if (to - from < 3) return 0;
        // The region plus a two-pixel ring: every second difference sees real neighbours, and whether a pixel borders
        // fill can be told at the region's edge too.
        var width = to - from + 4;
        var cells = width * width;
        var luminance = ArrayPool<float>.Shared.Rent(cells);
        var fill = ArrayPool<byte>.Shared.Rent(cells);
        try
        {
            var anyFill = Read(rgb, size, from, width, luminance, fill);
            // Whether a pixel lies within two of fill (in a 5×5 window), found as two passes of a 5-wide window
            // instead of 25 reads per pixel; a crop wholly inside its photo (the usual case) needs neither.
            if (anyFill) SpreadFill(fill, width);
            return (float)WeakestDirection(luminance, anyFill ? fill : null, width, to - from);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(luminance);
            ArrayPool<byte>.Shared.Return(fill);
        }
    }

    /// <summary>
    /// Luminance of the region and its ring into <paramref name="luminance"/>, and 1 in <paramref name="fill"/> where a
    /// pixel is black fill (outside the photo the aligner writes black) or outside the crop; whether any was.
    /// </summary>
    private static bool Read(ReadOnlySpan<byte> rgb, int size, int from, int width, float[] luminance, byte[] fill)
    {
        var anyFill = false;
        for (int y = from - 2, r = 0; r < width; y++, r++)
        {
            var row = r * width;
            if (y < 0 || y >= size)
            {
                Array.Fill(fill, (byte)1, row, width);
                Array.Fill(luminance, 0f, row, width);
                anyFill = true;
                continue;
            }
            for (int x = 0, column = from - 2; x < width; x++, column++)
            {
                if (column < 0 || column >= size)
                {
                    fill[row + x] = 1;
                    luminance[row + x] = 0;
                    anyFill = true;
                    continue;
                }
                var at = (y * size + column) * 3;
                byte red = rgb[at], green = rgb[at + 1], blue = rgb[at + 2];
                var black = (red | green | blue) == 0;
                fill[row + x] = black ? (byte)1 : (byte)0;
                anyFill |= black;
                luminance[row + x] = 0.299f * red + 0.587f * green + 0.114f * blue;
            }
        }
        return anyFill;
    }

    /// <summary>Turns the fill mask into "fill within two pixels" (a 5×5 maximum), rows first, then columns.</summary>
    private static void SpreadFill(byte[] fill, int width)
    {
        Span<byte> line = stackalloc byte[width];
        for (int r = 0; r < width; r++)
        {
            var row = fill.AsSpan(r * width, width);
            row.CopyTo(line);
            for (int x = 0; x < width; x++)
            {
                int lo = Math.Max(0, x - 2), hi = Math.Min(width - 1, x + 2);
                byte any = 0;
                for (int i = lo; i <= hi; i++) any |= line[i];
                row[x] = any;
            }
        }
        for (int x = 0; x < width; x++)
        {
            for (int r = 0; r < width; r++) line[r] = fill[r * width + x];
            for (int r = 0; r < width; r++)
            {
                int lo = Math.Max(0, r - 2), hi = Math.Min(width - 1, r + 2);
                byte any = 0;
                for (int i = lo; i <= hi; i++) any |= line[i];
                fill[r * width + x] = any;
            }
        }
    }

    /// <summary>
    /// The variance of the second difference along each of four directions (horizontal, vertical, both diagonals) over
    /// the region's pixels not next to fill, and the smallest: a face is as sharp as its least detailed direction,
    /// because a shaken photo keeps its detail across the motion and loses it along.
    /// </summary>
    private static double WeakestDirection(float[] luminance, byte[]? nearFill, int width, int side)
    {
        double sumH = 0, sumV = 0, sumD = 0, sumA = 0, squaresH = 0, squaresV = 0, squaresD = 0, squaresA = 0;
        var n = 0;
        for (int r = 2; r < width - 2; r++)
        {
            for (int x = 2; x < width - 2; x++)
            {
                var at = r * width + x;
                if (nearFill is not null && nearFill[at] != 0) continue;
                double twice = 2 * luminance[at];
                double h = luminance[at - 1] + luminance[at + 1] - twice;
                double v = luminance[at - width] + luminance[at + width] - twice;
                double d = luminance[at - width - 1] + luminance[at + width + 1] - twice;
                double a = luminance[at - width + 1] + luminance[at + width - 1] - twice;
                sumH += h; squaresH += h * h;
                sumV += v; squaresV += v * v;
                sumD += d; squaresD += d * d;
                sumA += a; squaresA += a * a;
                n++;
            }
        }
        // Less than a tenth of the region is face: too little to judge, and the face is mostly outside the photo.
        if (n < side * side / 10) return 0;
        static double Variance(double sum, double squares, int n)
        {
            var mean = sum / n;
            return squares / n - mean * mean;
        }
        return Math.Min(Math.Min(Variance(sumH, squaresH, n), Variance(sumV, squaresV, n)),
            Math.Min(Variance(sumD, squaresD, n), Variance(sumA, squaresA, n)));
    }
}
