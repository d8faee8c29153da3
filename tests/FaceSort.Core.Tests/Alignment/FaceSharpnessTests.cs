using FaceSort.Core.Alignment;

namespace FaceSort.Core.Tests.Alignment;

public sealed class FaceSharpnessTests
{
    private const int Size = 112;

    private static byte[] Grey(Func<int, int, byte> value)
    {
        var rgb = new byte[Size * Size * 3];
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
                rgb[(y * Size + x) * 3] = rgb[(y * Size + x) * 3 + 1] = rgb[(y * Size + x) * 3 + 2] = value(x, y);
        return rgb;
    }

    [Fact]
    public void A_flat_face_has_none_and_noise_has_six_times_its_variance_in_every_direction()
    {
        FaceSharpness.Of(Grey((_, _) => 128), Size).ShouldBe(0f);
        // Independent pixels of variance v: a second difference a − 2b + c has variance (1 + 4 + 1) · v along any
        // direction, so the weakest of the four is about 6v too (uniform 0..255: v = 255² / 12).
        var random = new Random(5);
        var noise = FaceSharpness.Of(Grey((_, _) => (byte)random.Next(256)), Size);
        noise.ShouldBeInRange(0.9f * 6 * 256 * 256 / 12f, 1.1f * 6 * 256 * 256 / 12f);
    }

    [Fact]
    public void Detail_in_one_direction_only_is_not_sharp()
    {
        // Stripes (what motion blur leaves: detail across the motion, none along it) have no detail along themselves.
        FaceSharpness.Of(Grey((x, _) => (byte)(x % 2 == 0 ? 50 : 200)), Size).ShouldBe(0f);
        FaceSharpness.Of(Grey((_, y) => (byte)(y % 2 == 0 ? 50 : 200)), Size).ShouldBe(0f);
        // A one-pixel checkerboard is the same along both diagonals.
        FaceSharpness.Of(Grey((x, y) => (byte)((x + y) % 2 == 0 ? 50 : 200)), Size).ShouldBe(0f);
    }

    [Fact]
    public void The_edge_of_the_black_fill_outside_a_photo_is_no_detail()
    {
        // Half the crop outside the photo (black), half a smooth face: the edge between them must not count.
        FaceSharpness.Of(Grey((x, _) => (byte)(x < Size / 2 ? 0 : 150)), Size).ShouldBe(0f);
        // Noise beside the fill measures as noise alone does (six times its variance), not more.
        var random = new Random(9);
        var beside = FaceSharpness.Of(Grey((x, _) => (byte)(x < Size / 2 ? 0 : 1 + random.Next(255))), Size);
        beside.ShouldBeInRange(0.85f * 6 * 255 * 255 / 12f, 1.15f * 6 * 255 * 255 / 12f);
        // Almost all fill: too little face to judge.
        FaceSharpness.Of(Grey((x, y) => (byte)(x > 50 && x < 56 && y > 50 && y < 56 ? 1 + random.Next(255) : 0)), Size).ShouldBe(0f);
    }

    [Fact]
    public void Only_the_centre_counts_and_luminance_weighs_green_most()
    {
        // Detail in the corners only (black fill from outside a photo ends up there): nothing in the centre.
        var random = new Random(3);
        FaceSharpness.Of(Grey((x, y) => (byte)(x < 14 && y < 14 ? random.Next(256) : 0)), Size).ShouldBe(0f);
        var green = new byte[Size * Size * 3];
        var blue = new byte[Size * Size * 3];
        for (int i = 0; i < Size * Size; i++)
        {
            var on = (byte)random.Next(256);
            green[i * 3 + 1] = on;
            blue[i * 3 + 2] = on;
        }
        FaceSharpness.Of(green, Size).ShouldBeGreaterThan(20 * FaceSharpness.Of(blue, Size));
    }

