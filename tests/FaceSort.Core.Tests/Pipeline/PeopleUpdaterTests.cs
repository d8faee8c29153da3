using FaceSort.Core.Clustering;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;
using FaceSort.Core.Tests.Corrections;

namespace FaceSort.Core.Tests.Pipeline;

/// <summary>When an update recognises new faces and when it clusters the whole library again (real lfw embeddings).</summary>
public sealed class PeopleUpdaterTests
{
    private static string Update(TestLibrary library) =>
        new PeopleUpdater(library.Database).Update(new FaceSortClusterer(), cancellationToken: TestContext.Current.CancellationToken).Method;

    private static long PhotoIdOf(TestLibrary library, int photo) =>
        new PhotoStore(library.Database).All().Single(p => p.RelativePath == $"p{photo:0000}.jpg").Id;

    [Fact]
    public void Faces_stored_again_under_ids_a_removed_face_had_are_recognised_by_the_next_run()
    {
        // SQLite gives a deleted row's id again when it was the highest. The newest photo could not be read for a while
        // (a sync cut it short): its faces went, and came back under the same ids once it could. Recognition takes only
        // faces above the last id it saw for new, so they stayed in no person (the run found nothing new) until the
        // library had doubled and a full run came.
        int inAPerson;
        using (var probe = new TestLibrary("lfw.tsv"))
        {
            probe.AddPhotos(Enumerable.Range(0, 40));
            Update(probe);
            var assigned = probe.People.Assignments();
            var sizes = assigned.Values.GroupBy(a => a.PersonId).ToDictionary(g => g.Key, g => g.Count());
            // A face of a person with several photos: the run recognises it there with no doubt.
            inAPerson = Enumerable.Range(0, 40).Last(i => probe.Faces.OfPhoto(PhotoIdOf(probe, i)) is [var face]
                && assigned.TryGetValue(face.Id, out var a) && sizes[a.PersonId] >= 4);
        }
        using var library = new TestLibrary("lfw.tsv");
        library.AddPhotos(Enumerable.Range(0, 40).Where(i => i != inAPerson).Append(inAPerson));
        Update(library).ShouldBe("facesort");
        var newest = library.Faces.Get(library.Faces.MaxFaceId())!;
        var photo = new PhotoStore(library.Database).All().Single(p => p.Id == newest.PhotoId);
        var placed = library.People.Assignments().Keys.Count(f => library.Faces.Get(f)!.PhotoId == photo.Id);
        placed.ShouldBeGreaterThan(0);
        var root = new PhotoStore(library.Database).EnsureRoot("/photos");
        using (var writer = new ScanWriter(library.Database))
            writer.Write(PhotoScanResult.Failed(new PhotoFile(root, "/photos", photo.RelativePath, "/photos/" + photo.RelativePath, 10, 2), null, "truncated"));
        library.Faces.OfPhoto(photo.Id).ShouldBeEmpty();

        library.AddPhotos([inAPerson]);
        library.Faces.MaxFaceId().ShouldBe(newest.Id, "the ids are given again");
        Update(library).ShouldBe("incremental+facesort");

        library.People.Assignments().Keys.Count(f => library.Faces.Get(f)!.PhotoId == photo.Id).ShouldBe(placed);
    }

    [Fact]
    public void A_library_is_clustered_in_full_again_once_it_has_doubled_and_recognised_in_between()
    {
        using var library = new TestLibrary("lfw.tsv");
        library.AddPhotos(Enumerable.Range(0, 40));
        Update(library).ShouldBe("facesort", "an empty library is clustered in full");
        var first = library.Faces.Count();

        library.AddPhotos(Enumerable.Range(40, 20));
        library.Faces.Count().ShouldBeLessThan(2 * first);
        Update(library).ShouldBe("incremental+facesort");

        library.AddPhotos(Enumerable.Range(60, 40));
        library.Faces.Count().ShouldBeGreaterThanOrEqualTo(2 * first);
        Update(library).ShouldBe("facesort", "the library has doubled since its last full clustering");
        new PrototypeStore(library.Database).FacesAtLastFullRun().ShouldBe(library.Faces.Count());

        library.AddPhotos(Enumerable.Range(100, 10));
        Update(library).ShouldBe("incremental+facesort", "the count restarts from the full run");
    }

    [Fact]
    public void The_people_counted_are_those_listed_and_exported_hidden_ones_left_out()
    {
        // A hidden person was counted in the run's sentence ("58 people") beside 57 folders and 57 listed.
        using var library = new TestLibrary("lfw.tsv");
        library.AddPhotos(Enumerable.Range(0, 60));
        var updater = new PeopleUpdater(library.Database);
        var first = updater.Update(new FaceSortClusterer(), full: true, cancellationToken: TestContext.Current.CancellationToken);
        var hidden = library.People.Summaries().First().Person.Id;
        new Core.Corrections.CorrectionService(library.Database).Hide(hidden);

        var full = updater.Update(new FaceSortClusterer(), full: true, cancellationToken: TestContext.Current.CancellationToken);
        library.AddPhotos(Enumerable.Range(60, 10));
        var incremental = updater.Update(new FaceSortClusterer(), cancellationToken: TestContext.Current.CancellationToken);

        full.People.ShouldBe(first.People - 1);
        incremental.Method.ShouldBe("incremental+facesort");
        incremental.People.ShouldBe(library.People.Summaries(includeHidden: false).Count(p => p.FaceCount > 0));
    }

    [Fact]
    public void A_library_clustered_before_the_count_was_kept_takes_today_as_its_baseline()
    {
        using var library = new TestLibrary("lfw.tsv");
        library.AddPhotos(Enumerable.Range(0, 40));
        Update(library);
        using (var connection = library.Database.Connect())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "DELETE FROM meta WHERE key = 'faces_at_last_full_run'";
            command.ExecuteNonQuery();
        }
        library.AddPhotos(Enumerable.Range(40, 100));
        Update(library).ShouldBe("incremental+facesort", "no full run only because the count is missing");
        new PrototypeStore(library.Database).FacesAtLastFullRun().ShouldBe(library.Faces.Count());
    }
}
