using System.Runtime.InteropServices;
using FaceSort.Core.Imaging;
using SkiaSharp;

namespace FaceSort.Benchmarks.Imaging;

/// <summary>
/// SkiaSharp candidate: SKCodec decodes JPEG at a reduced scale (1/2, 1/4, 1/8 via GetScaledDimensions), then a
/// Mitchell resize reaches the exact size; EXIF orientation is applied from <see cref="SKCodec.EncodedOrigin"/>.
/// </summary>
public sealed class SkiaPhotoDecoder : IPhotoDecoder
{
    public PhotoHeader ReadHeader(string path)
    {
        using var codec = Open(path);
        var swapped = (int)codec.EncodedOrigin >= 5;
        return new PhotoHeader(swapped ? codec.Info.Height : codec.Info.Width, swapped ? codec.Info.Width : codec.Info.Height,
            codec.EncodedFormat.ToString().ToLowerInvariant());
    }

    public RgbImage Decode(string path, int maxLongSide)
    {
        using var codec = Open(path);
        var info = codec.Info;
        var longSide = Math.Max(info.Width, info.Height);
        var scale = Math.Min(1f, (float)maxLongSide / longSide);
        // The codec's own reduced size: the smallest it can produce that is still at least the requested size.
        var decodeSize = codec.GetScaledDimensions(scale);
        if (Math.Max(decodeSize.Width, decodeSize.Height) < Math.Min(maxLongSide, longSide)) decodeSize = info.Size;
        var decodeInfo = new SKImageInfo(decodeSize.Width, decodeSize.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(decodeInfo);
        var result = codec.GetPixels(decodeInfo, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            throw new PhotoDecodeException($"skia: {result}");
        if (result == SKCodecResult.IncompleteInput) throw new PhotoDecodeException("skia: truncated file");

        var target = Math.Min(maxLongSide, longSide);
        var resized = bitmap;
        if (Math.Max(bitmap.Width, bitmap.Height) > target)
        {
            var f = (double)target / Math.Max(bitmap.Width, bitmap.Height);
            var size = new SKSizeI(Math.Max(1, (int)Math.Round(bitmap.Width * f)), Math.Max(1, (int)Math.Round(bitmap.Height * f)));
            resized = bitmap.Resize(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul),
                new SKSamplingOptions(SKCubicResampler.Mitchell));
        }
        try
        {
            var rgba = new byte[resized.Width * resized.Height * 4];
            Marshal.Copy(resized.GetPixels(), rgba, 0, rgba.Length);
            var rgb = Orientation.RgbaToRgb(rgba);
            return Orientation.Apply(new RgbImage(resized.Width, resized.Height, rgb), (int)codec.EncodedOrigin);
        }
        finally
        {
            if (!ReferenceEquals(resized, bitmap)) resized.Dispose();
        }
    }

    private static SKCodec Open(string path)
    {
        var codec = SKCodec.Create(path, out var result);
        return codec ?? throw new PhotoDecodeException($"skia cannot open: {result}");
    }
}
