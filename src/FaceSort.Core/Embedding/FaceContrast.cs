namespace FaceSort.Core.Embedding;

/// <summary>
/// Stretches each colour channel of an aligned face so that its darkest and brightest <c>percent</c> of face pixels
/// reach 0 and 255, before the embedder sees it. Old scans are faded and tinted (sepia, a colour cast, lifted blacks);
/// without this their faces resemble other faded faces more than their own person's colour photos. Measured on lfw and
/// glint12 (docs/embedding.md, "Faded photos"): same-person pairs accepted at a false-accept rate of 1/1,000 rise for
/// colour photos too (lfw 0.950 → 0.966), and faded or sepia faces come within 0.02 of colour ones instead of 0.05–0.15
/// below. Only the face is measured (the template's eyes-to-chin square), so background and the black fill of a face at
/// the photo's edge do not set the range.
/// </summary>
public static class FaceContrast
{
    /// <summary>The measured square in the 112-px ArcFace template: rows 24–104, columns 16–96 (eyebrows to chin).</summary>
    private const int Top = 24, Bottom = 104, Left = 16, Right = 96, TemplateSize = 112;

    /// <summary>
    /// Fills <paramref name="lookup"/> (3 × 256 entries, channel-major in the face's byte order) with each byte value's
    /// stretched model input: <c>(stretched − mean) · invStd</c>. With <paramref name="percent"/> 0, or a channel of one
    /// flat value, the channel is only normalised.
    /// </summary>
    public static void Lookup(ReadOnlySpan<byte> interleaved, int size, float percent, float mean, float invStd, Span<float> lookup)
    {
        Span<int> histogram = stackalloc int[3 * 256];
        histogram.Clear();
        var (top, bottom) = (Top * size / TemplateSize, Bottom * size / TemplateSize);
        var (left, right) = (Left * size / TemplateSize, Right * size / TemplateSize);
        for (var y = top; y < bottom; y++)
        {
            var row = interleaved.Slice((y * size + left) * 3, (right - left) * 3);
            for (var p = 0; p < row.Length; p += 3)
            {
                histogram[row[p]]++;
                histogram[256 + row[p + 1]]++;
                histogram[512 + row[p + 2]]++;
            }
        }
        var count = (bottom - top) * (right - left);
        var tail = (int)(count * percent / 100f);
        for (var c = 0; c < 3; c++)
        {
            var channel = histogram.Slice(c * 256, 256);
            var (low, high) = percent > 0 ? Range(channel, tail) : (0, 255);
            var scale = high > low ? 255f / (high - low) : 1f;
            if (high <= low) low = 0;
            var table = lookup.Slice(c * 256, 256);
            for (var v = 0; v < 256; v++)
                table[v] = (Math.Clamp((v - low) * scale, 0f, 255f) - mean) * invStd;
        }
    }

    /// <summary>The lowest and highest values once <paramref name="tail"/> pixels are set aside at each end.</summary>
    private static (int Low, int High) Range(ReadOnlySpan<int> histogram, int tail)
    {
        int low = 0, seen = 0;
        while (low < 255 && (seen += histogram[low]) <= tail) low++;
        int high = 255;
        seen = 0;
        while (high > 0 && (seen += histogram[high]) <= tail) high--;
        return (low, high);
    }
}
