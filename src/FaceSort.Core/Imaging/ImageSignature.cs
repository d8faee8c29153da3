namespace FaceSort.Core.Imaging;

/// <summary>
/// Whether a file starts like an image format the decoder reads. Used for files without an extension only (some
/// backups and chat exports drop them): extensions stay the rule, so a scan does not open every file of a folder.
/// </summary>
public static class ImageSignature
{
    /// <summary>False when the file cannot be read or starts like nothing we decode.</summary>
    public static bool LooksLikeImage(string path)
    {
        Span<byte> head = stackalloc byte[12];
        int read;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        return Matches(head[..read]);
    }

    /// <summary>JPEG, PNG, GIF, WebP, TIFF (both byte orders), BMP, and ISO media files branded HEIC/HEIF/AVIF.</summary>
    public static bool Matches(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
        || head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G'])
        || head.StartsWith("GIF8"u8)
        || (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        || head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8)
        || head.StartsWith("BM"u8)
        || (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8) && IsStillImageBrand(head[8..12]));

    private static bool IsStillImageBrand(ReadOnlySpan<byte> brand) =>
        brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("mif1"u8)
        || brand.SequenceEqual("msf1"u8) || brand.SequenceEqual("avif"u8) || brand.SequenceEqual("heif"u8);
}
