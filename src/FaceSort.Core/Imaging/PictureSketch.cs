using System.Numerics;

namespace FaceSort.Core.Imaging;

/// <summary>
/// A 64-bit sketch of what a photo shows (a difference hash): the upright picture shrunk to 9 × 8 grey cells, one bit per
/// pair of neighbouring cells in a row (is the left one darker?). A copy resized, recompressed or stripped of its metadata
/// (a chat app's forward, a "save for web") keeps almost every bit; another photo, even of the same scene a moment later,
/// loses many. Used with the faces and the capture time to tell copies of one picture apart from other pictures
/// (<see cref="Export.ExportPlanner"/>).
/// </summary>
public static class PictureSketch
{
    private const int Columns = 9;
    private const int Rows = 8;

    public static long Of(RgbImage image)
    {
        Span<long> sums = stackalloc long[Columns * Rows];
        Span<int> counts = stackalloc int[Columns * Rows];
        sums.Clear();
        counts.Clear();
        // Every pixel of 64 evenly spaced rows (8 per row of cells): a cell's mean from a few hundred pixels is as good
        // as from all of them, at a tenth of the cost for the detector's 640 px image (PictureSketchCost).
        Span<byte> columnOf = image.Width <= 4096 ? stackalloc byte[image.Width] : new byte[image.Width];
        for (var x = 0; x < image.Width; x++) columnOf[x] = (byte)(x * Columns / image.Width);
        var rowStep = Math.Max(1, image.Height / (8 * Rows));
        var pixels = image.Pixels;
        for (var y = rowStep / 2; y < image.Height; y += rowStep)
        {
            var row = y * Rows / image.Height * Columns;
            var offset = y * image.Stride;
            for (var x = 0; x < image.Width; x++, offset += 3)
            {
                var cell = row + columnOf[x];
                // Integer luma (BT.601 weights over 1,000): the same on every machine.
                sums[cell] += pixels[offset] * 299 + pixels[offset + 1] * 587 + pixels[offset + 2] * 114;
                counts[cell]++;
            }
        }
        long sketch = 0;
        var bit = 0;
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 0; c < Columns - 1; c++, bit++)
            {
                var left = sums[r * Columns + c] * Math.Max(1, counts[r * Columns + c + 1]);
                var right = sums[r * Columns + c + 1] * Math.Max(1, counts[r * Columns + c]);
                if (left < right) sketch |= 1L << bit;
            }
        }
        return sketch;
    }

    /// <summary>How many of the 64 bits two sketches differ in.</summary>
    public static int Distance(long a, long b) => BitOperations.PopCount((ulong)(a ^ b));
}
