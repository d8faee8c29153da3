using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using FaceSort.Core.Imaging;

namespace FaceSort.Core.Export;

/// <summary>
/// The names of a photo's faces as an XMP sidecar (<c>photo.jpg.xmp</c>) in the Metadata Working Group's region schema,
/// the form <see cref="TaggedFaces"/> reads: digiKam, Immich, Lightroom Classic (for raw files), Mylio and exiftool read
/// it, so the people named in FaceSort come along when the person folders are added to one of them. A region is the
/// face's box in the stored image (before its EXIF orientation, as MWG Guidelines 2.0, 5.9 say), its centre and size in
/// fractions of the stored image, with the stored image's size in pixels; the names are also listed in
/// <c>Iptc4xmpExt:PersonInImage</c>, which programs without region support show as people.
/// </summary>
public static class XmpSidecar
{
    private static readonly XNamespace X = "adobe:ns:meta/";
    private static readonly XNamespace Rdf = TaggedFaces.Rdf;
    private static readonly XNamespace MwgRegions = TaggedFaces.MwgRegions;
    private static readonly XNamespace Area = TaggedFaces.Area;
    private static readonly XNamespace Dimensions = "http://ns.adobe.com/xap/1.0/sType/Dimensions#";
    private static readonly XNamespace IptcExtension = TaggedFaces.IptcExtension;

    /// <summary>Where a photo's sidecar goes: beside it, its full name with <c>.xmp</c> added, as digiKam and Immich look first.</summary>
    public static string NameFor(string photoFileName) => photoFileName + ".xmp";

    /// <summary>
    /// A name as XML can hold it: a person's name may carry characters XML 1.0 has no place for (U+FFFE, U+FFFF, control
    /// characters, a lone surrogate: pasted, or read from another program's tags), and the writer threw on them, which
    /// ended the whole export with <c>--xmp</c>. They are left out of the sidecar only.
    /// </summary>
    private static string XmlText(string name)
    {
        var kept = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsHighSurrogate(name[i]) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1])) kept.Append(name, i++, 2);
            else if (XmlConvert.IsXmlChar(name[i])) kept.Append(name[i]);
        }
        return kept.ToString();
    }

    /// <summary>
    /// The sidecar's text for <paramref name="faces"/> (boxes in fractions of the upright photo, as a viewer shows it,
    /// which is <paramref name="uprightWidth"/> × <paramref name="uprightHeight"/> pixels) of a photo stored with EXIF
    /// <paramref name="orientation"/>.
    /// </summary>
    public static string Write(IReadOnlyList<TaggedFace> faces, int uprightWidth, int uprightHeight, int orientation)
    {
        var stored = Inverse(orientation);
        var turned = orientation is >= 5 and <= 8;
        var (storedWidth, storedHeight) = turned ? (uprightHeight, uprightWidth) : (uprightWidth, uprightHeight);
        var regions = faces.Select(face =>
        {
            var box = TaggedFaces.Upright(face.Name, face.X, face.Y, face.Width, face.Height, stored);
            return new XElement(Rdf + "li", new XAttribute(Rdf + "parseType", "Resource"),
                new XElement(MwgRegions + "Area",
                    new XAttribute(Area + "x", Fraction(box.X + box.Width / 2)),
                    new XAttribute(Area + "y", Fraction(box.Y + box.Height / 2)),
                    new XAttribute(Area + "w", Fraction(box.Width)),
                    new XAttribute(Area + "h", Fraction(box.Height)),
                    new XAttribute(Area + "unit", "normalized")),
                new XElement(MwgRegions + "Name", XmlText(face.Name)),
                new XElement(MwgRegions + "Type", "Face"));
        });
        var description = new XElement(Rdf + "Description",
            new XAttribute(Rdf + "about", ""),
            new XAttribute(XNamespace.Xmlns + "mwg-rs", MwgRegions),
            new XAttribute(XNamespace.Xmlns + "stArea", Area),
            new XAttribute(XNamespace.Xmlns + "stDim", Dimensions),
            new XAttribute(XNamespace.Xmlns + "Iptc4xmpExt", IptcExtension),
            new XElement(MwgRegions + "Regions", new XAttribute(Rdf + "parseType", "Resource"),
                new XElement(MwgRegions + "AppliedToDimensions",
                    new XAttribute(Dimensions + "w", storedWidth.ToString(CultureInfo.InvariantCulture)),
                    new XAttribute(Dimensions + "h", storedHeight.ToString(CultureInfo.InvariantCulture)),
                    new XAttribute(Dimensions + "unit", "pixel")),
                new XElement(MwgRegions + "RegionList", new XElement(Rdf + "Bag", regions))),
            new XElement(IptcExtension + "PersonInImage",
                new XElement(Rdf + "Bag", faces.Select(f => f.Name).Distinct(StringComparer.Ordinal).Select(name => new XElement(Rdf + "li", XmlText(name))))));
        var document = new XElement(X + "xmpmeta",
            new XAttribute(XNamespace.Xmlns + "x", X),
            new XAttribute(X + "xmptk", "FaceSort"),
            new XElement(Rdf + "RDF", new XAttribute(XNamespace.Xmlns + "rdf", Rdf), description));
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true, NewLineChars = "\n" }))
            document.WriteTo(writer);
        return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n" + text + "\n<?xpacket end=\"w\"?>\n";
    }

    /// <summary>The orientation that turns the upright photo back into the stored one: quarter turns swap, the rest are their own inverse.</summary>
    private static int Inverse(int orientation) => orientation switch
    {
        6 => 8,
        8 => 6,
        _ => orientation,
    };

    private static string Fraction(float value) => Math.Clamp(value, 0f, 1f).ToString("0.######", CultureInfo.InvariantCulture);
}
