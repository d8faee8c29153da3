using NetVips;

namespace FaceSort.Core.Imaging;

/// <summary>
/// libvips decoder: reads headers without pixels, shrinks JPEG/WebP/HEIF while loading, applies EXIF orientation,
/// and converts CMYK, 16-bit, grey and alpha images to 8-bit sRGB. Chosen by measurement (docs/imaging.md).
/// </summary>
public sealed class VipsPhotoDecoder : IPhotoDecoder
{
    private readonly ImagingOptions _options;

    public VipsPhotoDecoder(ImagingOptions? options = null)
    {
        _options = options ?? new ImagingOptions();
        // Photos are decoded once each; libvips' operation cache would only hold memory. Parallelism comes from
        // decoding several photos at once, not from threads inside one decode.
        Cache.Max = 0;
        Cache.MaxFiles = 0;
        NetVips.NetVips.Concurrency = 1;
    }

    public PhotoHeader ReadHeader(string path)
    {
        using var image = Open(path);
        return HeaderOf(image);
    }

    public RgbImage Decode(string path, int maxLongSide) => Load(path, maxLongSide).Image;

    public DecodedPhoto Load(string path, int maxLongSide)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLongSide);
        using var opened = Open(path);
        var header = HeaderOf(opened);
        try
        {
            RgbImage pixels;
            if (Math.Max(header.Width, header.Height) <= maxLongSide)
            {
                // Already small enough: decode the image we opened, no second pass over the file.
                using var upright = opened.Autorot();
                pixels = ToRgbImage(upright);
            }
            else
            {
                // thumbnail picks the JPEG/WebP/HEIF shrink-on-load factor itself and rotates by EXIF orientation.
                using var thumb = Image.Thumbnail(path, maxLongSide, height: maxLongSide, size: Enums.Size.Down, failOn: Enums.FailOn.Error);
                pixels = ToRgbImage(thumb);
            }
            return new DecodedPhoto(header, pixels);
        }
        catch (VipsException e)
        {
            throw new PhotoDecodeException(Describe(e, header.Format, path), e);
        }
    }

    private static RgbImage ToRgbImage(Image image)
    {
        using var rgb = ToSrgb8(image);
        return new RgbImage(rgb.Width, rgb.Height, rgb.WriteToMemory<byte>());
    }

    private Image Open(string path)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists) throw new PhotoDecodeException("file not found");
            if (info.Length == 0) throw new PhotoDecodeException("empty file (0 bytes)");
        }
        catch (UnauthorizedAccessException) { throw new PhotoDecodeException("permission denied"); }
        catch (IOException e) { throw new PhotoDecodeException($"cannot read file: {e.Message}"); }

        Image image;
        try
        {
            image = Image.NewFromFile(path, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error);
        }
        catch (VipsException e)
        {
            throw new PhotoDecodeException(OpenFailure(path, e), e);
        }
        var header = HeaderOf(image);
        if (header.Width <= 0 || header.Height <= 0)
        {
            image.Dispose();
            throw new PhotoDecodeException($"image has a zero dimension ({header.Width}x{header.Height})");
        }
        if ((long)header.Width * header.Height > _options.MaxPixels)
        {
            image.Dispose();
            throw new PhotoDecodeException(
                $"too large: {header.Width}x{header.Height} is {(long)header.Width * header.Height / 1e6:0.#} megapixels, over the {_options.MaxPixels / 1e6:0.#} MP limit");
        }
        return image;
    }

    /// <summary>Why a file could not even be opened: unreadable, not an image, or a damaged header.</summary>
    private static string OpenFailure(string path, VipsException e)
    {
        try
        {
            using var _ = File.OpenRead(path);
        }
        catch (UnauthorizedAccessException) { return "permission denied"; }
        catch (IOException io) { return $"cannot read file: {io.Message}"; }
        var loader = Image.FindLoad(path);
        return loader is null ? "not an image (unknown or unsupported format)" : Describe(e, FormatOf(loader), path);
    }

    private static PhotoHeader HeaderOf(Image image)
    {
        var orientation = image.Contains("orientation") ? Convert.ToInt32(image.Get("orientation"), System.Globalization.CultureInfo.InvariantCulture) : 1;
        var swapped = orientation is >= 5 and <= 8;
        var loader = image.Contains("vips-loader") ? (string)image.Get("vips-loader") : "unknown";
        return new PhotoHeader(swapped ? image.Height : image.Width, swapped ? image.Width : image.Height, FormatOf(loader));
    }

    private static string FormatOf(string loader)
    {
        var name = loader.Replace("VipsForeignLoad", "", StringComparison.Ordinal).ToLowerInvariant();
        foreach (var suffix in new[] { "load_source", "load_buffer", "file", "load", "source", "buffer" })
            if (name.EndsWith(suffix, StringComparison.Ordinal)) name = name[..^suffix.Length];
        return name switch
        {
            "jpeg" => "jpeg",
            "png" or "spng" => "png",
            "heif" => "heif",
            _ => name,
        };
    }

    private static Image ToSrgb8(Image image)
    {
        var current = image;
        var owned = new List<Image>();
        try
        {
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
            var result = current.Copy();
            return result;
        }
        finally
        {
            foreach (var image1 in owned) image1.Dispose();
        }
    }

    private static Image Track(Image image, List<Image> owned)
    {
        owned.Add(image);
        return image;
    }

    private static string Describe(VipsException e, string format, string path)
    {
        // libvips keeps one error buffer for all threads, so with parallel decodes the message may belong to another
        // file; the file's own bytes decide whether it is cut short.
        if (LacksEndMarker(path, format)) return $"truncated {format} file (its end is missing)";
        var message = e.Message;
        if (message.Contains("truncated", StringComparison.OrdinalIgnoreCase) || message.Contains("premature end", StringComparison.OrdinalIgnoreCase))
            return $"truncated {format} file";
        if (message.Contains("not a known file format", StringComparison.OrdinalIgnoreCase) || message.Contains("is not a known", StringComparison.OrdinalIgnoreCase))
            return "not an image (unknown or unsupported format)";
        if (message.Contains("No decoding plugin", StringComparison.OrdinalIgnoreCase) || message.Contains("unsupported", StringComparison.OrdinalIgnoreCase))
            return $"{format} variant not supported by this build: {FirstLine(message)}";
        return $"corrupt {format} file: {FirstLine(message)}";
    }

    private static bool LacksEndMarker(string path, string format)
    {
        try
        {
            using var stream = File.OpenRead(path);
            if (stream.Length < 16) return true;
            Span<byte> tail = stackalloc byte[12];
            stream.Seek(-tail.Length, SeekOrigin.End);
            stream.ReadExactly(tail);
            return format switch
            {
                // JPEG ends with EOI (FF D9); PNG with an IEND chunk (its type, then a 4-byte CRC).
                "jpeg" => tail.IndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]) < 0,
                "png" => tail.IndexOf("IEND"u8) < 0,
                _ => false,
            };
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => !l.StartsWith("unable to call", StringComparison.Ordinal)) ?? message;
        return line.Length > 160 ? line[..160] : line;
    }
}
