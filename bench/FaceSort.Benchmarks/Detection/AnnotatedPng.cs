using FaceSort.Core.Detection;
using FaceSort.Core.Imaging;

namespace FaceSort.Benchmarks.Detection;

/// <summary>Writes a photo with its detected boxes (green) and landmarks (red) drawn, to check counts by eye.</summary>
internal static class AnnotatedPng
{
    public static void Write(RgbImage image, IReadOnlyList<DetectedFace> faces, string path)
    {
        var pixels = (byte[])image.Pixels.Clone();
        var thick = Math.Max(1, Math.Max(image.Width, image.Height) / 400);
        foreach (var f in faces)
        {
            int x0 = (int)f.Box.X, y0 = (int)f.Box.Y, x1 = (int)f.Box.Right, y1 = (int)f.Box.Bottom;
            for (var t = 0; t < thick; t++)
            {
                for (var x = x0; x <= x1; x++) { Put(image, pixels, x, y0 + t, 0, 255, 0); Put(image, pixels, x, y1 - t, 0, 255, 0); }
                for (var y = y0; y <= y1; y++) { Put(image, pixels, x0 + t, y, 0, 255, 0); Put(image, pixels, x1 - t, y, 0, 255, 0); }
            }
            for (var k = 0; k < 5; k++)
            {
                var (px, py) = f.Landmarks[k];
                for (var dy = -thick; dy <= thick; dy++)
                    for (var dx = -thick; dx <= thick; dx++)
                        Put(image, pixels, (int)px + dx, (int)py + dy, 255, (byte)(k * 50), 0);
            }
        }
        using var vips = NetVips.Image.NewFromMemory(pixels, image.Width, image.Height, 3, NetVips.Enums.BandFormat.Uchar);
        vips.WriteToFile(path);
    }

    private static void Put(RgbImage image, byte[] pixels, int x, int y, byte r, byte g, byte b)
    {
        if (x < 0 || y < 0 || x >= image.Width || y >= image.Height) return;
        var p = (y * image.Width + x) * 3;
        pixels[p] = r;
        pixels[p + 1] = g;
        pixels[p + 2] = b;
    }
}
