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
