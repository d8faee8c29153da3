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
        var rows = to - from + 4;
        var width = to - from + 4;
        var buffer = new float[rows * width];
        var fill = new bool[rows * width];
        for (int y = from - 2, r = 0; y <= to + 1; y++, r++)
        {
            if (y < 0 || y >= size) { Array.Fill(fill, true, r * width, width); continue; }
            for (int x = 0, column = from - 2; x < width; x++, column++)
            {
                if (column < 0 || column >= size) { fill[r * width + x] = true; continue; }
                var at = (y * size + column) * 3;
                // Outside the photo the aligner writes black: the edge between fill and face is no detail of the face.
                fill[r * width + x] = rgb[at] == 0 && rgb[at + 1] == 0 && rgb[at + 2] == 0;
                buffer[r * width + x] = 0.299f * rgb[at] + 0.587f * rgb[at + 1] + 0.114f * rgb[at + 2];
            }
        }
        // Second differences along the four directions (horizontal, vertical, both diagonals); a face is as sharp as
        // its least detailed direction, because a shaken photo keeps its detail across the motion and loses it along.
        Span<double> sum = stackalloc double[4];
        Span<double> squares = stackalloc double[4];
        var n = 0;
        for (int r = 2; r < rows - 2; r++)
        {
            for (int x = 2; x < width - 2; x++)
            {
                var at = r * width + x;
                // Skip a pixel within two of fill: its neighbours, or theirs, are the black edge or the blend into it.
                if (NearFill(fill, at, width)) continue;
                double twice = 2 * buffer[at];
                Add(0, buffer[at - 1] + buffer[at + 1] - twice, sum, squares);
                Add(1, buffer[at - width] + buffer[at + width] - twice, sum, squares);
                Add(2, buffer[at - width - 1] + buffer[at + width + 1] - twice, sum, squares);
                Add(3, buffer[at - width + 1] + buffer[at + width - 1] - twice, sum, squares);
                n++;
            }
        }
        // Less than a tenth of the region is face: too little to judge, and the face is mostly outside the photo.
        if (n < (to - from) * (to - from) / 10) return 0;
        var weakest = double.MaxValue;
        for (int d = 0; d < 4; d++)
        {
            var mean = sum[d] / n;
            weakest = Math.Min(weakest, squares[d] / n - mean * mean);
        }
        return (float)weakest;

        static bool NearFill(bool[] fill, int at, int width)
        {
            for (int dy = -2; dy <= 2; dy++)
                for (int dx = -2; dx <= 2; dx++)
                    if (fill[at + dy * width + dx]) return true;
            return false;
        }

        static void Add(int direction, double value, Span<double> sum, Span<double> squares)
        {
            sum[direction] += value;
            squares[direction] += value * value;
        }
    }
}
