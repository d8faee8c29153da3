using FaceSort.Core.Clustering;
using FaceSort.Core.Corrections;
using FaceSort.Core.Imaging;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;
using FaceSort.Core.Tests.Imaging;
using FaceSort.Core.Tests.Pipeline;

namespace FaceSort.Core.Tests.Corrections;

/// <summary>
/// Faces another program named in the photos (MWG regions in the XMP) become the user's people: the faceapi-bbt set,
/// its group photo bbt3 given the five names a digiKam user would give it after FaceSort first scanned it.
/// </summary>
[Collection(ModelCollection.Name)]
public sealed class TaggedNameImportTests(ModelFixture fixture) : IDisposable
{
    private static readonly string[] LeftToRight = ["Sheldon", "Howard", "Penny", "Raj", "Leonard"];
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-tagged-").FullName;

    [Fact]
    public async Task Names_from_another_program_name_the_people_once_and_a_later_user_move_stands()
    {
        var (photos, library) = await ScannedFixtureAsync();
        var bbt3 = Path.Combine(photos, "group", "bbt3.jpg");
        var boxes = FacesOf(library, "group/bbt3.jpg").OrderBy(f => f.Box.X).ToList();
        boxes.Count.ShouldBe(5);
        WriteNames(bbt3, boxes, LeftToRight);
        await Scan(library, photos);

        var updater = new PeopleUpdater(library);
        updater.Update(new FaceSortClusterer(), full: true, cancellationToken: TestContext.Current.CancellationToken);

        var corrections = new CorrectionService(library);
        var entry = corrections.History().ShouldHaveSingleItem();
        entry.Kind.ShouldBe(CorrectionKind.NameFromTags);
        entry.Summary.ShouldStartWith("named 5 faces");
        var people = new PeopleStore(library);
        EachNamedPersonHoldsTheirOwnFaces(library);

        // Nothing new: the photo is not read again and no entry is added.
        new TaggedNameImport(library).Import(TestContext.Current.CancellationToken).PhotosRead.ShouldBe(0);
        updater.Update(new FaceSortClusterer(), full: true, cancellationToken: TestContext.Current.CancellationToken);
        corrections.History().Count.ShouldBe(1);

        // The user disagrees with the other program about Raj's group face: the next scans leave it where they put it.
        var raj = boxes[3].Id;
        var mine = corrections.MoveFaces([raj], null, "Not Raj").PersonId!.Value;
        File.AppendAllText(bbt3 + ".xmp", ""); // a sidecar appears: the photo's tags are read again
        updater.Update(new FaceSortClusterer(), full: true, cancellationToken: TestContext.Current.CancellationToken);
        people.Assignments()[raj].PersonId.ShouldBe(mine);

        // A name changed in the other program is a new decision, applied again. Every face named Sheldon now carries
        // the new name and is still in Sheldon's person: the tag was renamed, and so is the person, with all his faces.
        var sheldon = people.Summaries().Single(s => s.Person.Name == "Sheldon");
        WriteNames(bbt3, boxes, ["Dr. Cooper", "Howard", "Penny", "Raj", "Leonard"]);
        await Scan(library, photos);
        updater.Update(new FaceSortClusterer(), full: true, cancellationToken: TestContext.Current.CancellationToken);
        var cooper = people.Summaries().Single(s => s.Person.Name == "Dr. Cooper");
        cooper.Person.Id.ShouldBe(sheldon.Person.Id);
        cooper.FaceCount.ShouldBe(sheldon.FaceCount);
        people.Assignments()[boxes[0].Id].PersonId.ShouldBe(cooper.Person.Id);
        people.Assignments()[raj].PersonId.ShouldBe(mine);
        corrections.History()[0].Summary.ShouldBe("named Sheldon 'Dr. Cooper'");

        // A face named as someone already there (Penny's group face, retagged Leonard): moved, as a user's own move.
        WriteNames(bbt3, boxes, ["Dr. Cooper", "Howard", "Leonard", "Raj", "Leonard"]);
        await Scan(library, photos);
        updater.Update(new FaceSortClusterer(), full: true, cancellationToken: TestContext.Current.CancellationToken);
        var leonard = people.Summaries().Single(s => s.Person.Name == "Leonard").Person;
        people.Assignments()[boxes[2].Id].PersonId.ShouldBe(leonard.Id);
        people.Summaries().ShouldContain(s => s.Person.Name == "Penny");
        corrections.History()[0].Summary.ShouldBe("named face " + boxes[2].Id + " as the photos' own tags name them: Leonard");
    }

