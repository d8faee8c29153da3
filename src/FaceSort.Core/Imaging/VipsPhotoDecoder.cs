using System.Globalization;
using NetVips;

namespace FaceSort.Core.Imaging;

/// <summary>
/// libvips decoder: reads headers without pixels, shrinks JPEG/WebP/HEIF while loading, applies EXIF orientation,
/// and converts CMYK, 16-bit, grey and alpha images to 8-bit sRGB. BMP, which the bundled libvips cannot load, goes
/// through <see cref="BmpReader"/>, HEIC (which it has no HEVC decoder for) through <see cref="HeifDecoder"/>. Chosen by
/// measurement (docs/imaging.md).
/// </summary>
public sealed class VipsPhotoDecoder : IPhotoDecoder
{
    private const int SniffBytes = 16;
    private readonly ImagingOptions _options;

    public VipsPhotoDecoder(ImagingOptions? options = null)
    {
        _options = options ?? new ImagingOptions();
        VipsRuntime.EnsureConfigured();
    }

    public PhotoHeader ReadHeader(string path)
    {
        var head = CheckFile(path);
        if (CameraRawDecoder.IsRawFile(path)) return RawHeader(path);
        if (BmpReader.HasSignature(head))
        {
            var (width, height) = BmpReader.ReadSize(File.ReadAllBytes(path));
            return CheckSize(new PhotoHeader(width, height, "bmp"));
        }
        using var image = Open(path);
        return HeaderOf(image);
    }

    public RgbImage Decode(string path, int maxLongSide) => Load(path, maxLongSide).Image;

    public DecodedPhoto Load(string path, int maxLongSide) => Load(path, maxLongSide, detailLongSide: 0);

