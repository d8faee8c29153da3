using System.Buffers.Binary;

namespace FaceSort.Core.Imaging;

/// <summary>
/// Reads Windows BMP files, which libvips cannot load without ImageMagick (absent from NetVips.Native): uncompressed
/// 1/4/8-bit palette, 24-bit and 32-bit (BI_RGB or BI_BITFIELDS with byte-aligned masks), bottom-up or top-down.
/// BMP has no shrink-on-load, so the whole image is read; BMPs are rare in photo collections and the pixel limit holds.
/// </summary>
internal static class BmpReader
{
    private const int FileHeaderSize = 14;

    public static bool HasSignature(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 'B' && head[1] == 'M';

    /// <summary>Width and height from the header; throws <see cref="PhotoDecodeException"/> if it is not a BMP we read.</summary>
    public static (int Width, int Height) ReadSize(ReadOnlySpan<byte> file)
    {
        var info = Parse(file);
        return (info.Width, info.Height);
    }

    /// <summary>Decodes to interleaved 8-bit RGB, top row first.</summary>
    public static (int Width, int Height, byte[] Rgb) Decode(ReadOnlySpan<byte> file)
    {
        var info = Parse(file);
        int w = info.Width, h = info.Height;
        // In 64 bits: within the pixel limit a row of 70 megapixels at 32 bits passes int.MaxValue bits, and the
        // negative stride slipped past this check into a 300 MB allocation and a slice out of range.
        var rowBytes = ((long)w * info.BitsPerPixel + 31) / 32 * 4;
        if (info.PixelOffset < 0 || info.PixelOffset + rowBytes * h > file.Length)
            throw new PhotoDecodeException("truncated bmp file");
        var stride = (int)rowBytes; // at most the file's length now
        var rgb = new byte[(long)w * h * 3];
        for (var y = 0; y < h; y++)
        {
            var sourceRow = info.TopDown ? y : h - 1 - y;
            var row = file.Slice(info.PixelOffset + sourceRow * stride, stride);
            var target = rgb.AsSpan(y * w * 3, w * 3);
            if (info.BitsPerPixel <= 8) ReadIndexedRow(row, target, w, info);
            else ReadDirectRow(row, target, w, info);
        }
        return (w, h, rgb);
    }

    private static void ReadIndexedRow(ReadOnlySpan<byte> row, Span<byte> target, int width, BmpInfo info)
    {
        var bits = info.BitsPerPixel;
        var perByte = 8 / bits;
        var mask = (1 << bits) - 1;
        for (var x = 0; x < width; x++)
        {
            var shift = 8 - bits * (x % perByte + 1);
            var index = (row[x / perByte] >> shift) & mask;
            var entry = index * 4;
            if (entry + 2 >= info.Palette.Length) throw new PhotoDecodeException("corrupt bmp file: palette index out of range");
            target[x * 3] = info.Palette[entry + 2];
            target[x * 3 + 1] = info.Palette[entry + 1];
            target[x * 3 + 2] = info.Palette[entry];
        }
    }

    private static void ReadDirectRow(ReadOnlySpan<byte> row, Span<byte> target, int width, BmpInfo info)
    {
        var bytesPerPixel = info.BitsPerPixel / 8;
        for (var x = 0; x < width; x++)
        {
            var p = row.Slice(x * bytesPerPixel, bytesPerPixel);
            target[x * 3] = p[info.RedByte];
            target[x * 3 + 1] = p[info.GreenByte];
            target[x * 3 + 2] = p[info.BlueByte];
        }
    }

    private static BmpInfo Parse(ReadOnlySpan<byte> file)
    {
        if (file.Length < FileHeaderSize + 16 || !HasSignature(file)) throw new PhotoDecodeException("truncated bmp file");
        var pixelOffset = BinaryPrimitives.ReadInt32LittleEndian(file[10..]);
        var dib = file[FileHeaderSize..];
        var headerSize = BinaryPrimitives.ReadInt32LittleEndian(dib);
        if (headerSize < 40 || dib.Length < headerSize)
            throw new PhotoDecodeException(headerSize == 12 ? "bmp variant not supported: OS/2 1.x header" : "truncated bmp file");
        var width = BinaryPrimitives.ReadInt32LittleEndian(dib[4..]);
        var height = BinaryPrimitives.ReadInt32LittleEndian(dib[8..]);
        var bits = BinaryPrimitives.ReadInt16LittleEndian(dib[14..]);
        var compression = BinaryPrimitives.ReadInt32LittleEndian(dib[16..]);
        if (width <= 0 || height == 0 || height == int.MinValue)
            throw new PhotoDecodeException($"image has a zero or negative dimension ({width}x{height})");

        int red = 2, green = 1, blue = 0; // BI_RGB stores B,G,R(,X)
        if (compression == 3 && bits == 32)
        {
            // BI_BITFIELDS: masks follow a 40-byte header, or sit inside a V4/V5 header at the same place.
            if (dib.Length < 52) throw new PhotoDecodeException("truncated bmp file");
            red = MaskByte(BinaryPrimitives.ReadUInt32LittleEndian(dib[40..]));
            green = MaskByte(BinaryPrimitives.ReadUInt32LittleEndian(dib[44..]));
            blue = MaskByte(BinaryPrimitives.ReadUInt32LittleEndian(dib[48..]));
        }
        else if (compression != 0)
        {
            throw new PhotoDecodeException($"bmp variant not supported: compression {CompressionName(compression)}");
        }
        if (bits is not (1 or 4 or 8 or 24 or 32))
            throw new PhotoDecodeException($"bmp variant not supported: {bits} bits per pixel");

        var palette = ReadOnlySpan<byte>.Empty;
        if (bits <= 8)
        {
            var colours = BinaryPrimitives.ReadInt32LittleEndian(dib[32..]);
            if (colours <= 0 || colours > 1 << bits) colours = 1 << bits;
            var start = FileHeaderSize + headerSize;
            if (start + colours * 4 > file.Length) throw new PhotoDecodeException("truncated bmp file");
            palette = file.Slice(start, colours * 4);
        }
        return new BmpInfo(width, Math.Abs(height), height < 0, bits, pixelOffset, red, green, blue, palette.ToArray());
    }

    private static int MaskByte(uint mask) => mask switch
    {
        0x000000FFu => 0,
        0x0000FF00u => 1,
        0x00FF0000u => 2,
        0xFF000000u => 3,
        _ => throw new PhotoDecodeException($"bmp variant not supported: channel mask 0x{mask:X8}"),
    };

    private static string CompressionName(int compression) => compression switch
    {
        1 => "RLE8",
        2 => "RLE4",
        4 => "embedded JPEG",
        5 => "embedded PNG",
        _ => compression.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private sealed record BmpInfo(
        int Width, int Height, bool TopDown, int BitsPerPixel, int PixelOffset, int RedByte, int GreenByte, int BlueByte, byte[] Palette);
}
