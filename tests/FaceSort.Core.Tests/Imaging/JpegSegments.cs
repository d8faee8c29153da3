using System.Buffers.Binary;
using System.Text;

namespace FaceSort.Core.Tests.Imaging;

/// <summary>
/// Metadata-only edits of a JPEG, as photo taggers make them: segments inserted after the JFIF header (or replacing the
/// EXIF one), the compressed picture left byte for byte as it was.
/// </summary>
internal static class JpegSegments
{
    /// <summary><paramref name="jpeg"/> with <paramref name="segments"/> after SOI and any APP0, and any EXIF segment it had
    /// taken out when one of <paramref name="segments"/> is EXIF.</summary>
    public static byte[] WithSegments(byte[] jpeg, params byte[][] segments)
    {
        var replacesExif = segments.Any(IsExif);
        var output = new List<byte>(jpeg.Length + segments.Sum(s => s.Length)) { 0xFF, 0xD8 };
        var position = 2;
        var inserted = false;
        while (jpeg[position + 1] != 0xDA)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(position + 2));
            var segment = jpeg.AsSpan(position, 2 + length).ToArray();
            if (!inserted && jpeg[position + 1] != 0xE0)
            {
                foreach (var added in segments) output.AddRange(added);
                inserted = true;
            }
            if (!(replacesExif && IsExif(segment))) output.AddRange(segment);
            position += 2 + length;
        }
        output.AddRange(jpeg.AsSpan(position).ToArray());
        return [.. output];
    }

    private static bool IsExif(byte[] segment) => segment[1] == 0xE1 && segment.AsSpan(4).StartsWith("Exif\0\0"u8);

    /// <summary>An APP1 XMP packet naming <paramref name="keywords"/> as dc:subject, as digiKam writes tags.</summary>
    public static byte[] Xmp(params string[] keywords)
    {
        var items = string.Concat(keywords.Select(k => $"<rdf:li>{k}</rdf:li>"));
        var packet = "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\">" +
                     "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\">" +
                     $"<dc:subject><rdf:Bag>{items}</rdf:Bag></dc:subject></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";
        return Segment(0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8.ToArray(), .. Encoding.UTF8.GetBytes(packet)]);
    }

    /// <summary>
    /// An APP1 XMP packet naming faces as MWG regions the way digiKam and Lightroom write them (properties as
    /// attributes): each region's centre, width and height in fractions of the stored image.
    /// </summary>
    public static byte[] XmpRegions(params (string Name, float X, float Y, float W, float H)[] regions) =>
        Segment(0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8.ToArray(), .. Encoding.UTF8.GetBytes(RegionsPacket(regions))]);

    /// <summary>The XMP packet of <see cref="XmpRegions"/>, as a sidecar file holds it.</summary>
    public static string RegionsPacket(params (string Name, float X, float Y, float W, float H)[] regions)
    {
        var items = string.Concat(regions.Select(r => System.FormattableString.Invariant(
            $"<rdf:li><rdf:Description mwg-rs:Name=\"{r.Name}\" mwg-rs:Type=\"Face\"><mwg-rs:Area stArea:x=\"{r.X}\" stArea:y=\"{r.Y}\" stArea:w=\"{r.W}\" stArea:h=\"{r.H}\" stArea:unit=\"normalized\"/></rdf:Description></rdf:li>")));
        return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\">" +
               "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" " +
               "xmlns:mwg-rs=\"http://www.metadataworkinggroup.com/schemas/regions/\" xmlns:stArea=\"http://ns.adobe.com/xmp/sType/Area#\">" +
               $"<mwg-rs:Regions><mwg-rs:RegionList><rdf:Bag>{items}</rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>" +
               "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";
    }

    /// <summary>An APP13 Photoshop/IPTC block holding one keyword (IPTC 2:25).</summary>
    public static byte[] Iptc(string keyword)
    {
        var text = Encoding.UTF8.GetBytes(keyword);
        byte[] dataset = [0x1C, 2, 25, (byte)(text.Length >> 8), (byte)text.Length, .. text];
        byte[] resource = [.. "8BIM"u8.ToArray(), 0x04, 0x04, 0, 0, .. BigEndian32(dataset.Length), .. dataset];
        return Segment(0xED, [.. "Photoshop 3.0\0"u8.ToArray(), .. resource]);
    }

    public static byte[] Comment(string text) => Segment(0xFE, Encoding.UTF8.GetBytes(text));

    /// <summary>An APP1 EXIF block whose IFD0 holds an ImageDescription and, when given, the orientation.</summary>
    public static byte[] Exif(int? orientation, bool bigEndian = false, string description = "birthday")
    {
        var entries = orientation is null ? 1 : 2;
        var text = Encoding.ASCII.GetBytes(description + "\0");
        var textOffset = 8 + 2 + 12 * entries + 4;
        var tiff = new byte[textOffset + text.Length];
        void U16(int at, int value)
        {
            if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at), (ushort)value);
            else BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), (ushort)value);
        }
        void U32(int at, int value)
        {
            if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(at), (uint)value);
            else BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at), (uint)value);
        }
        tiff[0] = tiff[1] = (byte)(bigEndian ? 'M' : 'I');
        U16(2, 42);
        U32(4, 8);
        U16(8, entries);
        // Entries in tag order: ImageDescription (0x010E, ASCII), then Orientation (0x0112, SHORT).
        U16(10, 0x010E);
        U16(12, 2);
        U32(14, text.Length);
        U32(18, textOffset);
        if (orientation is { } value)
        {
            U16(22, 0x0112);
            U16(24, 3);
            U32(26, 1);
            U16(30, value);
        }
        U32(10 + 12 * entries, 0); // no IFD1
        text.CopyTo(tiff, textOffset);
        return Segment(0xE1, [.. "Exif\0\0"u8.ToArray(), .. tiff]);
    }

    /// <summary>
    /// An APP1 EXIF block saying when the camera took the photo: IFD0 points to an EXIF IFD holding DateTimeOriginal
    /// (<c>2019:06:12 10:00:00</c>) and, when given, SubSecTimeOriginal (at most three digits, stored in the entry).
    /// </summary>
    public static byte[] ExifTaken(string dateTime, string? subSeconds = null)
    {
        var entries = subSeconds is null ? 1 : 2;
        const int exifIfd = 8 + 2 + 12 + 4;
        var dateOffset = exifIfd + 2 + 12 * entries + 4;
        var date = Encoding.ASCII.GetBytes(dateTime + "\0");
        var tiff = new byte[dateOffset + date.Length];
        void U16(int at, int value) => BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), (ushort)value);
        void U32(int at, int value) => BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at), (uint)value);
        tiff[0] = tiff[1] = (byte)'I';
        U16(2, 42);
        U32(4, 8);
        U16(8, 1);
        U16(10, 0x8769); // ExifIFDPointer, LONG
        U16(12, 4);
        U32(14, 1);
        U32(18, exifIfd);
        U32(22, 0);
        U16(exifIfd, entries);
        U16(exifIfd + 2, 0x9003); // DateTimeOriginal, ASCII
        U16(exifIfd + 4, 2);
        U32(exifIfd + 6, date.Length);
        U32(exifIfd + 10, dateOffset);
        if (subSeconds is not null)
        {
            var fraction = Encoding.ASCII.GetBytes(subSeconds + "\0");
            U16(exifIfd + 14, 0x9291); // SubSecTimeOriginal, ASCII, short enough to sit in the entry
            U16(exifIfd + 16, 2);
            U32(exifIfd + 18, fraction.Length);
            fraction.CopyTo(tiff, exifIfd + 22);
        }
        U32(exifIfd + 2 + 12 * entries, 0);
        date.CopyTo(tiff, dateOffset);
        return Segment(0xE1, [.. "Exif\0\0"u8.ToArray(), .. tiff]);
    }

    private static byte[] Segment(byte marker, byte[] body) => [0xFF, marker, .. BigEndian16(body.Length + 2), .. body];

    private static byte[] BigEndian16(int value) => [(byte)(value >> 8), (byte)value];

    private static byte[] BigEndian32(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
