using FaceSort.Core.Imaging;

namespace FaceSort.Core.Detection;

/// <summary>How the border added for the tight-crop retry is filled.</summary>
public enum TightCropBorder
{
    /// <summary>Black pixels, as OpenCV's BORDER_CONSTANT with 0.</summary>
    Black,

    /// <summary>The nearest edge pixel repeated outwards, as OpenCV's BORDER_REPLICATE.</summary>
    Replicate,
}

/// <summary>Adds a border around a photo so that a face filling the whole frame gets the context a detector expects.</summary>
internal static class BorderPadding
{
    public static RgbImage Pad(RgbImage image, int pad, TightCropBorder border)
    {
        var w = image.Width + 2 * pad;
        var h = image.Height + 2 * pad;
        var pixels = new byte[w * h * 3];
        var stride = w * 3;
        for (var y = 0; y < image.Height; y++)
            image.Row(y).CopyTo(pixels.AsSpan((y + pad) * stride + pad * 3));
        if (border == TightCropBorder.Black) return new RgbImage(w, h, pixels);
        // Replicate: extend each inner row left and right, then copy the first and last full rows up and down.
        for (var y = pad; y < pad + image.Height; y++)
        {
            var row = pixels.AsSpan(y * stride, stride);
            var first = row.Slice(pad * 3, 3);
            var last = row.Slice((pad + image.Width - 1) * 3, 3);
            for (var x = 0; x < pad; x++)
            {
                first.CopyTo(row.Slice(x * 3, 3));
                last.CopyTo(row.Slice((pad + image.Width + x) * 3, 3));
            }
        }
        var top = pixels.AsSpan(pad * stride, stride);
        var bottom = pixels.AsSpan((pad + image.Height - 1) * stride, stride);
        for (var y = 0; y < pad; y++)
        {
            top.CopyTo(pixels.AsSpan(y * stride, stride));
            bottom.CopyTo(pixels.AsSpan((pad + image.Height + y) * stride, stride));
        }
        return new RgbImage(w, h, pixels);
    }
}
