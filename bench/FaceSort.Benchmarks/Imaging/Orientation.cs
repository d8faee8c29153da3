using FaceSort.Core.Imaging;

namespace FaceSort.Benchmarks.Imaging;

/// <summary>EXIF orientation and RGBA→RGB on plain pixel arrays, for the Skia candidate (libvips and OpenCV do both themselves).</summary>
public static class Orientation
{
    public static byte[] RgbaToRgb(byte[] rgba)
    {
        var rgb = new byte[rgba.Length / 4 * 3];
        for (int s = 0, d = 0; s < rgba.Length; s += 4, d += 3)
        {
            rgb[d] = rgba[s];
            rgb[d + 1] = rgba[s + 1];
            rgb[d + 2] = rgba[s + 2];
        }
        return rgb;
    }

    /// <summary>The image a viewer shows for stored pixels <paramref name="stored"/> tagged with EXIF <paramref name="orientation"/>.</summary>
    public static RgbImage Apply(RgbImage stored, int orientation)
    {
        if (orientation is <= 1 or > 8) return stored;
        int w = stored.Width, h = stored.Height;
        var swapped = orientation >= 5;
        int dw = swapped ? h : w, dh = swapped ? w : h;
        var output = new byte[dw * dh * 3];
        for (var y = 0; y < dh; y++)
        {
            for (var x = 0; x < dw; x++)
            {
                var (sx, sy) = orientation switch
                {
                    2 => (w - 1 - x, y),
                    3 => (w - 1 - x, h - 1 - y),
                    4 => (x, h - 1 - y),
                    5 => (y, x),
                    6 => (y, h - 1 - x),
                    7 => (w - 1 - y, h - 1 - x),
                    _ => (w - 1 - y, x),
                };
                Array.Copy(stored.Pixels, (sy * w + sx) * 3, output, (y * dw + x) * 3, 3);
            }
        }
        return new RgbImage(dw, dh, output);
    }
}