    [Fact]
    public async Task Names_given_after_FaceSort_grouped_the_people_name_those_people()
    {
        // The usual order: FaceSort first, then a few faces named in digiKam. A new person of each name's tagged faces
        // split each character in two (13 people, five of one face); the names now go to the people holding the faces.
        var (photos, library) = await ScannedFixtureAsync();
        var updater = new PeopleUpdater(library);
        updater.Update(new FaceSortClusterer(), cancellationToken: TestContext.Current.CancellationToken);
        var before = new PeopleStore(library).Count();
        WriteNames(Path.Combine(photos, "group", "bbt3.jpg"), [.. FacesOf(library, "group/bbt3.jpg").OrderBy(f => f.Box.X)], LeftToRight);
        await Scan(library, photos);

        var summary = updater.Update(new FaceSortClusterer(), cancellationToken: TestContext.Current.CancellationToken);

        summary.NamedFromTags.ShouldBe(5);
        new PeopleStore(library).Count().ShouldBe(before, "the named people are the people FaceSort had found");
        EachNamedPersonHoldsTheirOwnFaces(library);
        // One entry names the faces and the people, undone as one.
        new CorrectionService(library).History().ShouldHaveSingleItem().Summary.ShouldContain("; named Person_");
    }

    [Fact]
    public async Task A_named_photo_added_to_a_library_with_people_names_the_people_recognition_puts_its_faces_in()
    {
        // bbt3 arrives later, its faces named: new faces in no person yet. Named before the run, each made a person of
        // one face beside the person recognition then put the rest in; now the names wait for recognition.
        var (photos, library) = await ScannedFixtureAsync();
        var bbt3 = Path.Combine(photos, "group", "bbt3.jpg");
        var boxes = FacesOf(library, "group/bbt3.jpg").OrderBy(f => f.Box.X).ToList();
        var named = Path.Combine(_work, "bbt3-named.jpg");
        WriteNames(named, boxes, LeftToRight);
        File.Delete(bbt3);
        var fresh = LibraryDatabase.Open(Path.Combine(_work, "fresh"));
        await Scan(fresh, photos);
        var updater = new PeopleUpdater(fresh);
        updater.Update(new FaceSortClusterer(), cancellationToken: TestContext.Current.CancellationToken);
        var before = new PeopleStore(fresh).Count();
        File.Copy(named, bbt3);
        await Scan(fresh, photos);

        updater.Update(new FaceSortClusterer(), cancellationToken: TestContext.Current.CancellationToken).NamedFromTags.ShouldBe(5);

        new PeopleStore(fresh).Count().ShouldBe(before);
        EachNamedPersonHoldsTheirOwnFaces(fresh);
    }

