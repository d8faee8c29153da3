using FaceSort.Core.Imaging;

namespace FaceSort.Core.Tests.Imaging;

/// <summary>
/// Camera raw files through LibRaw (<see cref="CameraRawDecoder"/>). The fixture is a DNG made from faceapi-bbt's
/// bbt3.jpg (tests/fixtures/raw/README.md): its sensor data an RGGB mosaic of the photo, a full-size JPEG preview of
/// 594 px, and EXIF orientation 6 (turned 90° clockwise), so the photo as a viewer shows it is 382 x 594.
/// </summary>
public sealed class CameraRawTests : IDisposable
{
    private static readonly string Dng = Path.Combine(TestPaths.Fixtures, "raw", "bbt3-turned.dng");
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-raw-").FullName;

    [Fact]
    public void A_raw_file_whose_preview_is_too_small_is_demosaicked_upright()
    {
        // By default a preview must have 1,024 px: this one's 594 px are not enough, so the sensor data is decoded.
        var decoder = new VipsPhotoDecoder();

        var photo = decoder.Load(Dng, 1000);

        photo.Original.ShouldBe(new PhotoHeader(382, 594, "raw"));
        decoder.ReadHeader(Dng).ShouldBe(photo.Original);
        // Demosaicked from one colour per pixel: close to the photo it was made from, not equal (10.7 by dcraw_emu with
        // the same settings); red and blue swapped give 25, the picture upside down 54.
        VipsPhotoDecoderTests.MeanAbsDifference(photo.Image, Upright(decoder)).ShouldBeLessThan(14);
        var small = decoder.Decode(Dng, 297);
        (small.Width, small.Height).ShouldBe((191, 297));
    }

    [Fact]
    public void A_raw_files_preview_is_read_when_large_enough_and_turned_by_the_raw_files_orientation()
    {
        var decoder = new VipsPhotoDecoder(new ImagingOptions { RawPreviewMinLongSide = 500 });

        var photo = decoder.Load(Dng, 1000);

        photo.Original.ShouldBe(new PhotoHeader(382, 594, "raw"));
        decoder.ReadHeader(Dng).ShouldBe(photo.Original);
        // The preview is the photo saved as a JPEG at quality 90, stored as the sensor saw it (sideways).
        VipsPhotoDecoderTests.MeanAbsDifference(photo.Image, Upright(decoder)).ShouldBeLessThan(3);
        var small = decoder.Decode(Dng, 297);
        (small.Width, small.Height).ShouldBe((191, 297));
    }

    [Fact]
    public void The_web_apps_full_size_view_of_a_raw_file_is_the_photo_a_scan_reads()
    {
        using var upright = VipsPhotoDecoder.OpenUpright(Dng);
        (upright.Width, upright.Height).ShouldBe((382, 594));
        using var thumbnail = VipsPhotoDecoder.ThumbnailUpright(Dng, 200);
        (thumbnail.Width, thumbnail.Height).ShouldBe((129, 200));
    }

    [Fact]
    public void A_raw_file_with_non_square_pixels_is_sized_and_limited_as_LibRaw_stretches_it()
    {
        // Found by bench/reference/fuzz_photos.py: a DNG's DefaultScale makes LibRaw stretch the picture up to 9x in
        // dcraw_process, after the pixel limit was checked on the sensor's size. A 16 MB DNG of 4,000 x 4,000 with
        // DefaultScale 1 : 0.11 was demosaicked to 36,364 x 4,000 (2.1 GB peak) before "too large" was said.
        // The fixture: amy1's 150 x 150 with DefaultScale 1 : 0.11, which LibRaw develops as 1,364 x 150.
        var path = Path.Combine(TestPaths.Fixtures, "raw", "amy1-stretched.dng");

        new VipsPhotoDecoder().ReadHeader(path).ShouldBe(new PhotoHeader(1364, 150, "raw"));
        new VipsPhotoDecoder().Load(path, 2000).Original.ShouldBe(new PhotoHeader(1364, 150, "raw"));
        var limited = new VipsPhotoDecoder(new ImagingOptions { MaxPixels = 100_000 });
        Should.Throw<PhotoDecodeException>(() => limited.ReadHeader(path)).Message.ShouldStartWith("too large: 1364x150");
        var before = GC.GetAllocatedBytesForCurrentThread();
        Should.Throw<PhotoDecodeException>(() => limited.Load(path, 640)).Message.ShouldStartWith("too large: 1364x150");
        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBeLessThan(500_000, "refused before the pixels were demosaicked");
    }

    [Theory]
    [InlineData("text.cr2", "not a camera raw file LibRaw can read")]
    [InlineData("empty.nef", "empty file (0 bytes)")]
    [InlineData("half.dng", "truncated raw file")]
    public void A_bad_raw_file_is_refused_with_a_reason(string name, string reason)
    {
        var path = Path.Combine(_work, name);
        var dng = File.ReadAllBytes(Dng);
        File.WriteAllBytes(path, name switch
        {
            "text.cr2" => "not a raw file at all, just some text"u8.ToArray(),
            "empty.nef" => [],
            _ => dng[..(dng.Length / 2)],
        });

        var e = Should.Throw<PhotoDecodeException>(() => new VipsPhotoDecoder().Load(path, 640));

        e.Message.ShouldStartWith(reason);
        e.Message.ShouldNotContain("\n");
    }

    /// <summary>bbt3.jpg as the fixture's sensor holds it (its even rows and columns) and turned as the raw file says.</summary>
    private RgbImage Upright(VipsPhotoDecoder decoder)
    {
        using var source = NetVips.Image.NewFromFile(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", "bbt3.jpg"));
        using var cropped = source.Crop(0, 0, 594, 382);
        using var turned = cropped.Rot90();
        var path = Path.Combine(_work, "reference.png");
        turned.WriteToFile(path);
        return decoder.Decode(path, 1000);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
