using FaceSort.Core.Clustering;
using FaceSort.Core.Corrections;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;
using FaceSort.Core.Tests.Library;

namespace FaceSort.Core.Tests.Pipeline;

/// <summary>
/// An incremental run folds a person that grew from a second look of someone into that someone, as one-go clustering
/// would have merged them. Hand-made faces with exact similarities: face i of a group is √c·w + √(1−c)·eᵢ (eᵢ its own
/// axis, w the group's direction), so two of its faces are alike at c and two groups at √(c₁c₂)·cos(angle).
/// </summary>
public sealed class FoldAlikePeopleTests
{
    private const int Dimension = 48;
    private int _axis = 2;

    [Theory]
    [InlineData(0.45, true)]   // a second look of one person: mean 0.25, each look alike at 0.45 — half of it is 0.225
    [InlineData(0.70, false)]  // two look-alike people: mean 0.25, each alike at 0.70 — half of it is 0.35
    public void A_person_that_gains_faces_folds_into_the_person_it_is_one_with(double cohesion, bool folds)
    {
        using var library = new TemporaryLibrary();
        var first = AddGroup(library, "first", 8, cohesion, 0);
        var angle = Math.Acos(0.25 / cohesion);
        var second = AddGroup(library, "second", 8, cohesion, angle);
        library.People.ReplaceAutomaticAssignments([first, second]);
        var service = new RecognitionService(library.Faces, library.People, new PrototypeStore(library.Database));
        service.PrepareForIncrementalRuns();

        // One more photo of the second look: its prototypes recognise it, so the second person changed this run.
        AddGroup(library, "new", 1, cohesion, angle);
        var summary = service.Recognize(new FaceSortClusterer(), cancellationToken: TestContext.Current.CancellationToken);

        summary.Recognised.ShouldBe(1);
        var people = library.People.Assignments().Values.Select(a => a.PersonId).Distinct().Count();
        people.ShouldBe(folds ? 1 : 2);
        summary.PeopleFolded.ShouldBe(folds ? 1 : 0);
    }

    [Fact]
    public void A_named_person_is_never_folded_away_but_takes_in_the_run_s_own()
    {
        using var library = new TemporaryLibrary();
        var first = AddGroup(library, "first", 8, 0.45, 0);
        var second = AddGroup(library, "second", 12, 0.45, Math.Acos(0.25 / 0.45));
        library.People.ReplaceAutomaticAssignments([first, second]);
        var named = library.People.Assignments()[first[0]].PersonId;
        new CorrectionService(library.Database).Rename(named, "Grandma");
        var service = new RecognitionService(library.Faces, library.People, new PrototypeStore(library.Database));
        service.PrepareForIncrementalRuns();

        AddGroup(library, "new", 1, 0.45, 0);
        service.Recognize(new FaceSortClusterer(), cancellationToken: TestContext.Current.CancellationToken);

        var assignments = library.People.Assignments();
        assignments.Values.Select(a => a.PersonId).Distinct().ShouldBe([named], "the bigger automatic person folded into the named one");
    }

    [Fact]
    public void A_face_the_user_said_is_not_the_target_stays_behind()
    {
        using var library = new TemporaryLibrary();
        var first = AddGroup(library, "first", 8, 0.45, 0);
        var angle = Math.Acos(0.25 / 0.45);
        var second = AddGroup(library, "second", 8, 0.45, angle);
        library.People.ReplaceAutomaticAssignments([first, second]);
        var firstPerson = library.People.Assignments()[first[0]].PersonId;
        var secondPerson = library.People.Assignments()[second[0]].PersonId;
        new CorrectionService(library.Database).RejectFaces([second[0]], firstPerson);
        var service = new RecognitionService(library.Faces, library.People, new PrototypeStore(library.Database));
        service.PrepareForIncrementalRuns();

        AddGroup(library, "new", 1, 0.45, angle);
        service.Recognize(new FaceSortClusterer(), cancellationToken: TestContext.Current.CancellationToken).PeopleFolded.ShouldBe(1);

        var assignments = library.People.Assignments();
        assignments[second[0]].PersonId.ShouldBe(secondPerson, "rejected from the person the rest folded into");
        second.Skip(1).ShouldAllBe(face => assignments[face].PersonId == firstPerson);
    }

    private List<long> AddGroup(TemporaryLibrary library, string folder, int size, double cohesion, double angle)
    {
        var before = library.Faces.AllPresent().Select(f => f.Id).ToHashSet();
        for (var i = 0; i < size; i++)
        {
            var e = new float[Dimension];
            e[0] = (float)(Math.Sqrt(cohesion) * Math.Cos(angle));
            e[1] = (float)(Math.Sqrt(cohesion) * Math.Sin(angle));
            e[_axis++] = (float)Math.Sqrt(1 - cohesion);
            library.AddPhoto($"{folder}/{i}.jpg", e);
        }
        return [.. library.Faces.AllPresent().Select(f => f.Id).Where(id => !before.Contains(id))];
    }
}