    [Fact]
    public async Task A_named_newcomer_is_counted_among_the_people_of_the_run_that_named_it()
    {
        // Amy's portraits clustered; then Penny's first portrait arrives named in a sidecar. Recognition knows no Penny,
        // so her name, given after the run, makes her person; the run's summary counts it.
        var photos = Path.Combine(_work, "photos");
        Directory.CreateDirectory(photos);
        for (var i = 1; i <= 5; i++)
            File.Copy(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "amy", $"amy{i}.png"), Path.Combine(photos, $"amy{i}.png"));
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        await Scan(library, photos);
        var updater = new PeopleUpdater(library);
        updater.Update(new FaceSortClusterer(), cancellationToken: TestContext.Current.CancellationToken).People.ShouldBe(1);
        var penny = Path.Combine(photos, "penny1.png");
        File.Copy(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "penny", "penny1.png"), penny);
        File.WriteAllText(penny + ".xmp", JpegSegments.RegionsPacket(("Penny", 0.5f, 0.5f, 0.8f, 0.8f)));
        await Scan(library, photos);

        var summary = updater.Update(new FaceSortClusterer(), cancellationToken: TestContext.Current.CancellationToken);

        summary.NamedFromTags.ShouldBe(1);
        summary.People.ShouldBe(2);
        new PeopleStore(library).Summaries().ShouldContain(s => s.Person.Name == "Penny" && s.FaceCount == 1);
    }

    /// <summary>
    /// Each of bbt3's five characters is a person of that name holding the character's own five portraits and group
    /// faces, nobody else's: the names joined the group face to its portraits, and the five stayed apart.
    /// </summary>
    private static void EachNamedPersonHoldsTheirOwnFaces(LibraryDatabase library)
    {
        var people = new PeopleStore(library);
        var photosById = new PhotoStore(library).All().ToDictionary(p => p.Id, p => p.RelativePath);
        var assignments = people.Assignments();
        foreach (var name in LeftToRight)
        {
            var person = people.Summaries().Single(s => s.Person.Name == name).Person;
            var folders = assignments.Where(a => a.Value.PersonId == person.Id)
                .Select(a => photosById[new FaceStore(library).Get(a.Key)!.PhotoId].Split('/')[0]).ToList();
            folders.ShouldAllBe(folder => folder == name.ToLowerInvariant() || folder == "group", name);
            folders.Count(folder => folder == name.ToLowerInvariant()).ShouldBe(5, name);
        }
    }

    [Fact]
    public async Task A_region_where_no_face_was_found_and_a_name_FaceSort_refuses_change_nothing()
    {
        var (bbt3, library) = await ScannedGroupPhotoAsync();
        var first = FacesOf(library, "bbt3.jpg").MinBy(f => f.Box.X)!;
        // One region on the wall (no face there), one on a face but named as FaceSort names unnamed people.
        File.WriteAllText(bbt3 + ".xmp", JpegSegments.RegionsPacket(("Wall", 0.5f, 0.9f, 0.05f, 0.05f), Region(first, "Person_042")));

        var result = new TaggedNameImport(library).Import(TestContext.Current.CancellationToken);

        result.TaggedFaces.ShouldBe(2);
        result.Unmatched.ShouldBe(1);
        result.Named.ShouldBe(0);
        new PeopleStore(library).Count().ShouldBe(0);
    }

    [Fact]
    public async Task Google_takeouts_people_name_the_face_of_a_photo_of_one_face_and_one_name()
    {
        // A Takeout of the portraits: Google Photos named Amy and Penny in their photos' JSON; the group photo lists two
        // people for five faces, and which face is whose is not said there.
        var photos = Path.Combine(_work, "Takeout", "Google Photos", "Photos from 2019");
        Directory.CreateDirectory(photos);
        foreach (var person in new[] { "amy", "penny" })
            for (var i = 1; i <= 5; i++)
            {
                var photo = Path.Combine(photos, $"{person}{i}.png");
                File.Copy(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", person, $"{person}{i}.png"), photo);
                if (i <= 2) File.WriteAllText(photo + ".supplemental-metadata.json", $$"""{"title": "{{person}}{{i}}.png", "people": [{"name": "{{(person == "amy" ? "Amy Farrah" : "Penny")}}"}]}""");
            }
        File.Copy(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", "bbt3.jpg"), Path.Combine(photos, "bbt3.jpg"));
        File.WriteAllText(Path.Combine(photos, "bbt3.jpg.json"), """{"people": [{"name": "Penny"}, {"name": "Sheldon"}]}""");
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        await Scan(library, Path.Combine(_work, "Takeout"));

        new PeopleUpdater(library).Update(new FaceSortClusterer(), full: true, cancellationToken: TestContext.Current.CancellationToken)
            .NamedFromTags.ShouldBe(4);

        var people = new PeopleStore(library);
        var photosById = new PhotoStore(library).All().ToDictionary(p => p.Id, p => Path.GetFileName(p.RelativePath));
        foreach (var (name, prefix) in new[] { ("Amy Farrah", "amy"), ("Penny", "penny") })
        {
            // Two named photos name the person; clustering brings the person's other three portraits.
            var person = people.Summaries().Single(s => s.Person.Name == name).Person;
            var files = people.Assignments().Where(a => a.Value.PersonId == person.Id)
                .Select(a => photosById[new FaceStore(library).Get(a.Key)!.PhotoId]).ToList();
            files.Count(f => f.StartsWith(prefix, StringComparison.Ordinal)).ShouldBe(5, name);
            files.ShouldAllBe(f => f.StartsWith(prefix, StringComparison.Ordinal) || f == "bbt3.jpg", name);
        }
        people.Summaries().ShouldNotContain(s => s.Person.Name == "Sheldon", "a name of a group photo without a place names no face");
    }

    [Fact]
    public async Task A_tag_renamed_in_the_other_program_renames_the_person_instead_of_splitting_it()
    {
        var (photos, library) = await ScannedFixtureAsync();
        // Two of Penny's portraits named in digiKam (a sidecar, a region over the middle of the portrait).
        string[] tagged = ["penny1.png", "penny2.png"];
        foreach (var name in tagged)
            File.WriteAllText(Path.Combine(photos, "penny", name + ".xmp"), JpegSegments.RegionsPacket(("Penny", 0.5f, 0.5f, 0.8f, 0.8f)));
        var updater = new PeopleUpdater(library);
        updater.Update(new FaceSortClusterer(), full: true, cancellationToken: TestContext.Current.CancellationToken);
        var people = new PeopleStore(library);
        var penny = people.Summaries().Single(s => s.Person.Name == "Penny");
        penny.FaceCount.ShouldBeGreaterThan(tagged.Length);

        // The tag renamed in digiKam: it rewrites every photo so tagged.
        foreach (var name in tagged)
            File.WriteAllText(Path.Combine(photos, "penny", name + ".xmp"), JpegSegments.RegionsPacket(("Penny Hofstadter", 0.5f, 0.5f, 0.8f, 0.8f)));
        updater.Update(new FaceSortClusterer(), full: true, cancellationToken: TestContext.Current.CancellationToken);

        // One person, all of her faces, under the new name: not "Penny" and "Penny Hofstadter" kept apart.
        var named = people.Summaries().Where(s => s.Person.Name is not null && s.Person.Name.StartsWith("Penny", StringComparison.Ordinal)).ToList();
        named.ShouldHaveSingleItem().Person.Name.ShouldBe("Penny Hofstadter");
        named[0].FaceCount.ShouldBe(penny.FaceCount);
        named[0].Person.Id.ShouldBe(penny.Person.Id);
    }

    [Fact]
    public async Task The_cluster_summary_counts_the_people_the_names_made()
    {
        // One group photo, its five faces named: clustering joins none of them to another face, the names make five people.
        var (bbt3, library) = await ScannedGroupPhotoAsync();
        var boxes = FacesOf(library, "bbt3.jpg").OrderBy(f => f.Box.X).ToList();
        File.WriteAllText(bbt3 + ".xmp", JpegSegments.RegionsPacket([.. boxes.Select((f, i) => Region(f, LeftToRight[i]))]));

        var summary = new PeopleUpdater(library).Update(new FaceSortClusterer(), cancellationToken: TestContext.Current.CancellationToken);

        summary.NamedFromTags.ShouldBe(5);
        new PeopleStore(library).Summaries().Count.ShouldBe(5);
        summary.People.ShouldBe(5); // "0 people from 1 photo" before, beside five person folders
        summary.UnassignedFaces.ShouldBe(0);
    }

    private static (string, float, float, float, float) Region(FaceRecord face, string name) =>
        // A region drawn by hand: 30 % larger than FaceSort's box and a little higher (hair), as a fraction of bbt3 (594 x 383).
        (name, (face.Box.CenterX) / 594f, (face.Box.CenterY - 0.08f * face.Box.Height) / 383f, 1.3f * face.Box.Width / 594f, 1.3f * face.Box.Height / 383f);

    /// <summary>The names written into the photo itself, as digiKam does by default: its bytes change, its picture does not.</summary>
    private static void WriteNames(string path, List<FaceRecord> faces, string[] names)
    {
        var original = File.ReadAllBytes(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", "bbt3.jpg"));
        File.WriteAllBytes(path, JpegSegments.WithSegments(original, JpegSegments.XmpRegions([.. faces.Select((f, i) => Region(f, names[i]))])));
    }

    private static List<FaceRecord> FacesOf(LibraryDatabase library, string relativePath)
    {
        var photo = new PhotoStore(library).All().Single(p => p.RelativePath == relativePath);
        return [.. new FaceStore(library).OfPhoto(photo.Id)];
    }

    /// <summary>bbt3 alone copied to the work folder and scanned into a new library.</summary>
    private async Task<(string Bbt3, LibraryDatabase Library)> ScannedGroupPhotoAsync()
    {
        var photos = Path.Combine(_work, "photos");
        Directory.CreateDirectory(photos);
        var bbt3 = Path.Combine(photos, "bbt3.jpg");
        File.Copy(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", "bbt3.jpg"), bbt3);
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        await Scan(library, photos);
        return (bbt3, library);
    }

    /// <summary>faceapi-bbt copied to the work folder and scanned into a new library.</summary>
    private async Task<(string Photos, LibraryDatabase Library)> ScannedFixtureAsync()
    {
        var photos = Path.Combine(_work, "photos");
        CopyDirectory(Path.Combine(TestPaths.Fixtures, "faceapi-bbt"), photos);
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        await Scan(library, photos);
        return (photos, library);
    }

    private async Task Scan(LibraryDatabase library, string photos)
    {
        var models = fixture.Models;
        var service = new ScanService(library, new VipsPhotoDecoder(), models.Detector, models.Aligner, models.Embedder, new ScanOptions());
        await service.ScanAsync([photos], null, TestContext.Current.CancellationToken);
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
