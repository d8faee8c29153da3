using System.Globalization;
using NetVips;

namespace FaceSort.Core.Imaging;

/// <summary>
/// libvips decoder: reads headers without pixels, shrinks JPEG/WebP/HEIF while loading, applies EXIF orientation,
/// and converts CMYK, 16-bit, grey and alpha images to 8-bit sRGB. BMP, which the bundled libvips cannot load, goes
/// through <see cref="BmpReader"/>. Chosen by measurement (docs/imaging.md).
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
        if (BmpReader.HasSignature(CheckFile(path)))
        {
            var (width, height) = BmpReader.ReadSize(File.ReadAllBytes(path));
            return CheckSize(new PhotoHeader(width, height, "bmp"));
        }
        using var image = Open(path);
        return HeaderOf(image);
    }

    public RgbImage Decode(string path, int maxLongSide) => Load(path, maxLongSide).Image;

    public DecodedPhoto Load(string path, int maxLongSide)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLongSide);
        if (BmpReader.HasSignature(CheckFile(path))) return DecodeBmp(path, maxLongSide);

        using var opened = Open(path);
        var header = HeaderOf(opened);
        try
        {
            if (Math.Max(header.Width, header.Height) <= maxLongSide)
            {
                // Already small enough: decode the image just opened, no second pass over the file.
                using var upright = opened.Autorot();
                return new DecodedPhoto(header, ToRgbImage(upright));
            }
            // thumbnail picks the JPEG/WebP/HEIF shrink-on-load factor itself and rotates by EXIF orientation.
            using var thumb = Image.Thumbnail(path, maxLongSide, height: maxLongSide, size: Enums.Size.Down, failOn: Enums.FailOn.Error);
            return new DecodedPhoto(header, ToRgbImage(thumb));
        }
        catch (VipsException e)
        {
            throw new PhotoDecodeException(VipsFailureReason.Describe(e, header.Format, path), e);
        }
    }

    private DecodedPhoto DecodeBmp(string path, int maxLongSide)
    {
        var bytes = File.ReadAllBytes(path);
        var size = BmpReader.ReadSize(bytes);
        var header = CheckSize(new PhotoHeader(size.Width, size.Height, "bmp"));
        var (width, height, rgb) = BmpReader.Decode(bytes);
        if (Math.Max(width, height) <= maxLongSide) return new DecodedPhoto(header, new RgbImage(width, height, rgb));
        using var memory = Image.NewFromMemory(rgb, width, height, 3, Enums.BandFormat.Uchar);
        using var full = memory.Copy(interpretation: Enums.Interpretation.Srgb);
        using var thumb = full.ThumbnailImage(maxLongSide, height: maxLongSide, size: Enums.Size.Down);
        return new DecodedPhoto(header, ToRgbImage(thumb));
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
        var loader = Image.FindLoad(path);
        if (loader is null) throw new PhotoDecodeException("not an image (unknown or unsupported format)");
        Image image;
        try
        {
            // Sequential access reads only the header here; pixels are decoded later, after the checks.
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

    private static PhotoHeader HeaderOf(Image image)
    {
        var orientation = image.Contains("orientation") ? Convert.ToInt32(image.Get("orientation"), CultureInfo.InvariantCulture) : 1;
        var swapped = orientation is >= 5 and <= 8;
        var loader = image.Contains("vips-loader") ? (string)image.Get("vips-loader") : "unknown";
        var heifCompression = image.Contains("heif-compression") ? (string)image.Get("heif-compression") : null;
        return new PhotoHeader(swapped ? image.Height : image.Width, swapped ? image.Width : image.Height, FormatOf(loader, heifCompression));
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
            if (current.HasAlpha())
            {
                // Transparent areas become white, as a viewer would show them over a page.
                current = Track(current.Flatten(background: [255.0, 255.0, 255.0]), owned);
            }
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
