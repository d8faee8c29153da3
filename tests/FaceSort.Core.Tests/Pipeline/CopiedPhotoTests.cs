using FaceSort.Core.Clustering;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;
using FaceSort.Core.Tests.Library;
using static FaceSort.Tests.Shared.TestVectors;

namespace FaceSort.Core.Tests.Pipeline;

/// <summary>
/// Byte-identical files (a backup imported twice, the same photo in two albums) are one photo to the clustering: a
/// copy's face goes where its original goes. Left in, six copies of one stranger's photo were a person of six faces.
/// </summary>
public sealed class CopiedPhotoTests
{


    [Fact]
    public void Copies_of_a_strangers_photo_stay_one_stranger_and_a_copy_of_a_persons_photo_joins_that_person()
    {
        using var library = new TemporaryLibrary();
        for (var i = 0; i < 8; i++) library.AddPhotoWithHash($"anna/{i}.jpg", $"anna-{i}", Near(Axis(0), i));
        var stranger = Near(Axis(5), 100);
        for (var i = 0; i < 6; i++) library.AddPhotoWithHash($"copies/stranger-{i}.jpg", "one-file", stranger);
        library.AddPhotoWithHash("backup/anna-3.jpg", "anna-3", Near(Axis(0), 3));

        var summary = new ClusterService(library.Faces, library.People).Cluster(new FaceSortClusterer(), TestContext.Current.CancellationToken);

        var paths = library.Photos.All().ToDictionary(p => p.Id, p => p.RelativePath);
        var assignments = library.People.Assignments();
        var personOf = library.Faces.AllPresent().ToDictionary(f => paths[f.PhotoId], f => assignments.TryGetValue(f.Id, out var a) ? a.PersonId : (long?)null);
        summary.People.ShouldBe(1, "Anna; the six copies are one face seen once");
        personOf.Where(p => p.Key.StartsWith("copies/", StringComparison.Ordinal)).ShouldAllBe(p => p.Value == null);
        personOf["backup/anna-3.jpg"].ShouldBe(personOf["anna/3.jpg"]);
        personOf["anna/0.jpg"].ShouldNotBeNull();
        summary.Faces.ShouldBe(15);
        summary.UnassignedFaces.ShouldBe(6);
    }

    [Fact]
    public void Copies_arriving_in_an_incremental_run_do_not_make_a_person_either()
    {
        using var library = new TemporaryLibrary();
        for (var i = 0; i < 8; i++) library.AddPhotoWithHash($"anna/{i}.jpg", $"anna-{i}", Near(Axis(0), i));
        var updater = new PeopleUpdater(library.Database);
        updater.Update(new FaceSortClusterer(), cancellationToken: TestContext.Current.CancellationToken);
        var before = library.People.Count();

        // A second backup brings six copies of a stranger's photo (the library grows by less than it takes for a full run).
        var stranger = Near(Axis(5), 100);
        for (var i = 0; i < 3; i++) library.AddPhotoWithHash($"backup/stranger-{i}.jpg", "one-file", stranger);
        var summary = updater.Update(new FaceSortClusterer(), cancellationToken: TestContext.Current.CancellationToken);

        summary.Method.ShouldStartWith("incremental");
        library.People.Count().ShouldBe(before, "three copies of one photo are one face seen once");
    }

    [Fact]
    public void A_copy_the_user_placed_is_clustered_as_itself()
    {
        var faces = new List<FaceRecord>
        {
            Face(1, photoId: 10), Face(2, photoId: 11), Face(3, photoId: 12),
        };
        var hashes = new Dictionary<long, string> { [10] = "same", [11] = "same", [12] = "same" };
        var assignments = new Dictionary<long, (long, AssignmentSource)> { [2] = (7, AssignmentSource.User) };

        var (kept, copies) = ClusterService.WithoutCopies(faces, hashes, assignments, []);

        kept.Select(f => f.Id).ShouldBe([1, 2]);
        copies.ShouldBe([(3L, 1L)]);
    }

    private static FaceRecord Face(long id, long photoId) =>
        new(id, photoId, 0, new FaceSort.Core.Detection.FaceBox(0, 0, 10, 10), default, 0.9f, Axis(0));
}
