using FaceSort.Core.Clustering;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;
using FaceSort.Core.Recognition;
using FaceSort.Core.Tests.Library;

namespace FaceSort.Core.Tests.Pipeline;

/// <summary>
/// The incremental second look on hand-made points (angles on a circle: similarity = cos of the difference). Person A
/// is six faces from 0° to 50°; its prototype (about 25°) is far from anything beyond 90°.
/// </summary>
public class SecondLookTests
{
    [Fact]
    public void An_older_unassigned_face_joins_a_person_once_a_new_face_of_that_person_comes_near_it()
    {
        using var library = new TemporaryLibrary();
        for (int i = 0; i < 6; i++) library.AddPhoto($"a/{i}.jpg", Unit(10 * i));
        library.AddPhoto("old/x.jpg", Unit(105));   // nearest A faces: cos 55°, 65°, 75° = mean 0.42, but seen as a stranger
        library.AddPhoto("old/far.jpg", Unit(200));
        var faces = library.Faces.AllPresent();
        library.People.ReplaceAutomaticAssignments([faces.Take(6).Select(f => f.Id).ToList()]);
        var service = new RecognitionService(library.Faces, library.People, new PrototypeStore(library.Database));
        service.PrepareForIncrementalRuns();
        var x = faces.Single(f => f.Embedding[0] < -0.2f && f.Embedding[1] > 0).Id;
        var far = faces.Single(f => f.Embedding[1] < 0).Id;

        // A new photo of A at 80°: its prototype recognises it (cos 55° = 0.57 ≥ 0.40), and it is 25° from x.
        library.AddPhoto("new/n.jpg", Unit(80));
        // On this circle A's photos, 10° apart (0.985), would be copies of one photo: shots are switched off.
        var summary = service.Recognize(new FaceSortClusterer(new FaceSortOptions(ShotSimilarity: 2)), cancellationToken: TestContext.Current.CancellationToken);

        var assignments = library.People.Assignments();
        var personA = assignments[faces[0].Id].PersonId;
        assignments.Values.Count(a => a.PersonId == personA).ShouldBe(8, "six, the new face, and x");
        assignments[x].PersonId.ShouldBe(personA);
        assignments.ContainsKey(far).ShouldBeFalse("a face no new member came near is not looked at again");
        summary.Recognised.ShouldBe(2);
    }

    [Fact]
    public void Without_the_second_look_the_older_face_stays_out()
    {
        using var library = new TemporaryLibrary();
        for (int i = 0; i < 6; i++) library.AddPhoto($"a/{i}.jpg", Unit(10 * i));
        library.AddPhoto("old/x.jpg", Unit(105));
        var faces = library.Faces.AllPresent();
        library.People.ReplaceAutomaticAssignments([faces.Take(6).Select(f => f.Id).ToList()]);
        var service = new RecognitionService(library.Faces, library.People, new PrototypeStore(library.Database));
        service.PrepareForIncrementalRuns();

        library.AddPhoto("new/n.jpg", Unit(80));
        service.Recognize(new FaceSortClusterer(), new RecognitionOptions(NearestFaces: 0), TestContext.Current.CancellationToken);

        library.People.Assignments().Count.ShouldBe(7, "the six and the new face; x stays a stranger");
    }

    private static float[] Unit(double degrees) => [(float)Math.Cos(degrees * Math.PI / 180), (float)Math.Sin(degrees * Math.PI / 180)];
}
