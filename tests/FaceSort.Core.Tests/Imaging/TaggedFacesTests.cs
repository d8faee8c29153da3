using System.Text;
using FaceSort.Core.Imaging;

namespace FaceSort.Core.Tests.Imaging;

/// <summary>Face names other programs wrote as MWG regions, read from the photo or its sidecar and turned upright.</summary>
public sealed class TaggedFacesTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-tags-").FullName;

    [Fact]
    public void Regions_written_as_elements_by_exiftool_and_as_attributes_by_digikam_are_read_the_same()
    {
        // exiftool -XMP-mwg-rs:RegionInfo=… writes each property as an element (rdf:parseType='Resource').
        const string elements = """
            <x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>
             <rdf:Description rdf:about='' xmlns:mwg-rs='http://www.metadataworkinggroup.com/schemas/regions/'
              xmlns:stArea='http://ns.adobe.com/xmp/sType/Area#'>
              <mwg-rs:Regions rdf:parseType='Resource'><mwg-rs:RegionList><rdf:Bag>
               <rdf:li rdf:parseType='Resource'>
                <mwg-rs:Area rdf:parseType='Resource'><stArea:h>0.2</stArea:h><stArea:unit>normalized</stArea:unit>
                 <stArea:w>0.1</stArea:w><stArea:x>0.25</stArea:x><stArea:y>0.5</stArea:y></mwg-rs:Area>
                <mwg-rs:Name>Amy Farrah</mwg-rs:Name><mwg-rs:Type>Face</mwg-rs:Type>
               </rdf:li>
               <rdf:li rdf:parseType='Resource'>
                <mwg-rs:Area rdf:parseType='Resource'><stArea:h>0.2</stArea:h><stArea:unit>normalized</stArea:unit>
                 <stArea:w>0.1</stArea:w><stArea:x>0.75</stArea:x><stArea:y>0.5</stArea:y></mwg-rs:Area>
                <mwg-rs:Name>Rex</mwg-rs:Name><mwg-rs:Type>Pet</mwg-rs:Type>
               </rdf:li>
              </rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>
             </rdf:Description></rdf:RDF></x:xmpmeta>
            """;
        var attributes = JpegSegments.RegionsPacket(("Amy Farrah", 0.25f, 0.5f, 0.1f, 0.2f));

        var fromElements = TaggedFaces.Parse(Encoding.UTF8.GetBytes(elements), orientation: 1);
        var fromAttributes = TaggedFaces.Parse(Encoding.UTF8.GetBytes(attributes), orientation: 1);

        // The pet is not a face; x and y are the region's centre.
        fromElements.ShouldBe([new TaggedFace("Amy Farrah", 0.2f, 0.4f, 0.1f, 0.2f)], new TaggedFaceComparer());
        fromAttributes.ShouldBe(fromElements, new TaggedFaceComparer());
    }

    [Theory]
    [InlineData(1, 0.10f, 0.20f, 0.20f, 0.10f)]
    [InlineData(3, 0.70f, 0.70f, 0.20f, 0.10f)]
    [InlineData(6, 0.70f, 0.10f, 0.10f, 0.20f)]
    [InlineData(8, 0.20f, 0.70f, 0.10f, 0.20f)]
    public void A_region_of_the_stored_image_is_turned_with_the_photo(int orientation, float x, float y, float w, float h)
    {
        // A box at the stored image's top left (left 0.1, top 0.2, 0.2 wide, 0.1 high). Turned a quarter clockwise
        // (orientation 6) the top left goes to the top right, and width and height swap.
        var packet = JpegSegments.RegionsPacket(("Penny", 0.2f, 0.25f, 0.2f, 0.1f));

        var face = TaggedFaces.Parse(Encoding.UTF8.GetBytes(packet), orientation).ShouldHaveSingleItem();

        face.ShouldBe(new TaggedFace("Penny", x, y, w, h), new TaggedFaceComparer());
    }

    [Fact]
    public void Malformed_or_region_free_metadata_gives_no_names()
    {
        TaggedFaces.Parse("<x:xmpmeta><rdf:RDF"u8, 1).ShouldBeEmpty();
        TaggedFaces.Parse(Encoding.UTF8.GetBytes(JpegSegments.RegionsPacket()), 1).ShouldBeEmpty();
        TaggedFaces.Parse("not xml at all"u8, 1).ShouldBeEmpty();
    }

    [Fact]
    public void A_deeply_nested_packet_is_refused_quickly_and_a_tagger_deep_one_is_read()
    {
        // Found by bench/reference/fuzz_photos.py: a sidecar of 100,000 nested elements kept organize busy for minutes
        // (XDocument.Load is quadratic in the depth: 20,000 took 1.8 s, 40,000 5.3 s).
        var packet = JpegSegments.RegionsPacket(("Amy", 0.5f, 0.5f, 0.2f, 0.2f));
        string Nested(int depth) => packet.Replace("<mwg-rs:Regions>", string.Concat(Enumerable.Repeat("<a>", depth)) + "<mwg-rs:Regions>", StringComparison.Ordinal)
            .Replace("</mwg-rs:Regions>", "</mwg-rs:Regions>" + string.Concat(Enumerable.Repeat("</a>", depth)), StringComparison.Ordinal);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        TaggedFaces.Parse(Encoding.UTF8.GetBytes(Nested(60_000)), 1).ShouldBeEmpty();
        TaggedFaces.PeopleInImage(Encoding.UTF8.GetBytes(Nested(60_000))).ShouldBeEmpty();

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(4));
        TaggedFaces.Parse(Encoding.UTF8.GetBytes(Nested(40)), 1).Select(f => f.Name).ShouldBe(["Amy"]);
    }

    // A named pipe as a sidecar made the cluster step wait forever; the timeout turns that into a failure.
    [Fact(Timeout = 60_000)]
    public async Task A_sidecar_that_is_a_pipe_a_device_or_huge_is_never_read()
    {
        var bbt3 = File.ReadAllBytes(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", "bbt3.jpg"));
        string Photo(string name)
        {
            var path = Path.Combine(_work, name);
            File.WriteAllBytes(path, bbt3);
            return path;
        }
        var piped = Photo("piped.jpg");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [piped + ".xmp", Path.Combine(_work, "piped.jpg.json")]))
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
        var zeros = Photo("zeros.jpg");
        File.CreateSymbolicLink(zeros + ".xmp", "/dev/zero");
        File.CreateSymbolicLink(zeros + ".json", "/dev/zero");
        var huge = Photo("huge.jpg");
        // 17 MB of which only the start is a packet (sparse: nothing is written beyond it).
        await File.WriteAllTextAsync(huge + ".xmp", JpegSegments.RegionsPacket(("Amy", 0.5f, 0.5f, 0.2f, 0.2f)), TestContext.Current.CancellationToken);
        using (var stream = File.OpenWrite(huge + ".xmp")) stream.SetLength(17L << 20);

        var names = await Task.Run(() => new[] { piped, zeros, huge }.Select(p => TaggedFaces.Read(p).Count + TaggedFaces.ReadPeople(p).Count).ToList(),
            TestContext.Current.CancellationToken);

        names.ShouldBe([0, 0, 0]);
    }

    [Fact]
    public void Names_are_read_from_the_photo_and_else_from_a_sidecar_beside_it()
    {
        var bbt3 = File.ReadAllBytes(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", "bbt3.jpg"));
        var embedded = Path.Combine(_work, "embedded.jpg");
        File.WriteAllBytes(embedded, JpegSegments.WithSegments(bbt3, JpegSegments.XmpRegions(("Sheldon", 0.1f, 0.2f, 0.1f, 0.2f))));
        // digiKam names its sidecars photo.jpg.xmp, Lightroom and darktable photo.xmp.
        var digikam = Path.Combine(_work, "digikam.jpg");
        File.WriteAllBytes(digikam, bbt3);
        File.WriteAllText(digikam + ".xmp", JpegSegments.RegionsPacket(("Howard", 0.3f, 0.3f, 0.1f, 0.2f)));
        var lightroom = Path.Combine(_work, "lightroom.jpg");
        File.WriteAllBytes(lightroom, bbt3);
        File.WriteAllText(Path.Combine(_work, "lightroom.xmp"), JpegSegments.RegionsPacket(("Raj", 0.6f, 0.3f, 0.1f, 0.2f)));
        var plain = Path.Combine(_work, "plain.jpg");
        File.WriteAllBytes(plain, bbt3);

        TaggedFaces.Read(embedded).ShouldHaveSingleItem().Name.ShouldBe("Sheldon");
        TaggedFaces.Read(digikam).ShouldHaveSingleItem().Name.ShouldBe("Howard");
        TaggedFaces.Read(lightroom).ShouldHaveSingleItem().Name.ShouldBe("Raj");
        TaggedFaces.Read(plain).ShouldBeEmpty();
    }

    [Fact]
    public void A_turned_JPEGs_regions_are_turned_by_its_own_EXIF_orientation()
    {
        var bbt3 = File.ReadAllBytes(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", "bbt3.jpg"));
        var path = Path.Combine(_work, "turned.jpg");
        File.WriteAllBytes(path, JpegSegments.WithSegments(bbt3, JpegSegments.Exif(6), JpegSegments.XmpRegions(("Penny", 0.2f, 0.25f, 0.2f, 0.1f))));

        TaggedFaces.Read(path).ShouldHaveSingleItem().ShouldBe(new TaggedFace("Penny", 0.7f, 0.1f, 0.1f, 0.2f), new TaggedFaceComparer());
    }

    [Theory]
    [InlineData("IMG_20190612_000923.jpg", "IMG_20190612_000923.jpg.json", "IMG_20190612_000923.jpg.supplemental-metadata.json")]
    [InlineData("Screenshot_20190117-000911.png", "Screenshot_20190117-000911.png.json", "Screenshot_20190117-000911.png.supplemental-me.json")]
    [InlineData("Birthday party in the garden with everyone toge.jpg", "Birthday party in the garden with everyone tog.json", "Birthday party in the garden with everyone tog.json")]
    [InlineData("Birthday party in the garden with everyone toge(1).jpg", "Birthday party in the garden with everyone tog(1).json", "Birthday party in the garden with everyone tog(1).json")]
    [InlineData("IMG_0001(2).jpg", "IMG_0001.jpg(2).json", "IMG_0001.jpg.supplemental-metadata(2).json")]
    public void Google_takeouts_sidecar_names_are_found_as_takeout_writes_them(string photo, string plain, string since2024)
    {
        // As Takeout names them (bench/reference/google_takeout.py): the name before .json cut to 46 characters, a
        // clash's (n) after the photo's extension.
        var sidecars = TaggedFaces.TakeoutSidecarsOf(Path.Combine("/t", photo)).Select(Path.GetFileName).ToList();

        sidecars.ShouldContain(plain);
        sidecars.ShouldContain(since2024);
    }

    [Fact]
    public void An_edited_copy_is_named_by_its_originals_takeout_sidecar() =>
        TaggedFaces.TakeoutSidecarsOf("/t/IMG_0001-edited.jpg").Select(Path.GetFileName).ShouldContain("IMG_0001.jpg.json");

    [Fact]
    public void A_takeout_name_that_is_not_valid_UTF_16_is_passed_over_and_the_others_kept()
    {
        // Found by bench/reference/fuzz_photos.py: a lone surrogate escape in one sidecar's name ended organize with
        // "facesort: Cannot read invalid UTF-16 JSON text as string" and no person folders at all.
        var photo = Path.Combine(_work, "IMG_0004.jpg");
        File.WriteAllBytes(photo, File.ReadAllBytes(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", "bbt3.jpg")));
        File.WriteAllText(photo + ".json", """{"people": [{"name": "Amy\uDEAD"}, {"name": "Penny"}, {"name": "\ud800"}]}""");

        TaggedFaces.ReadPeople(photo).ShouldBe(["Penny"]);

        // A byte that is not UTF-8 inside a name (one flipped byte): "Cannot transcode invalid UTF-8 JSON text".
        File.WriteAllBytes(photo + ".json", [.. "{\"people\": [{\"name\": \"Amy Farrah Fow"u8, 0x9C, .. "er\"}, {\"name\": \"Sheldon\"}]}"u8]);
        TaggedFaces.ReadPeople(photo).ShouldBe(["Sheldon"]);
    }

    [Fact]
    public void A_takeout_sidecar_saved_with_a_byte_order_mark_is_read()
    {
        // Saved again by an editor that writes UTF-8 with a BOM (Notepad): its names were passed over in silence.
        var photo = Path.Combine(_work, "IMG_0005.jpg");
        File.WriteAllBytes(photo, File.ReadAllBytes(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", "bbt3.jpg")));
        File.WriteAllText(photo + ".json", """{"people": [{"name": "Penny"}]}""", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        TaggedFaces.ReadPeople(photo).ShouldBe(["Penny"]);
    }

    [Fact]
    public void People_named_without_a_place_come_from_google_takeout_and_from_person_in_image()
    {
        var bbt3 = File.ReadAllBytes(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", "bbt3.jpg"));
        var google = Path.Combine(_work, "IMG_0001.jpg");
        File.WriteAllBytes(google, bbt3);
        File.WriteAllText(google + ".supplemental-metadata.json",
            """{"title": "IMG_0001.jpg", "people": [{"name": "Penny"}, {"name": "Sheldon Cooper"}], "photoTakenTime": {"timestamp": "1560298163"}}""");
        var lightroom = Path.Combine(_work, "DSC_0002.jpg");
        File.WriteAllBytes(lightroom, bbt3);
        File.WriteAllText(Path.Combine(_work, "DSC_0002.xmp"), """
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">
            <Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Raj</rdf:li><rdf:li>raj</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>
            </rdf:Description></rdf:RDF></x:xmpmeta>
            """);
        var broken = Path.Combine(_work, "IMG_0003.jpg");
        File.WriteAllBytes(broken, bbt3);
        File.WriteAllText(broken + ".json", "{\"people\": [{\"name\": ");

        TaggedFaces.ReadPeople(google).ShouldBe(["Penny", "Sheldon Cooper"]);
        TaggedFaces.ReadPeople(lightroom).ShouldBe(["Raj"]);
        TaggedFaces.ReadPeople(broken).ShouldBeEmpty();
        TaggedFaces.Read(google).ShouldBeEmpty("a name without a place is no region");
    }

    private sealed class TaggedFaceComparer : IEqualityComparer<TaggedFace>
    {
        public bool Equals(TaggedFace? a, TaggedFace? b) =>
            a is not null && b is not null && a.Name == b.Name && Near(a.X, b.X) && Near(a.Y, b.Y) && Near(a.Width, b.Width) && Near(a.Height, b.Height);

        public int GetHashCode(TaggedFace face) => face.Name.GetHashCode(StringComparison.Ordinal);

        private static bool Near(float a, float b) => Math.Abs(a - b) < 1e-5f;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
