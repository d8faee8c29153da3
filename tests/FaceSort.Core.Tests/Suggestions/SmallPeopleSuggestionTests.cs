using FaceSort.Core.Corrections;
using FaceSort.Core.Pipeline;
using FaceSort.Core.Tests.Corrections;

namespace FaceSort.Core.Tests.Suggestions;

/// <summary>
/// Small unnamed people offered whole to named people, on a real library of faceapi-bbt's real embeddings: each of
/// the 8 people is an automatic person, except that two of Howard's five portraits were left as a person of their own
/// (as clustering leaves a fragment) and two of Penny's as another, which the user hid.
/// </summary>
public sealed class SmallPeopleSuggestionTests : IDisposable
{
    private readonly TestLibrary _library = new();

    [Fact]
    public void A_fragment_is_offered_to_its_named_person_and_learns_from_no_and_yes()
    {
        _library.AddPhotos(Enumerable.Range(0, _library.PhotoCount));
        var byName = _library.Truth.GroupBy(t => t.Value).ToDictionary(g => g.Key, g => g.Select(t => t.Key).Order().ToList());
        var howardFragment = byName["howard"].Take(2).ToList();
        var pennyFragment = byName["penny"].Take(2).ToList();
        var clusters = byName.Values.Select(faces => faces.Except(howardFragment).Except(pennyFragment).ToList())
            .Append(howardFragment).Append(pennyFragment).Select(c => (IReadOnlyList<long>)c).ToList();
        _library.People.ReplaceAutomaticAssignments(clusters);
        var corrections = new CorrectionService(_library.Database);
        var personOf = _library.People.Assignments();
        foreach (var (name, faces) in byName)
            corrections.Rename(personOf[faces.Except(howardFragment).Except(pennyFragment).First()].PersonId, name);
        var howard = personOf[byName["howard"][^1]].PersonId;
        var fragment = personOf[howardFragment[0]].PersonId;
        corrections.Hide(personOf[pennyFragment[0]].PersonId);

        var report = Suggest();
        var offer = report.SmallPeople.ShouldHaveSingleItem("the hidden fragment is the user's decision, not offered");
        offer.PersonId.ShouldBe(fragment);
        offer.FaceCount.ShouldBe(2);
        offer.TargetPersonId.ShouldBe(howard);
        offer.TargetName.ShouldBe("howard");
        offer.Confidence.ShouldBeInRange(0f, 1f);
        report.Faces.ShouldNotContain(f => howardFragment.Contains(f.FaceId), "a small person's faces are offered with it, not one by one");

        // No: none of its faces is Howard; it is offered the next best named person, never Howard again.
        corrections.RejectFaces(howardFragment, howard);
        var next = Suggest().SmallPeople.ShouldHaveSingleItem();
        next.PersonId.ShouldBe(fragment);
        next.TargetPersonId.ShouldNotBe(howard);
        _library.People.Assignments()[howardFragment[0]].PersonId.ShouldBe(fragment, "saying no moves nothing");

        // Yes (to the next best, as a user would after a wrong "no"): merged, so nothing small is left to offer.
        corrections.Merge(next.TargetPersonId, [fragment]);
        Suggest().SmallPeople.ShouldBeEmpty();
        _library.People.Assignments()[howardFragment[1]].PersonId.ShouldBe(next.TargetPersonId);
    }

    [Fact]
    public void People_at_the_anchor_size_or_named_are_not_small()
    {
        _library.AddPhotos(Enumerable.Range(0, _library.PhotoCount));
        var byName = _library.Truth.GroupBy(t => t.Value).ToDictionary(g => g.Key, g => g.Select(t => t.Key).Order().ToList());
        _library.People.ReplaceAutomaticAssignments([.. byName.Values]);
        var corrections = new CorrectionService(_library.Database);
        var personOf = _library.People.Assignments();
        foreach (var name in new[] { "amy", "sheldon", "raj" }) corrections.Rename(personOf[byName[name][0]].PersonId, name);

        // Five faces each: below the default's 6, every unnamed person is offered; at 5 none is.
        var offered = new SuggestionService(_library.Faces, _library.People).Suggest().SmallPeople;
        offered.Count.ShouldBe(byName.Count - 3);
        offered.ShouldAllBe(s => s.FaceCount == 5);
        offered.Select(s => s.Confidence).ShouldBeInOrder(SortDirection.Descending);
        new SuggestionService(_library.Faces, _library.People, new SuggestionOptions { SmallPersonFaces = 5 }).Suggest().SmallPeople.ShouldBeEmpty();
    }

    private SuggestionReport Suggest() => new SuggestionService(_library.Faces, _library.People).Suggest();

    public void Dispose() => _library.Dispose();
}
