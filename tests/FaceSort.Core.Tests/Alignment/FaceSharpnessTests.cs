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
    public void A_flat_face_has_none_and_a_one_pixel_checkerboard_has_the_laplacians_full_swing()
    {
        FaceSharpness.Of(Grey((_, _) => 128), Size).ShouldBe(0f);
        // Every pixel differs by 255 from its four neighbours: the Laplacian is ±4·255, its variance (4·255)².
        FaceSharpness.Of(Grey((x, y) => (byte)((x + y) % 2 == 0 ? 0 : 255)), Size).ShouldBe(1020f * 1020f, 1f);
    }

    [Fact]
    public void Only_the_centre_counts_and_luminance_weighs_green_most()
    {
        // Detail in the corners only (black fill from outside a photo ends up there): nothing in the centre.
        FaceSharpness.Of(Grey((x, y) => (byte)(x < 14 && y < 14 && (x + y) % 2 == 0 ? 255 : 0)), Size).ShouldBe(0f);
        var green = new byte[Size * Size * 3];
        var blue = new byte[Size * Size * 3];
        for (int i = 0; i < Size * Size; i++)
        {
            var on = ((i % Size) + (i / Size)) % 2 == 0 ? (byte)255 : (byte)0;
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
    }
}
