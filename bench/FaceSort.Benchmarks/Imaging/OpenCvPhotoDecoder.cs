using FaceSort.Core.Imaging;
using OpenCvSharp;

namespace FaceSort.Benchmarks.Imaging;

/// <summary>
/// OpenCvSharp candidate: Cv2.ImRead with ImreadModes.ReducedColor2/4/8 (JPEG scaled while decoding, other formats
/// decoded then reduced), then an area resize to the exact size and BGR to RGB. ImRead applies EXIF orientation itself.
/// OpenCV has no header-only read, so <see cref="ReadHeader"/> decodes.
/// </summary>
public sealed class OpenCvPhotoDecoder : IPhotoDecoder
{
    public OpenCvPhotoDecoder()
    {
        // Like libvips (concurrency 1), one thread per decode: the product decodes several photos at once instead.
        Cv2.SetNumThreads(1);
    }

    public PhotoHeader ReadHeader(string path)
    {
        using var mat = Read(path, ImreadModes.Color);
        return new PhotoHeader(mat.Width, mat.Height, Path.GetExtension(path).TrimStart('.'));
    }

    public RgbImage Decode(string path, int maxLongSide)
    {
        // OpenCV exposes no header read, and the reduction factor needs the photo's size: read it from the JPEG/PNG
        // header directly (formats the probe does not know are decoded at full size, then resized).
        var (width, height) = HeaderSize(path);
        var longSide = Math.Max(width, height);
        var target = longSide == 0 ? maxLongSide : Math.Min(maxLongSide, longSide);
        var mode = ImreadModes.Color;
        if (longSide == 0) mode = ImreadModes.Color;
        else if (longSide >= target * 8) mode = ImreadModes.ReducedColor8;
        else if (longSide >= target * 4) mode = ImreadModes.ReducedColor4;
        else if (longSide >= target * 2) mode = ImreadModes.ReducedColor2;
        using var bgr = Read(path, mode);
        using var sized = new Mat();
        var current = bgr;
        if (Math.Max(bgr.Width, bgr.Height) > target)
        {
            var f = (double)target / Math.Max(bgr.Width, bgr.Height);
            Cv2.Resize(bgr, sized, new Size(Math.Max(1, (int)Math.Round(bgr.Width * f)), Math.Max(1, (int)Math.Round(bgr.Height * f))),
                interpolation: InterpolationFlags.Area);
            current = sized;
        }
        using var rgb = new Mat();
        Cv2.CvtColor(current, rgb, ColorConversionCodes.BGR2RGB);
        var pixels = new byte[rgb.Width * rgb.Height * 3];
        System.Runtime.InteropServices.Marshal.Copy(rgb.Data, pixels, 0, pixels.Length);
        return new RgbImage(rgb.Width, rgb.Height, pixels);
    }

    private static (int Width, int Height) HeaderSize(string path) => ImageHeaderProbe.Size(path);

    private static Mat Read(string path, ImreadModes mode)
    {
        var mat = Cv2.ImRead(path, mode);
        if (mat.Empty())
        {
            mat.Dispose();
            throw new PhotoDecodeException("opencv could not read the file");
        }
        return mat;
    }
}