    [Fact]
    public void Blurring_a_real_face_lowers_it_step_by_step()
    {
        using var photo = NetVips.Image.NewFromFile(Path.Combine(TestPaths.Fixtures, "glint12", Directory.GetFiles(Path.Combine(TestPaths.Fixtures, "glint12")).Select(Path.GetFileName).Order(StringComparer.Ordinal).First()!));
        float SharpnessAt(double sigma)
        {
            using var blurred = sigma > 0 ? photo.Gaussblur(sigma) : photo.Copy();
            using var resized = blurred.ThumbnailImage(Size, height: Size, size: NetVips.Enums.Size.Force);
            using var rgb = resized.Bands >= 3 ? resized.ExtractBand(0, 3) : resized.Bandjoin(resized, resized);
            return FaceSharpness.Of(rgb.Cast(NetVips.Enums.BandFormat.Uchar).WriteToMemory<byte>(), Size);
        }
        var values = new[] { 0, 1, 2, 3, 4 }.Select(s => SharpnessAt(s)).ToList();
        values.ShouldBeInOrder(SortDirection.Descending);
        values[0].ShouldBeGreaterThan(4 * values[3], "σ = 3 takes most of a face's detail");

        // Shaken sideways by 9 px: the horizontal detail goes, the vertical stays, and the face counts as blurred.
        using var kernel = NetVips.Image.NewFromArray(new double[,] { { 1, 1, 1, 1, 1, 1, 1, 1, 1 } }, scale: 9);
        using var shaken = photo.Conv(kernel);
        using var resized = shaken.ThumbnailImage(Size, height: Size, size: NetVips.Enums.Size.Force);
        using var rgb = resized.Bands >= 3 ? resized.ExtractBand(0, 3) : resized.Bandjoin(resized, resized);
        FaceSharpness.Of(rgb.Cast(NetVips.Enums.BandFormat.Uchar).WriteToMemory<byte>(), Size).ShouldBeLessThan(values[2], "shaken by 9 px counts as blurrier than σ = 2");
    }
    [Fact]
    public void Fill_anywhere_in_the_crop_is_left_out_exactly_as_a_plain_5x5_look_would()
    {
        // Random detail with black blocks of random size and place (fill at the crop's edges, corners and centre):
        // the measure must equal the plain definition, every pixel looking at its 25 neighbours for fill.
        var random = new Random(17);
        for (var trial = 0; trial < 40; trial++)
        {
            var rgb = Grey((_, _) => (byte)(1 + random.Next(255)));
            var blocks = trial % 4;
            for (var b = 0; b < blocks; b++)
            {
                int x0 = random.Next(Size), y0 = random.Next(Size), w = 1 + random.Next(40), h = 1 + random.Next(40);
                for (var y = y0; y < Math.Min(Size, y0 + h); y++)
                    for (var x = x0; x < Math.Min(Size, x0 + w); x++)
                        rgb[(y * Size + x) * 3] = rgb[(y * Size + x) * 3 + 1] = rgb[(y * Size + x) * 3 + 2] = 0;
            }
            FaceSharpness.Of(rgb, Size).ShouldBe(PlainSharpness(rgb, Size), $"trial {trial}");
        }
    }

    /// <summary>The definition written out plainly (what the detector shipped with first), as the oracle.</summary>
    private static float PlainSharpness(byte[] rgb, int size)
    {
        int margin = size / 7, from = Math.Max(1, margin), to = Math.Min(size - 1, size - margin), width = to - from + 4;
        var luminance = new float[width * width];
        var fill = new bool[width * width];
        for (int r = 0; r < width; r++)
            for (int x = 0; x < width; x++)
            {
                int y = from - 2 + r, column = from - 2 + x, at = (y * size + column) * 3;
                if (y < 0 || y >= size || column < 0 || column >= size) { fill[r * width + x] = true; continue; }
                fill[r * width + x] = rgb[at] == 0 && rgb[at + 1] == 0 && rgb[at + 2] == 0;
                luminance[r * width + x] = 0.299f * rgb[at] + 0.587f * rgb[at + 1] + 0.114f * rgb[at + 2];
            }
        var sum = new double[4];
        var squares = new double[4];
        var n = 0;
        for (int r = 2; r < width - 2; r++)
            for (int x = 2; x < width - 2; x++)
            {
                var near = false;
                for (int dy = -2; dy <= 2; dy++)
                    for (int dx = -2; dx <= 2; dx++)
                        near |= fill[(r + dy) * width + x + dx];
                if (near) continue;
                var at = r * width + x;
                double twice = 2 * luminance[at];
                double[] values =
                [
                    luminance[at - 1] + luminance[at + 1] - twice,
                    luminance[at - width] + luminance[at + width] - twice,
                    luminance[at - width - 1] + luminance[at + width + 1] - twice,
                    luminance[at - width + 1] + luminance[at + width - 1] - twice,
                ];
                for (var d = 0; d < 4; d++) { sum[d] += values[d]; squares[d] += values[d] * values[d]; }
                n++;
            }
        if (n < (to - from) * (to - from) / 10) return 0;
        return (float)Enumerable.Range(0, 4).Min(d => squares[d] / n - sum[d] / n * (sum[d] / n));
    }
}