    /// <summary>
    /// A JPEG larger than <paramref name="maxLongSide"/> is decoded once, shrunk in the DCT by the largest factor that
    /// keeps at least <paramref name="detailLongSide"/>, held in memory as the detail, and resized from there for the
    /// detector. Decoding a JPEG is mostly reading its entropy-coded data, whatever the shrink (12-megapixel photos:
    /// 38 ms at 1/4, 46 ms at 1/2), so the detail costs a few milliseconds, where a second decode for small faces cost
    /// 45–120 ms (docs/pipeline.md, "Camera-sized photos"). Other formats, and JPEGs the detail would not enlarge, are
    /// decoded as <see cref="Load(string, int)"/> does, with no detail.
    /// </summary>
    public DecodedPhoto Load(string path, int maxLongSide, int detailLongSide)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLongSide);
        var head = CheckFile(path);
        if (CameraRawDecoder.IsRawFile(path)) return DecodeRaw(path, maxLongSide, detailLongSide);
        if (BmpReader.HasSignature(head)) return DecodeBmp(path, maxLongSide);

        using var probe = Open(path);
        var header = HeaderOf(probe);
        if (header.Format == "heic") return DecodeHeic(path, maxLongSide, detailLongSide, header.TakenAt);
        var loader = probe.Contains("vips-loader") ? (string)probe.Get("vips-loader") : "";
        var orientation = OrientationOf(probe);
        try
        {
            return LoadShrunk(probe, header, loader, maxLongSide, detailLongSide, image => Upright(image, orientation),
                shrink => Image.NewFromFile(path, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error, kwargs: shrink));
        }
        catch (VipsException e)
        {
            throw new PhotoDecodeException(VipsFailureReason.Describe(e, header.Format, path), e);
        }
    }

    /// <summary>
    /// Decodes an opened image shrunk to <paramref name="maxLongSide"/>, and with a detail where a JPEG's shrink can
    /// keep one for little more. <paramref name="reopen"/> opens the same file again with shrink-on-load options;
    /// <paramref name="upright"/> turns a decoded image as a viewer shows it.
    /// </summary>
    private static DecodedPhoto LoadShrunk(Image probe, PhotoHeader header, string loader, int maxLongSide, int detailLongSide,
        Func<Image, Image> upright, Func<VOption, Image> reopen)
    {
        var longSide = Math.Max(probe.Width, probe.Height);
        var target = Math.Min(maxLongSide, longSide);
        // Shrink while loading where the format can (JPEG by 2/4/8 in the DCT, WebP to any scale), then resize the
        // rest. Against Image.Thumbnail this measured about the same CPU time and ~4x less peak memory for a
        // 24 MP JPEG to 640 px (docs/imaging.md, table 2). Without a shrink, the image already opened for its
        // header is decoded: one pass over the file (3.0 against 8.9 ms per LFW photo).
        var shrink = ShrinkOnLoad(loader, longSide, target);
        if (detailLongSide > target && loader.StartsWith("jpegload", StringComparison.Ordinal))
        {
            var detailShrink = ShrinkOnLoad(loader, longSide, Math.Min(longSide, detailLongSide));
            if (Factor(detailShrink) < Factor(shrink)) return LoadWithDetail(probe, header, detailShrink, target, upright, reopen);
        }
        using var loaded = shrink is null ? probe.Copy() : reopen(shrink);
        using var opaque = Flattened(loaded);
        using var resized = ResizeTo(opaque, target);
        using var turned = upright(resized);
        return new DecodedPhoto(header, ToRgbImage(turned));
    }

    /// <summary>
    /// One decode at the detail's shrink, held in memory, giving both the detail and the detection image resized from
    /// it. Orientation is applied to each at the end, as <see cref="Load(string, int)"/> does. Without a shrink the
    /// image already opened for its header (<paramref name="probe"/>) is decoded, as there.
    /// </summary>
    private static DecodedPhoto LoadWithDetail(Image probe, PhotoHeader header, VOption? shrink, int target,
        Func<Image, Image> upright, Func<VOption, Image> reopen)
    {
        using var loaded = shrink is null ? probe.Copy() : reopen(shrink);
        using var opaque = Flattened(loaded);
        using var inMemory = opaque.CopyMemory();
        using var resized = ResizeTo(inMemory, target);
        using var turned = upright(resized);
        using var detailTurned = upright(inMemory);
        return new DecodedPhoto(header, ToRgbImage(turned), ToRgbImage(detailTurned));
    }

    private static int Factor(VOption? shrink) => shrink is null ? 1 : (int)shrink["shrink"];

    /// <summary>
    /// Loader options that decode at a reduced size no smaller than <paramref name="target"/>.
    /// <paramref name="loader"/> is the image's "vips-loader" field (an operation nickname such as "jpegload").
    /// </summary>
    internal static VOption? ShrinkOnLoad(string loader, int longSide, int target)
    {
        if (target >= longSide) return null;
        if (loader.StartsWith("jpegload", StringComparison.Ordinal))
        {
            var shrink = 8;
            while (shrink > 1 && longSide / shrink < target) shrink /= 2;
            return shrink > 1 ? new VOption { { "shrink", shrink } } : null;
        }
        if (loader.StartsWith("webpload", StringComparison.Ordinal))
            return new VOption { { "scale", (double)target / longSide } };
        return null;
    }

    /// <summary>
    /// Lays transparent areas over white, as a viewer shows them over a page. Done before resizing so that the colour
    /// of fully transparent pixels cannot bleed into the edges.
    /// </summary>
    private static Image Flattened(Image image)
    {
        if (!image.HasAlpha()) return image.Copy();
        // One value is used for every band, so grey+alpha and RGB+alpha both work; white is the format's maximum.
        var white = image.Format switch
        {
            Enums.BandFormat.Ushort => 65535.0,
            Enums.BandFormat.Float or Enums.BandFormat.Double => 1.0,
            _ => 255.0,
        };
        return image.Flatten(background: [white]);
    }

    private static Image ResizeTo(Image image, int target)
    {
        var longSide = Math.Max(image.Width, image.Height);
        return longSide <= target ? image.Copy() : image.Resize((double)target / longSide);
    }

    /// <summary>Applies EXIF orientation. Turning needs random access, so the (already small) image is held in memory first.</summary>
    private static Image Upright(Image image, int orientation)
    {
        if (orientation is <= 1 or > 8) return image.Copy();
        using var inMemory = image.CopyMemory();
        return inMemory.Autorot();
    }

    private DecodedPhoto DecodeBmp(string path, int maxLongSide)
    {
        var bytes = File.ReadAllBytes(path);
        var size = BmpReader.ReadSize(bytes);
        var header = CheckSize(new PhotoHeader(size.Width, size.Height, "bmp"));
        var (width, height, rgb) = BmpReader.Decode(bytes);
        var pixels = new RgbImage(width, height, rgb);
        if (Math.Max(width, height) <= maxLongSide) return new DecodedPhoto(header, pixels);
        using var full = Wrap(pixels);
        using var thumb = full.ThumbnailImage(maxLongSide, height: maxLongSide, size: Enums.Size.Down);
        return new DecodedPhoto(header, ToRgbImage(thumb));
    }

    /// <summary>
    /// HEIC through libheif (<see cref="HeifDecoder"/>): decoded at full size, as HEVC has no shrink-on-load, then
    /// resized like any photo. When a detail is asked for, it is the full-size pixels already at hand: a second decode
    /// for small faces would cost another full HEVC decode (about 0.7 s of CPU for 12 megapixels here).
    /// </summary>
    private DecodedPhoto DecodeHeic(string path, int maxLongSide, int detailLongSide, string? takenAt)
    {
        // libheif's pixels are used as they are, never copied: 48 megapixels are 144 MB.
        var full = HeicPixels(path);
        return Shrunk(full, CheckSize(new PhotoHeader(full.Width, full.Height, "heic", takenAt)), maxLongSide, detailLongSide);
    }

    /// <summary>
    /// A camera raw file (<see cref="CameraRawDecoder"/>) through its embedded JPEG preview where that is large enough
    /// (<see cref="ImagingOptions.RawPreviewMinLongSide"/>): decoded like a JPEG, shrunk while loading, turned by the
    /// raw file's orientation (a preview is stored as the sensor saw it). Otherwise the sensor data is demosaicked at
    /// full size, which also serves as the detail.
    /// </summary>
    private DecodedPhoto DecodeRaw(string path, int maxLongSide, int detailLongSide)
    {
        if (RawPreview(path) is { } preview)
        {
            using var probe = preview.Image;
            try
            {
                return LoadShrunk(probe, preview.Header, "jpegload_buffer", maxLongSide, detailLongSide, image => Turned(image, preview.Orientation),
                    shrink => Image.NewFromBuffer(preview.Jpeg, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error, kwargs: shrink));
            }
            catch (VipsException e)
            {
                throw new PhotoDecodeException(VipsFailureReason.Describe(e, "jpeg", path), e);
            }
        }
        CheckSize(SensorHeader(path));
        var full = CameraRawDecoder.Demosaic(path);
        return Shrunk(full, CheckSize(new PhotoHeader(full.Width, full.Height, "raw")), maxLongSide, detailLongSide);
    }

    /// <summary>A raw file's size as <see cref="DecodeRaw"/> decodes it: its preview's, or the sensor's.</summary>
    private PhotoHeader RawHeader(string path)
    {
        if (RawPreview(path) is not { } preview) return CheckSize(SensorHeader(path));
        using (preview.Image) return preview.Header;
    }

    private static PhotoHeader SensorHeader(string path)
    {
        var (width, height) = CameraRawDecoder.SensorSize(path);
        return new PhotoHeader(width, height, "raw");
    }

    /// <summary>The raw file's JPEG preview opened for its header, when it is large enough to be the photo.</summary>
    private RawPreviewImage? RawPreview(string path)
    {
        if (CameraRawDecoder.ReadPreview(path, _options.RawPreviewMinLongSide) is not var (jpeg, orientation)) return null;
        Image image;
        try
        {
            image = Image.NewFromBuffer(jpeg, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error);
        }
        catch (VipsException)
        {
            return null; // a preview libvips cannot read: the sensor data is still there
        }
        var swapped = orientation is 6 or 8;
        var header = new PhotoHeader(swapped ? image.Height : image.Width, swapped ? image.Width : image.Height, "raw");
        if (Math.Max(image.Width, image.Height) >= _options.RawPreviewMinLongSide && header.Width * (long)header.Height <= _options.MaxPixels)
            return new RawPreviewImage(jpeg, orientation, image, header);
        image.Dispose();
        return null;
    }

    private sealed record RawPreviewImage(byte[] Jpeg, int Orientation, Image Image, PhotoHeader Header);

    /// <summary>
    /// Turns by an EXIF orientation of 3, 6 or 8 (a raw file's, <see cref="CameraRawDecoder.ReadPreview"/>) where the
    /// image carries no orientation of its own for <see cref="Upright"/> to apply.
    /// </summary>
    private static Image Turned(Image image, int orientation)
    {
        if (orientation is not (3 or 6 or 8)) return image.Copy();
        using var inMemory = image.CopyMemory();
        return inMemory.Rot(orientation switch { 3 => Enums.Angle.D180, 8 => Enums.Angle.D270, _ => Enums.Angle.D90 });
    }

    /// <summary>Full-size decoded pixels shrunk to <paramref name="maxLongSide"/>; the full size kept as the detail when one is asked for.</summary>
    private static DecodedPhoto Shrunk(RgbImage full, PhotoHeader header, int maxLongSide, int detailLongSide)
    {
        var longSide = Math.Max(full.Width, full.Height);
        var target = Math.Min(maxLongSide, longSide);
        if (target >= longSide) return new DecodedPhoto(header, full);
        using var wrapped = Wrap(full);
        using var resized = ResizeTo(wrapped, target);
        return new DecodedPhoto(header, ToRgbImage(resized), detailLongSide > target ? full : null);
    }

    /// <summary>A HEIC photo's pixels, upright; transparent areas laid over white, as a PNG's are.</summary>
    private static RgbImage HeicPixels(string path)
    {
        if (!HeifDecoder.IsAvailable) throw new PhotoDecodeException(HeifDecoder.MissingReason);
        var (width, height, bands, pixels) = HeifDecoder.Decode(path);
        if (bands == 3) return new RgbImage(width, height, pixels);
        using var memory = Image.NewFromMemory(pixels, width, height, bands, Enums.BandFormat.Uchar);
        using var rgba = memory.Copy(interpretation: Enums.Interpretation.Srgb);
        return ToRgbImage(rgba);
    }

    /// <summary>Decoded pixels as an sRGB libvips image over the same memory (libvips keeps it pinned while it needs it).</summary>
    internal static Image Wrap(RgbImage image)
    {
        using var memory = Image.NewFromMemory(image.Pixels, image.Width, image.Height, 3, Enums.BandFormat.Uchar);
        return memory.Copy(interpretation: Enums.Interpretation.Srgb);
    }

    /// <summary>
    /// The photo as a viewer shows it (EXIF orientation applied), full size, with random access: what face thumbnails
    /// are cut from. BMP and HEIC, which the bundled libvips cannot decode, come through their own decoders.
    /// </summary>
    public static Image OpenUpright(string path)
    {
        VipsRuntime.EnsureConfigured();
        if (OwnDecoder(path) is { } own) return own;
        using var loaded = Image.NewFromFile(path, access: Enums.Access.Random);
        return loaded.Autorot();
    }

    /// <summary>The photo as a viewer shows it, shrunk to fit <paramref name="size"/> × <paramref name="size"/> (never enlarged).</summary>
    public static Image ThumbnailUpright(string path, int size)
    {
        VipsRuntime.EnsureConfigured();
        if (OwnDecoder(path) is not { } own) return Image.Thumbnail(path, size, height: size, size: Enums.Size.Down);
        using (own) return own.ThumbnailImage(size, height: size, size: Enums.Size.Down);
    }

    /// <summary>BMP or HEIC pixels as an sRGB image, or null for a photo libvips decodes itself.</summary>
    private static Image? OwnDecoder(string path)
    {
        var head = CheckFile(path);
        if (CameraRawDecoder.IsRawFile(path)) return RawUpright(path);
        if (BmpReader.HasSignature(head))
        {
            var (width, height, rgb) = BmpReader.Decode(File.ReadAllBytes(path));
            return Wrap(new RgbImage(width, height, rgb));
        }
        using (var header = Image.NewFromFile(path, access: Enums.Access.Sequential))
            if (HeaderOf(header).Format != "heic") return null;
        return Wrap(HeicPixels(path));
    }

    /// <summary>A raw file at the size a scan reads it (its preview, or the demosaicked sensor data), upright.</summary>
    private static Image RawUpright(string path)
    {
        var decoder = new VipsPhotoDecoder();
        var photo = decoder.Load(path, int.MaxValue);
        return Wrap(photo.Image);
    }

    /// <summary>Checks the file is there, readable and not empty; returns its first bytes for format sniffing.</summary>
    private static byte[] CheckFile(string path)
    {
        try
        {
            if (Directory.Exists(path)) throw new PhotoDecodeException("is a folder, not a file");
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                // Linux names may hold any bytes; .NET decodes invalid UTF-8 to U+FFFD and can then not find the file.
                throw new PhotoDecodeException(path.Contains('\uFFFD', StringComparison.Ordinal)
                    ? "file name is not valid UTF-8, which .NET cannot open; rename the file"
                    : "file not found");
            }
            if (info.Length == 0) throw new PhotoDecodeException("empty file (0 bytes)");
            using var stream = File.OpenRead(path);
            var head = new byte[Math.Min(SniffBytes, info.Length)];
            stream.ReadExactly(head);
            return head;
        }
        catch (UnauthorizedAccessException) { throw new PhotoDecodeException("permission denied"); }
        catch (IOException e) { throw new PhotoDecodeException($"cannot read file: {e.Message}"); }
    }

    private Image Open(string path)
    {
        var loader = VipsRuntime.FindLoad(path);
        if (loader is null) throw new PhotoDecodeException("not an image (unknown or unsupported format)");
        Image image;
        try
        {
            // Sequential access reads only the header here; pixels are decoded later by thumbnail, after the checks.
            image = Image.NewFromFile(path, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error);
        }
        catch (VipsException e)
        {
            throw new PhotoDecodeException(VipsFailureReason.Describe(e, FormatOf(loader, null), path), e);
        }
        try
        {
            CheckSize(HeaderOf(image));
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    private PhotoHeader CheckSize(PhotoHeader header)
    {
        if (header.Width <= 0 || header.Height <= 0)
            throw new PhotoDecodeException($"image has a zero dimension ({header.Width}x{header.Height})");
        var pixels = (long)header.Width * header.Height;
        if (pixels > _options.MaxPixels)
        {
            throw new PhotoDecodeException(string.Create(CultureInfo.InvariantCulture,
                $"too large: {header.Width}x{header.Height} is {pixels / 1e6:0.#} megapixels, over the {_options.MaxPixels / 1e6:0.#} MP limit"));
        }
        return header;
    }

    private static int OrientationOf(Image image) =>
        image.Contains("orientation") ? Convert.ToInt32(image.Get("orientation"), CultureInfo.InvariantCulture) : 1;

    private static PhotoHeader HeaderOf(Image image)
    {
        var orientation = OrientationOf(image);
        var swapped = orientation is >= 5 and <= 8;
        var loader = image.Contains("vips-loader") ? (string)image.Get("vips-loader") : "unknown";
        var heifCompression = image.Contains("heif-compression") ? (string)image.Get("heif-compression") : null;
        return new PhotoHeader(swapped ? image.Height : image.Width, swapped ? image.Width : image.Height, FormatOf(loader, heifCompression),
            TakenAt(image));
    }

    /// <summary>
    /// EXIF's DateTimeOriginal with SubSecTimeOriginal after a point where there is one (<c>2019:06:12 10:00:00.25</c>);
    /// null without one. libvips gives each field as its value and a description in brackets.
    /// </summary>
    private static string? TakenAt(Image image)
    {
        static string? Field(Image image, string name)
        {
            if (!image.Contains(name) || image.Get(name) is not string text) return null;
            var value = (text.IndexOf(" (", StringComparison.Ordinal) is var cut and >= 0 ? text[..cut] : text).Trim();
            return value.Length == 0 ? null : value;
        }
        if (Field(image, "exif-ifd2-DateTimeOriginal") is not { Length: 19 } taken || taken.StartsWith("0000", StringComparison.Ordinal)) return null;
        return Field(image, "exif-ifd2-SubSecTimeOriginal") is { } fraction && fraction.All(char.IsAsciiDigit) ? taken + "." + fraction : taken;
    }

    private static string FormatOf(string loader, string? heifCompression)
    {
        var name = loader.Replace("VipsForeignLoad", "", StringComparison.Ordinal).ToLowerInvariant();
        foreach (var suffix in new[] { "load_source", "load_buffer", "file", "load", "source", "buffer" })
            if (name.EndsWith(suffix, StringComparison.Ordinal)) name = name[..^suffix.Length];
        return name switch
        {
            "jpeg" => "jpeg",
            "png" or "spng" => "png",
            // Image.FindLoad names the class (VipsForeignLoadNsgifFile), a loaded image its nickname (gifload).
            "nsgif" => "gif",
            // One loader reads both; the codec inside is what decides whether this build can decode it.
            "heif" => heifCompression switch { "av1" => "avif", "hevc" => "heic", _ => "heif" },
            _ => name,
        };
    }

    private static RgbImage ToRgbImage(Image image)
    {
        using var rgb = ToSrgb8(image);
        var pixels = rgb.WriteToMemory<byte>();
        return new RgbImage(rgb.Width, rgb.Height, pixels);
    }

    private static Image ToSrgb8(Image image)
    {
        var owned = new List<Image>();
        try
        {
            var current = image;
            if (current.HasAlpha()) current = Track(Flattened(current), owned);
            if (current.Interpretation != Enums.Interpretation.Srgb || current.Format != Enums.BandFormat.Uchar)
                current = Track(current.Colourspace(Enums.Interpretation.Srgb), owned);
            if (current.Format != Enums.BandFormat.Uchar)
                current = Track(current.Cast(Enums.BandFormat.Uchar), owned);
            if (current.Bands == 1)
                current = Track(current.Bandjoin(current, current), owned);
            else if (current.Bands > 3)
                current = Track(current.ExtractBand(0, 3), owned);
            return current.Copy();
        }
        finally
        {
            foreach (var item in owned) item.Dispose();
        }
    }

    private static Image Track(Image image, List<Image> owned)
    {
        owned.Add(image);
        return image;
    }
}
