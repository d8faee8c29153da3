using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace FaceSort.Core.Imaging;

/// <summary>
/// A face another program named in a photo's metadata, as a box in the photo as a viewer shows it: left, top, width
/// and height in fractions of the upright photo's width and height.
/// </summary>
public sealed record TaggedFace(string Name, float X, float Y, float Width, float Height);

/// <summary>
/// Faces named by other programs in a photo's XMP, as the Metadata Working Group's region schema stores them
/// (<c>mwg-rs:Regions</c>, written by digiKam, Lightroom Classic, Picasa, Mylio, ACDSee and exiftool): in the photo
/// itself, or in a sidecar beside it (<c>photo.jpg.xmp</c> as digiKam writes it, <c>photo.xmp</c> as Lightroom and
/// darktable do, the only place a raw file's tags go). A user who named the family in one of them has done the work
/// FaceSort asks for; reading it spares them doing it twice.
/// </summary>
/// <remarks>
/// MWG regions are relative to the stored image, before its EXIF orientation: "when applying a rotation by applying
/// Exif Orientation, the rotation must be applied to the regions as well" (MWG Guidelines 2.0, 5.9). Immich and
/// PiGallery2 both shipped this wrong for turned photos. An area's x and y are its centre.
/// </remarks>
public static class TaggedFaces
{
    private const int HeadBytes = 256 * 1024;
    // The schemas read here, and written by Export.XmpSidecar.
    internal static readonly XNamespace MwgRegions = "http://www.metadataworkinggroup.com/schemas/regions/";
    internal static readonly XNamespace Area = "http://ns.adobe.com/xmp/sType/Area#";
    internal static readonly XNamespace IptcExtension = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";
    internal static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    /// <summary>
    /// The sidecars a photo may have, in the order they are read: <c>photo.jpg.xmp</c>, then <c>photo.xmp</c>.
    /// </summary>
    public static IEnumerable<string> SidecarsOf(string path) => [path + ".xmp", Path.ChangeExtension(path, ".xmp")];

    /// <summary>
    /// The JSON sidecars Google Takeout may have written for a photo, as it names them: <c>IMG_1.jpg.json</c>, since 2024
    /// <c>IMG_1.jpg.supplemental-metadata.json</c>, the part before <c>.json</c> cut to 46 characters
    /// (<c>…jpg.supplemental-me.json</c>); the second photo of a name, <c>IMG_1(1).jpg</c>, has <c>IMG_1.jpg(1).json</c>;
    /// an edit saved as <c>IMG_1-edited.jpg</c> has none of its own, and its original's tells its people.
    /// </summary>
    public static IEnumerable<string> TakeoutSidecarsOf(string path)
    {
        var folder = Path.GetDirectoryName(path) ?? "";
        var stem = Path.GetFileNameWithoutExtension(path);
        var extension = Path.GetExtension(path);
        var number = "";
        if (stem.EndsWith(')') && stem.LastIndexOf('(') is var open and > 0 && stem[(open + 1)..^1].All(char.IsAsciiDigit) && open < stem.Length - 2)
        {
            number = stem[open..];
            stem = stem[..open];
        }
        string[] stems = stem.EndsWith("-edited", StringComparison.Ordinal) ? [stem, stem[..^"-edited".Length]] : [stem];
        foreach (var title in stems.Select(s => s + extension))
            foreach (var base_ in new[] { title, title + ".supplemental-metadata" })
                yield return Path.Combine(folder, base_[..Math.Min(46, base_.Length)] + number + ".json");
    }

