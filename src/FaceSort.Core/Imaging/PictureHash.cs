using System.Buffers.Binary;
using System.Security.Cryptography;

namespace FaceSort.Core.Imaging;

/// <summary>
/// A hash of what a JPEG shows rather than of its bytes: the file without the segments photo taggers rewrite (EXIF and
/// XMP in APP1, IPTC in APP13, JFIF in APP0, comments), plus the EXIF orientation, the one piece of that metadata that
/// changes the picture a viewer (and the detector) sees. digiKam, Shotwell, Lightroom or exiftool writing keywords,
/// ratings or a date into a photo change its bytes and time but not this hash, so a scan keeps its faces instead of
/// reading it again. Everything from the first scan on (the compressed picture, and whatever a camera appends after it)
/// is hashed as it is, as are the tables, colour profile and Adobe colour transform that decoding depends on.
/// SHA-256 rather than a faster non-cryptographic hash: the system's SHA-256 runs at full speed from the first photo
/// (2.2–2.4 ms for a 2.8 MB photo during a scan), while XxHash3's JIT-compiled loop took 7–11 ms per photo in a
/// 60-photo scan beside the models (0.13 ms once warm, out of a scan).
/// </summary>
public static class PictureHash
{
    /// <summary>The SHA-256 of <paramref name="file"/>'s picture (64 hex digits), or null when it is not a JPEG whose
    /// segments can be walked: other formats are only ever compared by all their bytes.</summary>
    public static string? Of(ReadOnlySpan<byte> file)
    {
        if (file.Length < 4 || file[0] != 0xFF || file[1] != 0xD8) return null;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        ushort orientation = 1;
        var exifSeen = false;
        var position = 2;
        while (true)
        {
            if (position + 2 > file.Length || file[position] != 0xFF) return null;
            var marker = file[position + 1];
            if (marker == 0xFF)
            {
                position++; // fill byte before a marker
                continue;
            }
            if (marker == StartOfScan)
            {
                hash.AppendData(file[position..]);
                break;
            }
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                position += 2; // markers without a length
                continue;
            }
            if (marker is 0xD8 or 0xD9 || position + 4 > file.Length) return null;
            var length = BinaryPrimitives.ReadUInt16BigEndian(file.Slice(position + 2, 2));
            if (length < 2 || position + 2 + length > file.Length) return null;
            var segment = file.Slice(position, 2 + length);
            if (marker == App1 && !exifSeen && segment[4..].StartsWith("Exif\0\0"u8))
            {
                exifSeen = true;
                orientation = ExifOrientation(segment[10..]);
            }
            else if (!IsMetadata(marker))
            {
                hash.AppendData(segment);
            }
            position += 2 + length;
        }
        Span<byte> tail = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(tail, orientation);
        hash.AppendData(tail);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private const byte StartOfScan = 0xDA;
    private const byte App1 = 0xE1;

    // APP0 (JFIF/JFXX: density and a thumbnail), APP1 (EXIF, XMP), APP13 (Photoshop/IPTC), COM. APP2 (ICC profile) and
    // APP14 (Adobe colour transform) change the decoded colours and stay in the hash.
    private static bool IsMetadata(byte marker) => marker is 0xE0 or App1 or 0xED or 0xFE;

    /// <summary>Tag 0x0112 of IFD0 in a TIFF block; 1 (as taken) when absent. An unreadable block gives 0, which no
    /// readable orientation equals, so a photo whose EXIF cannot be read is only ever matched by such a photo.</summary>
    private static ushort ExifOrientation(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8) return 0;
        var little = tiff[0] == (byte)'I' && tiff[1] == (byte)'I';
        if (!little && !(tiff[0] == (byte)'M' && tiff[1] == (byte)'M')) return 0;
        var ifd = U32(tiff, 4, little);
        if (ifd > (uint)tiff.Length - 2) return 0;
        var entries = U16(tiff, (int)ifd, little);
        for (var i = 0; i < entries; i++)
        {
            var entry = (int)ifd + 2 + 12 * i;
            if (entry + 12 > tiff.Length) return 0;
            if (U16(tiff, entry, little) == 0x0112) return U16(tiff, entry + 8, little);
        }
        return 1;
    }

    private static ushort U16(ReadOnlySpan<byte> bytes, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]) : BinaryPrimitives.ReadUInt16BigEndian(bytes[at..]);

    private static uint U32(ReadOnlySpan<byte> bytes, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]) : BinaryPrimitives.ReadUInt32BigEndian(bytes[at..]);
}
