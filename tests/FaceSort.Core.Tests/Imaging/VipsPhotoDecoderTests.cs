using FaceSort.Core.Imaging;

namespace FaceSort.Core.Tests.Imaging;

public sealed class VipsPhotoDecoderTests(ImagingFixture fixture) : IClassFixture<ImagingFixture>
{
    private readonly VipsPhotoDecoder _decoder = new();
    private TestImageFactory Images => fixture.Images;

    [Theory]
    [InlineData("jpg")]
    [InlineData("png")]
    [InlineData("webp")]
    [InlineData("tif")]
    [InlineData("gif")]
    [InlineData("avif")]
    [InlineData("bmp")]
    public void Each_format_decodes_to_RGB_at_its_size_with_the_same_picture(string format)
    {
        var path = Images.Format(format);

        _decoder.ReadHeader(path).ShouldBe(new PhotoHeader(640, 480, _decoder.ReadHeader(path).Format));
        var image = _decoder.Decode(path, 1000);

        image.Width.ShouldBe(640);
        image.Height.ShouldBe(480);
        image.Pixels.Length.ShouldBe(640 * 480 * 3);
        // Compared with the lossless PNG: a swapped channel or a wrong row order gives a large difference.
        MeanAbsDifference(image, _decoder.Decode(Images.Format("png"), 1000)).ShouldBeLessThan(format == "gif" ? 12 : 6);
    }

    [Fact]
    public void HEIC_decodes_through_libheif_like_the_JPEG_it_was_made_from()
    {
        // The bundled libvips reads HEIF headers but has no HEVC decoder; the system's libheif (libde265) decodes it.
        var source = Path.Combine(TestPaths.SharedData, "ageitgey-people", "obama", "obama_small.jpg");
        Assert.SkipUnless(File.Exists(source), $"{source} not present");

        var photo = _decoder.Load(ImagingFixture.HeicFixture, 1000);

        photo.Original.ShouldBe(new PhotoHeader(320, 240, "heic"));
        (photo.Image.Width, photo.Image.Height).ShouldBe((320, 240));
        // Made with heif-enc -q 50 from the JPEG: a swapped channel or a wrong row stride gives a large difference.
        MeanAbsDifference(photo.Image, _decoder.Decode(source, 1000)).ShouldBeLessThan(6);
        // Shrunk like any photo.
        var small = _decoder.Decode(ImagingFixture.HeicFixture, 160);
        (small.Width, small.Height).ShouldBe((160, 120));
    }

