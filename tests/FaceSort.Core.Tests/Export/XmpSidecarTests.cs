using System.Text;
using FaceSort.Core.Clustering;
using FaceSort.Core.Corrections;
using FaceSort.Core.Export;
using FaceSort.Core.Imaging;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;
using FaceSort.Core.Tests.Pipeline;

namespace FaceSort.Core.Tests.Export;

/// <summary>Names written into XMP sidecars beside exported photos, as MWG regions other programs read.</summary>
[Collection(ModelCollection.Name)]
public sealed class XmpSidecarTests(ModelFixture fixture) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-xmp-").FullName;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void A_written_region_reads_back_as_the_same_upright_box_for_every_orientation(int orientation)
    {
        TaggedFace[] faces = [new("Penny", 0.70f, 0.10f, 0.10f, 0.20f), new("Dr. <Cooper> & \"Co\"", 0.05f, 0.5f, 0.3f, 0.25f)];

        var text = XmpSidecar.Write(faces, 600, 400, orientation);

        var read = TaggedFaces.Parse(Encoding.UTF8.GetBytes(text), orientation);
        read.Count.ShouldBe(2);
        for (var i = 0; i < faces.Length; i++)
        {
            read[i].Name.ShouldBe(faces[i].Name);
            read[i].X.ShouldBe(faces[i].X, 1e-5f);
            read[i].Y.ShouldBe(faces[i].Y, 1e-5f);
            read[i].Width.ShouldBe(faces[i].Width, 1e-5f);
            read[i].Height.ShouldBe(faces[i].Height, 1e-5f);
        }
        TaggedFaces.PeopleInImage(Encoding.UTF8.GetBytes(text)).ShouldBe(["Penny", "Dr. <Cooper> & \"Co\""]);
    }

    [Fact]
    public void A_name_with_characters_xml_cannot_hold_is_written_without_them()
    {
        // "Anna\uFFFE" threw from the XML writer and ended the whole export with --xmp.
        var text = XmpSidecar.Write([new TaggedFace("Anna\uFFFE\u0001 😀", 0.1f, 0.1f, 0.2f, 0.2f)], 400, 600, orientation: 1);

        text.ShouldContain("<mwg-rs:Name>Anna 😀</mwg-rs:Name>");
        text.ShouldContain("<rdf:li>Anna 😀</rdf:li>");
    }

    [Fact]
    public void A_photo_turned_a_quarter_is_described_in_its_stored_pixels()
    {
        // Upright, the photo is 400 wide and 600 high; stored, it lies on its side (EXIF 6: turn a quarter clockwise to
        // view), 600 × 400. The face at the upright top right (left 0.7, top 0.1) is at the stored top left, and its
        // width and height swap: left 0.1, top 0.2, 0.2 wide, 0.1 high, so its centre is (0.2, 0.25).
        var text = XmpSidecar.Write([new TaggedFace("Penny", 0.70f, 0.10f, 0.10f, 0.20f)], 400, 600, orientation: 6);

        text.ShouldContain("stDim:w=\"600\" stDim:h=\"400\"");
        text.ShouldContain("stArea:x=\"0.2\" stArea:y=\"0.25\" stArea:w=\"0.2\" stArea:h=\"0.1\"");
    }

    [Fact]
    public async Task Named_people_come_back_named_when_the_exported_folders_are_read_by_a_program_that_reads_regions()
    {
        var photos = FixturePhotos.CopyTo(Path.Combine(TestPaths.Fixtures, "faceapi-bbt"), Path.Combine(_work, "photos"));
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        await Scan(library, photos);
        new PeopleUpdater(library).Update(new FaceSortClusterer(), full: true, cancellationToken: TestContext.Current.CancellationToken);
        var people = new PeopleStore(library);
        string[] names = ["Ann", "Bo Ö", "Cy"];
        var named = people.Summaries().Take(3).Select((p, i) => (p.Person.Id, Name: names[i])).ToList();
        foreach (var (id, name) in named) new CorrectionService(library).Rename(id, name);
        var export = Path.Combine(_work, "export");
        var service = new ExportService(new PhotoStore(library), new FaceStore(library), people);

        var summary = service.Export(export, new ExportOptions { WithXmpSidecars = true }, TestContext.Current.CancellationToken);

        // Beside every photo with a named face, in every folder it is in; none beside any other.
        var namedIds = named.Select(n => n.Id).ToHashSet();
        var withNamedFace = new FaceStore(library).AllPresent().Where(f => people.Assignments().TryGetValue(f.Id, out var a) && namedIds.Contains(a.PersonId))
            .Select(f => f.PhotoId).ToHashSet();
        var namedFiles = new PhotoStore(library).All().Where(p => withNamedFace.Contains(p.Id)).Select(p => Path.GetFileName(p.RelativePath)).ToHashSet();
        var exportedPhotos = Directory.EnumerateFiles(export, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetDirectoryName(f) != export && !f.EndsWith(".xmp", StringComparison.Ordinal)).ToList();
        exportedPhotos.Count.ShouldBeGreaterThan(40);
        foreach (var photo in exportedPhotos) File.Exists(photo + ".xmp").ShouldBe(namedFiles.Contains(Path.GetFileName(photo)), photo);
        var sidecars = Directory.EnumerateFiles(export, "*.xmp", SearchOption.AllDirectories).Count();
        summary.SidecarsWritten.ShouldBe(sidecars);
        sidecars.ShouldBeGreaterThan(20);

        // Exporting again writes nothing new; exporting without sidecars removes those it wrote, but not one a photo
        // program has written its own tags into since (digiKam keeps ratings and labels in sidecars).
        service.Export(export, new ExportOptions { WithXmpSidecars = true }, TestContext.Current.CancellationToken).SidecarsWritten.ShouldBe(0);
        var rated = Directory.EnumerateFiles(export, "*.xmp", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        File.AppendAllText(rated, "<!-- rated 5 by another photo program -->\n");
        var without = service.Export(export, new ExportOptions(), TestContext.Current.CancellationToken);
        without.SidecarsWritten.ShouldBe(0);
        without.KeptAsChanged.ShouldBe([Path.GetRelativePath(export, rated).Replace('\\', '/')]);
        Directory.EnumerateFiles(export, "*.xmp", SearchOption.AllDirectories).ShouldBe([rated]);
        service.Export(export, new ExportOptions { WithXmpSidecars = true }, TestContext.Current.CancellationToken).SidecarsWritten.ShouldBe(sidecars - 1);
        File.ReadAllText(rated).ShouldContain("rated 5");

        // Another library reading the person folders (as digiKam or Immich would) finds the three people by name,
        // each with the photos of its folder.
        var imported = Path.Combine(_work, "imported");
        foreach (var name in names) FixturePhotos.CopyTo(Path.Combine(export, name), Path.Combine(imported, name));
        var second = LibraryDatabase.Open(Path.Combine(_work, "second"));
        await Scan(second, imported);
        var update = new PeopleUpdater(second).Update(new FaceSortClusterer(), full: true, cancellationToken: TestContext.Current.CancellationToken);
        update.NamedFromTags.ShouldBeGreaterThan(0);
        var secondPeople = new PeopleStore(second);
        var photoNames = new PhotoStore(second).All().ToDictionary(p => p.Id, p => Path.GetFileName(p.RelativePath));
        var faces = new FaceStore(second).AllPresent().ToDictionary(f => f.Id);
        foreach (var name in names)
        {
            var person = secondPeople.Summaries().Single(s => s.Person.Name == name).Person.Id;
            var holds = secondPeople.Assignments().Where(a => a.Value.PersonId == person).Select(a => photoNames[faces[a.Key].PhotoId]).ToHashSet();
            var folder = Directory.EnumerateFiles(Path.Combine(export, name)).Select(Path.GetFileName).Where(f => !f!.EndsWith(".xmp", StringComparison.Ordinal));
            holds.ShouldBe(folder.ToHashSet()!, ignoreOrder: true);
        }
    }

    private async Task Scan(LibraryDatabase library, string photos)
    {
        var models = fixture.Models;
        await new ScanService(library, new VipsPhotoDecoder(), models.Detector, models.Aligner, models.Embedder)
            .ScanAsync([photos], null, TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
