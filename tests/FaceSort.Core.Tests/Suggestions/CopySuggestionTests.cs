using FaceSort.Core.Corrections;
using FaceSort.Core.Pipeline;
using FaceSort.Core.Tests.Library;
using static FaceSort.Tests.Shared.TestVectors;

namespace FaceSort.Core.Tests.Suggestions;

/// <summary>
/// Edited copies of one photo left unassigned (a stranger's photo saved three times) are one question on the
/// suggestions page, not one per copy; the rule is the clusterer's shot (<c>FaceSortOptions.ShotSimilarity</c>), so two
/// faces of one photo are never each other's copy however alike. A real SQLite library of three named people.
/// </summary>
public sealed class CopySuggestionTests : IDisposable
{
    private readonly TemporaryLibrary _library = new();

    [Fact]
    public void Three_copies_of_one_photo_are_one_suggestion_and_two_faces_of_one_photo_are_two()
    {
        var stranger = Near(Axis(4), 100, 0.35f);
        for (var i = 0; i < 3; i++) _library.AddPhoto($"saved/{i}.jpg", Near(stranger, 300 + i, 0.05f));
        var twin = Near(Axis(6), 200, 0.35f);
        _library.AddPhoto("twins.jpg", Near(twin, 401, 0.05f), Near(twin, 402, 0.05f));
        NameThreePeople();
        var ids = FaceIdsByPhoto();

        var faces = Suggest().Faces;

        faces.Count.ShouldBe(3, "one question for the three copies and one for each twin");
        var saved = new[] { "saved/0.jpg", "saved/1.jpg", "saved/2.jpg" }.SelectMany(p => ids[p]).Order().ToList();
        var copies = faces.Where(f => saved.Contains(f.FaceId)).ShouldHaveSingleItem();
        copies.Copies.Count.ShouldBe(2);
        new[] { copies.FaceId }.Concat(copies.Copies).Order().ShouldBe(saved);
        copies.Copies.ShouldBeInOrder(SortDirection.Ascending);
        faces.Where(f => ids["twins.jpg"].Contains(f.FaceId)).ShouldAllBe(f => f.Copies.Count == 0);
        faces.Count(f => ids["twins.jpg"].Contains(f.FaceId)).ShouldBe(2);
    }

    [Fact]
    public void A_copy_rejected_from_the_proposed_person_is_asked_on_its_own()
    {
        var stranger = Near(Axis(4), 100, 0.35f);
        for (var i = 0; i < 3; i++) _library.AddPhoto($"saved/{i}.jpg", Near(stranger, 300 + i, 0.05f));
        NameThreePeople();
        var ids = FaceIdsByPhoto();
        var first = Suggest().Faces.ShouldHaveSingleItem();
        var rejected = ids["saved/2.jpg"].Single();

        new CorrectionService(_library.Database).RejectFaces([rejected], first.PersonId);

        var faces = Suggest().Faces;
        faces.Count.ShouldBe(2);
        var alone = faces.Where(f => f.FaceId == rejected).ShouldHaveSingleItem();
        alone.PersonId.ShouldNotBe(first.PersonId);
        alone.Copies.ShouldBeEmpty();
        var others = faces.Where(f => f.FaceId != rejected).ShouldHaveSingleItem();
        others.PersonId.ShouldBe(first.PersonId);
        new[] { others.FaceId }.Concat(others.Copies).Order().ShouldBe([.. ids["saved/0.jpg"].Concat(ids["saved/1.jpg"]).Order()]);
    }

    [Fact]
    public void A_small_person_is_small_in_photos_not_in_copies()
    {
        // Three photos of Anna's, each saved twice, left apart as a fragment (six faces, three shots); and a stranger
        // of six different photos (spread wider than a person's here, so that no two of them are alike as copies).
        for (var i = 0; i < 3; i++)
        {
            var photo = Near(Axis(0), 500 + i, 0.35f);
            for (var copy = 0; copy < 2; copy++) _library.AddPhoto($"fragment/{i}-{copy}.jpg", Near(photo, 600 + 10 * i + copy, 0.05f));
        }
        for (var i = 0; i < 6; i++) _library.AddPhoto($"stranger/{i}.jpg", Near(Axis(7), 700 + i, 0.6f));
        NameThreePeople();
        var ids = FaceIdsByPhoto();
        List<long> Faces(string folder) => [.. ids.Where(p => p.Key.StartsWith(folder, StringComparison.Ordinal)).SelectMany(p => p.Value)];
        var groups = _library.People.Assignments().GroupBy(a => a.Value.PersonId).Select(g => (IReadOnlyList<long>)[.. g.Select(a => a.Key)]);
        _library.People.ReplaceAutomaticAssignments([.. groups, Faces("fragment/"), Faces("stranger/")]);

        var offer = Suggest().SmallPeople.ShouldHaveSingleItem("the stranger has six photos: not small");
        offer.FaceCount.ShouldBe(6);
        offer.TargetName.ShouldBe("Anna");
        _library.People.Assignments()[Faces("fragment/")[0]].PersonId.ShouldBe(offer.PersonId);
    }

    // Anna, Bob and Carl, four photos each; the faces added before are left unassigned.
    private void NameThreePeople()
    {
        for (var person = 0; person < 3; person++)
            for (var i = 0; i < 4; i++)
                _library.AddPhoto($"person{person}/{i}.jpg", Near(Axis(person), 10 * person + i + 1, 0.35f));
        var ids = FaceIdsByPhoto();
        _library.People.ReplaceAutomaticAssignments(
            [.. Enumerable.Range(0, 3).Select(person => (IReadOnlyList<long>)[.. Enumerable.Range(0, 4).SelectMany(i => ids[$"person{person}/{i}.jpg"])])]);
        var corrections = new CorrectionService(_library.Database);
        var assignments = _library.People.Assignments();
        string[] names = ["Anna", "Bob", "Carl"];
        for (var person = 0; person < 3; person++) corrections.Rename(assignments[ids[$"person{person}/0.jpg"][0]].PersonId, names[person]);
    }

    private Dictionary<string, List<long>> FaceIdsByPhoto()
    {
        var paths = _library.Photos.All().ToDictionary(p => p.Id, p => p.RelativePath);
        return _library.Faces.AllPresent().GroupBy(f => paths[f.PhotoId]).ToDictionary(g => g.Key, g => g.Select(f => f.Id).Order().ToList());
    }

    private SuggestionReport Suggest() => new SuggestionService(_library.Faces, _library.People).Suggest();

    public void Dispose() => _library.Dispose();
}