    [Theory]
    [InlineData(66)]
    [InlineData(95)]
    public void A_truncated_HEIC_is_refused_with_a_reason(int percentKept)
    {
        // Cut short, the file fails in libvips' header read or, with its header whole, in libheif's decode.
        var bytes = File.ReadAllBytes(ImagingFixture.HeicFixture);
        var path = Path.Combine(Path.GetTempPath(), $"facesort-truncated-{Guid.NewGuid():N}.heic");
        File.WriteAllBytes(path, bytes[..(bytes.Length * percentKept / 100)]);
        try
        {
            var e = Should.Throw<PhotoDecodeException>(() => _decoder.Load(path, 1000));
            e.Message.ShouldMatch("^(truncated|corrupt) hei[cf] file");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("obama_small.heic", 66)]
    [InlineData("obama_small.heic", 95)]
    [InlineData("amy1.heic", 50)]
    [InlineData("amy1.heic", 95)]
    public void A_HEIC_cut_short_is_called_truncated_on_one_line(string fixture, int percentKept)
    {
        // With an Exif item (obama_small) libvips' header read fails first ("bad seek to N", N past the end); without
        // one (amy1) libvips reads the header and libheif says "Unexpected end of file: Extent in iloc box references
        // data outside of file bounds ...\n". Users saw "corrupt heif file: /full/path.heic: bad seek to 10822" and
        // "corrupt heic file: Invalid input: ..." over two lines for the same kind of damage.
        var bytes = File.ReadAllBytes(Path.Combine(TestPaths.Fixtures, "imaging", fixture));
        var path = Path.Combine(Path.GetTempPath(), $"facesort-truncated-{Guid.NewGuid():N}.heic");
        File.WriteAllBytes(path, bytes[..(bytes.Length * percentKept / 100)]);
        try
        {
            Should.Throw<PhotoDecodeException>(() => _decoder.Load(path, 1000)).Message.ShouldMatch("^truncated hei[cf] file$");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void EXIF_orientation_gives_the_pixels_a_viewer_shows(int orientation)
    {
        var path = Images.Oriented(orientation);

        var header = _decoder.ReadHeader(path);
        var image = _decoder.Decode(path, 1000);

        (header.Width, header.Height).ShouldBe((TestImageFactory.PatternWidth, TestImageFactory.PatternHeight));
        (image.Width, image.Height).ShouldBe((TestImageFactory.PatternWidth, TestImageFactory.PatternHeight));
        int qx = image.Width / 4, qy = image.Height / 4;
        PixelAt(image, qx, qy).ShouldBe(TestImageFactory.PatternQuadrants[0], tolerance: 24);
        PixelAt(image, 3 * qx, qy).ShouldBe(TestImageFactory.PatternQuadrants[1], tolerance: 24);
        PixelAt(image, qx, 3 * qy).ShouldBe(TestImageFactory.PatternQuadrants[2], tolerance: 24);
        PixelAt(image, 3 * qx, 3 * qy).ShouldBe(TestImageFactory.PatternQuadrants[3], tolerance: 24);
    }

    [Fact]
    public void EXIF_orientation_applies_when_shrinking_too()
    {
        var image = _decoder.Decode(Images.Oriented(6), 48);

        (image.Width, image.Height).ShouldBe((48, 32));
        PixelAt(image, 12, 8).ShouldBe(TestImageFactory.PatternQuadrants[0], tolerance: 24);
        PixelAt(image, 36, 24).ShouldBe(TestImageFactory.PatternQuadrants[3], tolerance: 24);
    }

    [Fact]
    public void A_24_megapixel_JPEG_shrinks_to_the_requested_long_side()
    {
        var path = Images.Photo24Mp();

        _decoder.ReadHeader(path).ShouldBe(new PhotoHeader(6000, 4000, "jpeg"));
        var image = _decoder.Decode(path, 640);

        (image.Width, image.Height).ShouldBe((640, 427));
    }

    [Fact]
    public void A_big_JPEG_comes_with_a_larger_copy_of_the_same_picture_at_its_DCT_shrink()
    {
        var decoded = _decoder.Load(Images.Photo24Mp(), 640, 1280);

        (decoded.Image.Width, decoded.Image.Height).ShouldBe((640, 427));
        decoded.Detail.ShouldNotBeNull();
        // 6000 / 4 = 1500 covers 1280 and 6000 / 8 = 750 does not: the detail is what the DCT shrink gives, not resized.
        (decoded.Detail.Width, decoded.Detail.Height).ShouldBe((1500, 1000));
        // The detection image is the detail made smaller, the same as decoding it directly.
        MeanAbsDifference(decoded.Image, _decoder.Decode(Images.Photo24Mp(), 640)).ShouldBeLessThan(3);
    }

    [Fact]
    public void There_is_no_detail_where_it_would_cost_a_decode_or_add_nothing()
    {
        _decoder.Load(Images.Png2Mp(), 640, 1280).Detail.ShouldBeNull("a PNG has no cheap larger size");
        _decoder.Load(Images.Small250(), 640, 1280).Detail.ShouldBeNull("the detection image is the whole photo");
        _decoder.Load(Images.Photo2Mp(), 640, 0).Detail.ShouldBeNull("no detail asked for");
    }

    [Fact]
    public void The_detail_copy_is_turned_upright_too()
    {
        // Small sizes so that the pattern's JPEG is shrunk for the "detector" and less for the detail.
        var decoded = _decoder.Load(Images.Oriented(6), 12, 24);

        decoded.Detail.ShouldNotBeNull();
        foreach (var image in new[] { decoded.Image, decoded.Detail })
        {
            (image.Width > image.Height).ShouldBeTrue($"{image.Width}x{image.Height}");
            PixelAt(image, image.Width / 4, image.Height / 4).ShouldBe(TestImageFactory.PatternQuadrants[0], tolerance: 24);
            PixelAt(image, 3 * image.Width / 4, 3 * image.Height / 4).ShouldBe(TestImageFactory.PatternQuadrants[3], tolerance: 24);
        }
    }

    [Theory]
    [InlineData(640, 8)] // 6000/8 = 750 still covers 640
    [InlineData(1000, 4)] // 6000/8 = 750 would not; 6000/4 = 1500 does
    [InlineData(6000, 0)] // nothing to shrink
    public void JPEG_is_shrunk_in_the_DCT_by_the_largest_factor_that_still_covers_the_target(int target, int expectedShrink)
    {
        // Read the loader name from a real file, so the decision is tested against what libvips really reports
        // (an earlier version compared against a class name and silently decoded every JPEG in full).
        string loader;
        using (var image = NetVips.Image.NewFromFile(Images.Photo24Mp(), access: NetVips.Enums.Access.Sequential))
            loader = (string)image.Get("vips-loader");

        var options = VipsPhotoDecoder.ShrinkOnLoad(loader, 6000, target);

        if (expectedShrink == 0) options.ShouldBeNull();
        else options.ShouldNotBeNull()["shrink"].ShouldBe(expectedShrink);
    }

    [Theory]
    [InlineData(640)]
    [InlineData(100)]
    [InlineData(1)]
    public void Shrinking_keeps_the_long_side_within_the_limit_and_the_aspect_ratio(int maxLongSide)
    {
        var image = _decoder.Decode(Images.Photo2Mp(), maxLongSide);

        Math.Max(image.Width, image.Height).ShouldBeLessThanOrEqualTo(maxLongSide);
        Math.Max(image.Width, image.Height).ShouldBeGreaterThanOrEqualTo(maxLongSide - 1);
        ((double)image.Width / image.Height).ShouldBe(1600.0 / 1200, tolerance: maxLongSide < 10 ? 1.0 : 0.02);
    }

    [Fact]
    public void A_small_photo_is_never_enlarged()
    {
        var image = _decoder.Decode(Images.Small250(), 640);

        (image.Width, image.Height).ShouldBe((250, 250));
    }

    [Fact]
    public void CMYK_JPEG_becomes_sRGB_with_the_same_picture()
    {
        var image = _decoder.Decode(Images.CmykJpeg(), 1000);

        (image.Width, image.Height).ShouldBe((640, 480));
        MeanAbsDifference(image, _decoder.Decode(Images.Format("png"), 1000)).ShouldBeLessThan(12);
    }

    [Fact]
    public void Sixteen_bit_PNG_becomes_8_bit_with_the_same_picture()
    {
        var image = _decoder.Decode(Images.Png16(), 1000);

        (image.Width, image.Height).ShouldBe((640, 480));
        MeanAbsDifference(image, _decoder.Decode(Images.Format("png"), 1000)).ShouldBeLessThan(2);
    }

    [Fact]
    public void Greyscale_JPEG_becomes_three_equal_channels()
    {
        var image = _decoder.Decode(Images.GreyJpeg(), 1000);

        (image.Width, image.Height).ShouldBe((640, 480));
        var p = PixelAt(image, 320, 240);
        p[1].ShouldBe(p[0]);
        p[2].ShouldBe(p[0]);
    }

    [Fact]
    public void Transparent_areas_of_an_RGBA_PNG_become_white()
    {
        var image = _decoder.Decode(Images.RgbaPng(), 1000);

        (image.Width, image.Height).ShouldBe((640, 480));
        PixelAt(image, 100, 240).ShouldBe([255, 255, 255]);
        PixelAt(image, 500, 240).ShouldBe(PixelAt(_decoder.Decode(Images.Format("png"), 1000), 500, 240), tolerance: 1);
    }

    [Fact]
    public void Transparent_areas_become_white_for_grey_alpha_and_16_bit_RGBA_too()
    {
        var grey = _decoder.Decode(Images.GreyAlphaPng(), 1000);
        var wide = _decoder.Decode(Images.Rgba16Png(), 1000);

        PixelAt(grey, 100, 240).ShouldBe([255, 255, 255]);
        PixelAt(wide, 100, 240).ShouldBe([255, 255, 255]);
        PixelAt(wide, 500, 240).ShouldBe(PixelAt(_decoder.Decode(Images.Format("png"), 1000), 500, 240), tolerance: 1);
    }

    [Fact]
    public void Transparent_areas_of_a_HEIC_with_alpha_become_white_as_in_a_PNG()
    {
        // amy1_alpha.heic: amy1.png with a 24 px transparent border whose hidden colour is black. libheif was asked for
        // RGB only, so the border came out black in scans, previews and face cards where a PNG shows it white.
        var path = Path.Combine(TestPaths.Fixtures, "imaging", "amy1_alpha.heic");
        var png = _decoder.Decode(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "amy", "amy1.png"), 1000);

        var image = _decoder.Decode(path, 1000);
        using var upright = VipsPhotoDecoder.OpenUpright(path);

        (image.Width, image.Height).ShouldBe((150, 150));
        PixelAt(image, 5, 5).ShouldBe([255, 255, 255], tolerance: 3);
        PixelAt(image, 140, 75).ShouldBe([255, 255, 255], tolerance: 3);
        PixelAt(image, 75, 75).ShouldBe(PixelAt(png, 75, 75), tolerance: 12);
        ((double[])upright.Getpoint(5, 5)).ShouldAllBe(v => v >= 252);
    }

    [Fact]
    public void An_animated_GIF_gives_its_first_frame()
    {
        var path = Images.AnimatedGif();

        _decoder.ReadHeader(path).ShouldBe(new PhotoHeader(320, 240, "gif"));
        var image = _decoder.Decode(path, 1000);

        (image.Width, image.Height).ShouldBe((320, 240));
        // Frame 2 is solid red; the first frame is the photo, which is not.
        MeanAbsDifference(image, _decoder.Decode(Images.Format("png"), 320)).ShouldBeLessThan(20);
    }

    [Fact]
    public void Real_RGBA_PNG_from_the_data_set_decodes() =>
        _decoder.Decode(Path.Combine(TestPaths.SharedData, "ageitgey-people", "edge", "32bit.png"), 640).Width.ShouldBeGreaterThan(0);

    private static byte[] PixelAt(RgbImage image, int x, int y) => image.Row(y).Slice(x * 3, 3).ToArray();

    internal static double MeanAbsDifference(RgbImage a, RgbImage b)
    {
        (a.Width, a.Height).ShouldBe((b.Width, b.Height));
        long sum = 0;
        for (var i = 0; i < a.Pixels.Length; i++) sum += Math.Abs(a.Pixels[i] - b.Pixels[i]);
        return (double)sum / a.Pixels.Length;
    }
}

internal static class PixelShouldExtensions
{
    public static void ShouldBe(this byte[] actual, byte[] expected, int tolerance)
    {
        for (var c = 0; c < 3; c++)
            Math.Abs(actual[c] - expected[c]).ShouldBeLessThanOrEqualTo(tolerance, $"channel {c}: got [{string.Join(',', actual)}], want [{string.Join(',', expected)}]");
    }
}
