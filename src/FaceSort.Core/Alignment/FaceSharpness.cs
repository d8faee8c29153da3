namespace FaceSort.Core.Alignment;

/// <summary>
/// How sharp an aligned face is: over the central 80×80 of the 112×112 crop (eyes, nose and mouth; the corners can
/// hold black fill from outside the photo), the variance of the luminance's second difference along each of four
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
        var rows = to - from + 2;
        var width = to - from + 2;
        var buffer = new float[rows * width];
        // Luminance of the region plus a one-pixel ring, so every Laplacian in the region sees real neighbours.
        for (int y = from - 1, r = 0; y <= to; y++, r++)
        {
            var row = rgb.Slice((y * size + from - 1) * 3, width * 3);
            for (int x = 0; x < width; x++)
                buffer[r * width + x] = 0.299f * row[3 * x] + 0.587f * row[3 * x + 1] + 0.114f * row[3 * x + 2];
        }
        // Second differences along the four directions (horizontal, vertical, both diagonals); a face is as sharp as
        // its least detailed direction, because a shaken photo keeps its detail across the motion and loses it along.
        Span<double> sum = stackalloc double[4];
        Span<double> squares = stackalloc double[4];
        var n = 0;
        for (int r = 1; r < rows - 1; r++)
        {
            for (int x = 1; x < width - 1; x++)
            {
                var at = r * width + x;
                double twice = 2 * buffer[at];
                Add(0, buffer[at - 1] + buffer[at + 1] - twice, sum, squares);
                Add(1, buffer[at - width] + buffer[at + width] - twice, sum, squares);
                Add(2, buffer[at - width - 1] + buffer[at + width + 1] - twice, sum, squares);
                Add(3, buffer[at - width + 1] + buffer[at + width - 1] - twice, sum, squares);
                n++;
            }
        }
        var weakest = double.MaxValue;
        for (int d = 0; d < 4; d++)
        {
            var mean = sum[d] / n;
            weakest = Math.Min(weakest, squares[d] / n - mean * mean);
        }
        return (float)weakest;

        static void Add(int direction, double value, Span<double> sum, Span<double> squares)
        {
            sum[direction] += value;
            squares[direction] += value * value;
        }
    }
}
