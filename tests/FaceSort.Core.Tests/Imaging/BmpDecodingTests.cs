using System.Buffers.Binary;
using FaceSort.Core.Imaging;

namespace FaceSort.Core.Tests.Imaging;

/// <summary>BMP goes through FaceSort's own reader (the bundled libvips has none); hand-made 2x2 files with known pixels.</summary>
public sealed class BmpDecodingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("facesort-bmp-").FullName;
    private readonly VipsPhotoDecoder _decoder = new();

    // Viewer order: top-left red, top-right green, bottom-left blue, bottom-right white.
    private static readonly byte[] Expected = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255];

    [Fact]
    public void Eight_bit_palette_bottom_up()
    {
        // Palette (B,G,R,0): 0 red, 1 green, 2 blue, 3 white. Rows are stored bottom row first, padded to 4 bytes.
        byte[] palette = [0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 0, 0, 255, 255, 255, 0];
        byte[] rows = [2, 3, 0, 0, 0, 1, 0, 0];
        var path = Write("palette.bmp", Bmp(2, 2, 8, 0, palette, rows));

        Decode(path).ShouldBe(Expected);
    }

    [Fact]
    public void Thirty_two_bit_bitfields_top_down()
    {
        // Negative height: top row first. Masks R=0x00FF0000, G=0x0000FF00, B=0x000000FF (BGRA byte order).
        byte[] masks = [0, 0, 0xFF, 0, 0, 0xFF, 0, 0, 0xFF, 0, 0, 0];
        byte[] rows = [0, 0, 255, 255, 0, 255, 0, 255, 255, 0, 0, 255, 255, 255, 255, 255];
        var path = Write("bitfields.bmp", Bmp(2, -2, 32, 3, masks, rows));

        Decode(path).ShouldBe(Expected);
    }

    [Fact]
    public void RLE_compressed_BMP_is_refused_with_a_reason()
    {
        var path = Write("rle.bmp", Bmp(2, 2, 8, 1, new byte[16], [0, 1]));

        Should.Throw<PhotoDecodeException>(() => _decoder.Decode(path, 640)).Message.ShouldBe("bmp variant not supported: compression RLE8");
    }

    [Fact]
    public void Truncated_BMP_is_refused_with_a_reason()
    {
        var full = Bmp(2, 2, 8, 0, new byte[16], [0, 1, 0, 0, 2, 3, 0, 0]);
        var path = Write("short.bmp", full[..^3]);

        Should.Throw<PhotoDecodeException>(() => _decoder.Decode(path, 640)).Message.ShouldBe("truncated bmp file");
    }

    [Theory]
    [InlineData(100_000_000, 24)]
    [InlineData(90_000_000, 32)]
    [InlineData(70_000_000, 32)]
    public void A_row_too_long_for_32_bits_is_called_truncated_before_any_pixels_are_allocated(int width, short bits)
    {
        // Found by bench/reference/fuzz_photos.py: within the 100 MP limit, width x bits passed int.MaxValue, the row's
        // byte count came out negative and slipped past the length check; 300 MB were allocated for the pixels and
        // the reason was "unexpected error: ArgumentOutOfRangeException: Specified argument was out of the range…".
        var path = Write("wide.bmp", Bmp(width, 1, bits, 0, [], new byte[64]));
        var before = GC.GetAllocatedBytesForCurrentThread();

        Should.Throw<PhotoDecodeException>(() => _decoder.Decode(path, 640)).Message.ShouldBe("truncated bmp file");

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBeLessThan(10_000_000);
    }

    [Fact]
    public void Large_BMP_is_shrunk_to_the_long_side()
    {
        var rows = new byte[300 * 3 * 200];
        var path = Write("large.bmp", Bmp(300, 200, 24, 0, [], rows));

        var image = _decoder.Decode(path, 150);

        (image.Width, image.Height).ShouldBe((150, 100));
        _decoder.ReadHeader(path).ShouldBe(new PhotoHeader(300, 200, "bmp"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private byte[] Decode(string path)
    {
        var image = _decoder.Decode(path, 640);
        (image.Width, image.Height).ShouldBe((2, 2));
        return image.Pixels;
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A BMP with a 40-byte BITMAPINFOHEADER; <paramref name="extra"/> (palette or masks) follows the header.</summary>
    private static byte[] Bmp(int width, int height, short bits, int compression, byte[] extra, byte[] pixels)
    {
        var offset = 14 + 40 + extra.Length;
        var file = new byte[offset + pixels.Length];
        file[0] = (byte)'B';
        file[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(2), file.Length);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(10), offset);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(28), bits);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(30), compression);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(46), bits <= 8 ? extra.Length / 4 : 0);
        extra.CopyTo(file, 54);
        pixels.CopyTo(file, offset);
        return file;
    }
}