    /// <summary>
    /// The named faces of a photo: those in its own XMP, or where it has none, those of its first sidecar that has
    /// some. Unreadable or malformed metadata gives none: names are a help, never a reason to refuse a photo.
    /// </summary>
    /// <param name="exists">Whether a sidecar file is there; by default asked of the file system. A caller reading a
    /// whole library passes its folder listings, sparing a failed lookup per possible sidecar.</param>
    public static IReadOnlyList<TaggedFace> Read(string path, Func<string, bool>? exists = null)
    {
        exists ??= File.Exists;
        // Read with the embedded XMP, else once for the first sidecar that is there.
        int? orientation = null;
        if (MentionsTags(path))
        {
            var (xmp, fileOrientation) = EmbeddedXmp(path);
            orientation = fileOrientation;
            var embedded = xmp is null ? [] : Parse(xmp, fileOrientation);
            if (embedded.Count > 0) return embedded;
        }
        foreach (var sidecar in SidecarsOf(path))
        {
            if (!exists(sidecar) || ReadSidecar(sidecar) is not { } xmp) continue;
            orientation ??= OrientationOf(path);
            var found = Parse(xmp, orientation.Value);
            if (found.Count > 0) return found;
        }
        return [];
    }

    /// <summary>
    /// The people a photo's metadata names without saying where they are: Google Takeout's JSON sidecar
    /// (<c>"people": [{"name": …}]</c>, the names given to Google Photos' face groups) and XMP's
    /// <c>Iptc4xmpExt:PersonInImage</c> (osxphotos, Lightroom), in the photo or its sidecar. Distinct names, any case.
    /// </summary>
    public static IReadOnlyList<string> ReadPeople(string path, Func<string, bool>? exists = null)
    {
        exists ??= File.Exists;
        var names = new List<string>();
        foreach (var json in TakeoutSidecarsOf(path))
        {
            if (!exists(json)) continue;
            names.AddRange(TakeoutPeople(json));
            break;
        }
        if (MentionsTags(path) && EmbeddedXmp(path).Xmp is { } xmp) names.AddRange(PeopleInImage(xmp));
        foreach (var sidecar in SidecarsOf(path))
        {
            if (exists(sidecar) && ReadSidecar(sidecar) is { } packet) names.AddRange(PeopleInImage(packet));
        }
        return [.. names.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// A sidecar's bytes, or null when it cannot be read or is no sidecar: a file that reports no bytes is never opened
    /// (a named pipe waits forever for a writer, a link to /dev/zero never ends), and one larger than
    /// <see cref="MaxSidecarBytes"/> is not read whole into memory.
    /// </summary>
    private static byte[]? ReadSidecar(string path)
    {
        try
        {
            return FileBehind.Of(path) is { Exists: true, Length: > 0 and <= MaxSidecarBytes } ? File.ReadAllBytes(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // A sidecar holds a photo's metadata: digiKam's and Google's are a few KB, Lightroom's with a long edit history and
    // masks a few hundred; 16 MB is far beyond any of them.
    private const long MaxSidecarBytes = 16L << 20;

    private static IEnumerable<string> TakeoutPeople(string json)
    {
        try
        {
            if (ReadSidecar(json) is not { } bytes) return [];
            // An editor that saves UTF-8 with a byte order mark (Notepad) is not an error: the parser refuses the mark.
            var text = bytes.AsMemory();
            if (text.Span.StartsWith("\uFEFF"u8)) text = text[3..];
            using var document = System.Text.Json.JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object
                || !document.RootElement.TryGetProperty("people", out var people) || people.ValueKind != System.Text.Json.JsonValueKind.Array)
                return [];
            return [.. people.EnumerateArray()
                .Select(p => p.ValueKind == System.Text.Json.JsonValueKind.Object && p.TryGetProperty("name", out var name) && name.ValueKind == System.Text.Json.JsonValueKind.String ? StringOf(name) : null)
                .OfType<string>()];
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>
    /// A JSON string, or null where its escapes are not valid UTF-16 (<c>"\uDEAD"</c>, a lone surrogate): JsonDocument
    /// parses those and GetString throws InvalidOperationException, which ended organize with no folders at all.
    /// </summary>
    private static string? StringOf(System.Text.Json.JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The names in an XMP packet's <c>Iptc4xmpExt:PersonInImage</c> bag.</summary>
    internal static IEnumerable<string> PeopleInImage(ReadOnlySpan<byte> xmp) =>
        Load(xmp) is { } document
            ? [.. document.Descendants(IptcExtension + "PersonInImage").SelectMany(p => p.Descendants(Rdf + "li")).Select(li => li.Value)]
            : [];

    /// <summary>
    /// Deeper than any packet a tagger writes (an MWG face's area sits 9 elements deep, Lightroom's history about 12).
    /// <see cref="XDocument.Load(XmlReader)"/> takes time quadratic in the depth: a sidecar of 100,000 nested elements
    /// (150 KB, found by bench/reference/fuzz_photos.py) held a scan's cluster step for minutes.
    /// </summary>
    private const int MaxDepth = 100;

    private static readonly XmlReaderSettings Settings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    private static XDocument? Load(ReadOnlySpan<byte> xmp)
    {
        try
        {
            var bytes = Trimmed(xmp).ToArray();
            // A first pass with the reader alone, linear in the depth, refuses what the tree would take minutes over.
            using (var check = XmlReader.Create(new MemoryStream(bytes), Settings))
            {
                while (check.Read())
                    if (check.Depth > MaxDepth) return null;
            }
            using var stream = new MemoryStream(bytes);
            return XDocument.Load(XmlReader.Create(stream, Settings));
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>
    /// The named face regions of an XMP packet, turned by <paramref name="orientation"/> (EXIF, 1-8) into the upright
    /// photo. Regions of another type than <c>Face</c> (a pet, a focus area) and regions without a name are left out.
    /// </summary>
    public static IReadOnlyList<TaggedFace> Parse(ReadOnlySpan<byte> xmp, int orientation)
    {
        if (Load(xmp) is not { } document) return [];
        var faces = new List<TaggedFace>();
        foreach (var area in document.Descendants(MwgRegions + "Area"))
        {
            // RDF lets a property be an attribute or a child element; the region is the area's parent either way.
            var region = area.Parent;
            if (region is null) continue;
            var name = Property(region, MwgRegions + "Name")?.Trim();
            var type = Property(region, MwgRegions + "Type");
            if (string.IsNullOrEmpty(name) || (type is not null && !type.Equals("Face", StringComparison.OrdinalIgnoreCase))) continue;
            var unit = Property(area, Area + "unit");
            if (unit is not null && !unit.Equals("normalized", StringComparison.OrdinalIgnoreCase)) continue;
            if (Number(area, "x") is not { } x || Number(area, "y") is not { } y || Number(area, "w") is not { } w || Number(area, "h") is not { } h) continue;
            if (w <= 0 || h <= 0 || w > 1 || h > 1) continue;
            faces.Add(Upright(name, x - w / 2, y - h / 2, w, h, orientation));
        }
        return faces;
    }

    /// <summary>A box in the stored image turned as EXIF <paramref name="orientation"/> turns the image.</summary>
    internal static TaggedFace Upright(string name, float left, float top, float width, float height, int orientation)
    {
        var (x0, y0) = Turn(left, top, orientation);
        var (x1, y1) = Turn(left + width, top + height, orientation);
        return new TaggedFace(name, Math.Min(x0, x1), Math.Min(y0, y1), Math.Abs(x1 - x0), Math.Abs(y1 - y0));
    }

    private static (float X, float Y) Turn(float u, float v, int orientation) => orientation switch
    {
        2 => (1 - u, v),
        3 => (1 - u, 1 - v),
        4 => (u, 1 - v),
        5 => (v, u),
        6 => (1 - v, u),
        7 => (1 - v, 1 - u),
        8 => (v, 1 - u),
        _ => (u, v),
    };

    private static string? Property(XElement element, XName name) =>
        element.Attribute(name)?.Value ?? element.Element(name)?.Value;

    private static float? Number(XElement area, string name) =>
        float.TryParse(Property(area, Area + name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value) ? value : null;

    /// <summary>The packet from <c>&lt;x:xmpmeta</c> or the first element on: libvips hands over the XMP segment with its padding.</summary>
    private static ReadOnlySpan<byte> Trimmed(ReadOnlySpan<byte> xmp)
    {
        var start = xmp.IndexOf("<x:xmpmeta"u8);
        if (start < 0) start = xmp.IndexOf("<rdf:RDF"u8);
        if (start < 0) return xmp;
        var end = xmp.LastIndexOf("</x:xmpmeta>"u8);
        if (end > start) return xmp[start..(end + "</x:xmpmeta>".Length)];
        end = xmp.LastIndexOf("</rdf:RDF>"u8);
        return end > start ? xmp[start..(end + "</rdf:RDF>".Length)] : xmp[start..];
    }

    /// <summary>
    /// Whether the file's metadata names MWG regions or people in the image, found by a byte search, so the far costlier header read is made
    /// for tagged photos only: in a JPEG its segments before the compressed picture (XMP follows EXIF, each at most
    /// 64 KB; nothing of the picture is read), in other formats the first 256 KB.
    /// </summary>
    private static bool MentionsTags(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
            var head = new byte[4];
            if (stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4) return false;
            if (head[0] == 0xFF && head[1] == 0xD8) return JpegSegmentsMention(stream);
            stream.Position = 0;
            var buffer = new byte[(int)Math.Min(HeadBytes, stream.Length)];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return Mentions(buffer.AsSpan(0, read));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool Mentions(ReadOnlySpan<byte> bytes) =>
        bytes.IndexOf("metadataworkinggroup.com/schemas/regions"u8) >= 0 || bytes.IndexOf("PersonInImage"u8) >= 0;

    /// <summary>Walks a JPEG's segments from after SOI up to the start of the compressed picture (SOS), searching each APP1.</summary>
    private static bool JpegSegmentsMention(FileStream stream)
    {
        stream.Position = 2;
        var marker = new byte[4];
        var segment = new byte[ushort.MaxValue];
        while (stream.ReadAtLeast(marker, 4, throwOnEndOfStream: false) == 4 && marker[0] == 0xFF)
        {
            var type = marker[1];
            var length = (marker[2] << 8 | marker[3]) - 2;
            if (type == 0xDA || type == 0xD9 || length < 0) return false;
            if (type != 0xE1)
            {
                stream.Seek(length, SeekOrigin.Current);
                continue;
            }
            var read = stream.ReadAtLeast(segment.AsSpan(0, length), length, throwOnEndOfStream: false);
            if (Mentions(segment.AsSpan(0, read))) return true;
        }
        return false;
    }

    private static (byte[]? Xmp, int Orientation) EmbeddedXmp(string path)
    {
        try
        {
            VipsRuntime.EnsureConfigured();
            using var image = NetVips.Image.NewFromFile(path, access: NetVips.Enums.Access.Sequential);
            var xmp = image.Contains("xmp-data") ? image.Get("xmp-data") as byte[] : null;
            return (xmp, OrientationOf(image));
        }
        catch (NetVips.VipsException)
        {
            return (null, 1);
        }
    }

    /// <summary>The EXIF orientation of a photo: libvips' reading of it, or a raw file's from LibRaw; 1 when unreadable.</summary>
    internal static int OrientationOf(string path)
    {
        if (CameraRawDecoder.IsRawFile(path)) return CameraRawDecoder.Orientation(path);
        try
        {
            VipsRuntime.EnsureConfigured();
            using var image = NetVips.Image.NewFromFile(path, access: NetVips.Enums.Access.Sequential);
            return OrientationOf(image);
        }
        catch (NetVips.VipsException)
        {
            return 1;
        }
    }

    private static int OrientationOf(NetVips.Image image) =>
        image.Contains("orientation") ? Convert.ToInt32(image.Get("orientation"), CultureInfo.InvariantCulture) : 1;
}
