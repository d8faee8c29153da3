using FaceSort.Core.Imaging;
using NetVips;

namespace FaceSort.Benchmarks.Imaging;

/// <summary>
/// libvips' one-call Image.Thumbnail (shrink-on-load and EXIF rotation inside libvips), as VipsPhotoDecoder's first
/// version used it; kept to measure what the hand-made shrink-on-load gained. Handles 3-band sRGB input only.
/// </summary>
public sealed class VipsThumbnailDecoder : IPhotoDecoder
{
    public PhotoHeader ReadHeader(string path) => new VipsPhotoDecoder().ReadHeader(path);

    public RgbImage Decode(string path, int maxLongSide)
    {
        var size = maxLongSide == int.MaxValue ? 100_000 : maxLongSide;
        using var thumb = Image.Thumbnail(path, size, height: size, size: Enums.Size.Down, failOn: Enums.FailOn.Error);
        return new RgbImage(thumb.Width, thumb.Height, thumb.WriteToMemory<byte>());
    }
}
