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
}
