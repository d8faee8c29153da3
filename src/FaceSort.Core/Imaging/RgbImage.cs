namespace FaceSort.Core.Imaging;

/// <summary>
/// An 8-bit sRGB image, interleaved R,G,B, row-major with stride <c>Width * 3</c> and no padding.
/// Decoders hand these out with EXIF orientation already applied, so (0,0) is the top-left corner a viewer shows.
/// </summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixels.Length < (long)width * height * 3)
            throw new ArgumentException($"{pixels.Length} bytes cannot hold {width}x{height} RGB.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }
    public int Stride => Width * 3;

    public ReadOnlySpan<byte> Row(int y) => Pixels.AsSpan(y * Stride, Stride);
}
