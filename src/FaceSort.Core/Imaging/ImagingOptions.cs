namespace FaceSort.Core.Imaging;

/// <summary>Decoding limits and sizes.</summary>
public sealed record ImagingOptions
{
    /// <summary>Photos above this many pixels are refused with a reason instead of decoded (a decompression bomb guard).</summary>
    public long MaxPixels { get; init; } = 100_000_000;

    /// <summary>File extensions (lower case, with dot) a scan looks at; everything else is not a photo.</summary>
    public IReadOnlySet<string> Extensions { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".jpe", ".png", ".webp", ".tif", ".tiff", ".bmp", ".gif", ".heic", ".heif", ".avif",
    };
}
