using FaceSort.Core.Corrections;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;

namespace FaceSort.Web;

/// <summary>
/// One proposed person for an unassigned face and its copies (the other unassigned faces of its shot proposed the same
/// person: a photo saved again with an edit, a burst), with the face's photo so the page can link to it. The page sends
/// the copies with its answer, which answers for all of them.
/// </summary>
public sealed record FaceSuggestionView(long FaceId, long PhotoId, long PersonId, string PersonName, long? PersonFaceId, float Confidence, IReadOnlyList<long> Copies);

/// <summary>A small unnamed person that is probably a named one, with both cards.</summary>
public sealed record SmallPersonView(PersonCard Person, PersonCard Target, float Confidence);

/// <summary>Two people that are probably one, with their card faces.</summary>
public sealed record SamePersonView(PersonCard A, PersonCard B, float Similarity);

/// <summary>What the suggestions page shows: the chosen classifier, every classifier's cross-validated accuracy, the proposals.</summary>
public sealed record SuggestionsView(
    string? Classifier, double? Accuracy, int LabelledFaces, IReadOnlyList<ClassifierScoreView> Scores,
    IReadOnlyList<FaceSuggestionView> Faces, IReadOnlyList<SmallPersonView> SmallPeople, IReadOnlyList<SamePersonView> SamePerson, string? Hint);

public sealed record ClassifierScoreView(string Name, double Accuracy, int Folds);

/// <summary>A decision on one suggestion: the face, the person it was proposed for, and the face's copies, if any.</summary>
public sealed record SuggestionDecision(long? FaceId, long? PersonId, IReadOnlyList<long>? Copies = null);

/// <summary>A decision on a small person's suggestion: the small person and the named person it was proposed for.</summary>
public sealed record SmallPersonDecision(long? PersonId, long? TargetId);

/// <summary>
/// Supervised suggestions over <see cref="SuggestionService"/> (the CLI's <c>facesort suggest</c>). Confirming moves the
/// face to the person; rejecting is the shared "not this person" correction, so the pair is never proposed again.
/// For a small person, confirming merges it into the named one and rejecting says "not this person" of all its faces.
/// </summary>
internal static class SuggestionEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/suggestions", (int? limit, float? minConfidence, LibraryDatabase db, LibraryBrowser browser) =>
        {
            var max = limit ?? 200;
            if (max is < 1 or > 10_000) return Bad("limit must be between 1 and 10000");
            var min = minConfidence ?? 0f;
            if (!float.IsFinite(min) || min is < 0 or > 1) return Bad("minConfidence must be between 0 and 1");
            var report = new SuggestionService(new FaceStore(db), new PeopleStore(db)).Suggest();
            var faces = new FaceStore(db);
            var cards = browser.People(includeHidden: true).ToDictionary(p => p.Id);
            var proposals = report.Faces.Where(f => f.Confidence >= min).Take(max)
                .Select(f => new FaceSuggestionView(f.FaceId, faces.Get(f.FaceId)?.PhotoId ?? 0, f.PersonId, f.PersonName,
                    cards.GetValueOrDefault(f.PersonId)?.FaceId, f.Confidence, f.Copies))
                .ToList();
            var small = report.SmallPeople
                .Where(p => p.Confidence >= min && cards.ContainsKey(p.PersonId) && cards.ContainsKey(p.TargetPersonId)).Take(max)
                .Select(p => new SmallPersonView(cards[p.PersonId], cards[p.TargetPersonId], p.Confidence)).ToList();
            var pairs = report.SamePerson
                .Where(p => cards.ContainsKey(p.PersonA) && cards.ContainsKey(p.PersonB))
                .Take(Math.Min(max, 50))
                .Select(p => new SamePersonView(cards[p.PersonA], cards[p.PersonB], p.MeanSimilarity)).ToList();
            return Results.Ok(new SuggestionsView(report.Chosen?.Name, report.Chosen?.Accuracy, report.Chosen?.LabelledFaces ?? 0,
                [.. report.Scores.Select(s => new ClassifierScoreView(s.Name, s.Accuracy, s.Folds))], proposals, small, pairs,
                report.Chosen is null ? "Name at least two people (with two or more faces each) to get suggestions for unassigned faces." : null));
        }).WithSummary("A named person proposed for each unassigned face (with its copies: one answer for them all) and each small unnamed person (most confident first), the classifier chosen by cross-validation, and people that are probably one")
          .Produces<SuggestionsView>().Produces<ApiError>(StatusCodes.Status400BadRequest);
        api.MapPost("/suggestions/confirm", (SuggestionDecision body, CorrectionService c, LibraryDatabase db) =>
            Validate(body, db) ?? CorrectionEndpoints.Run(() => c.MoveFaces(FacesAnswered(body, db), body.PersonId!.Value)))
            .WithSummary("Yes: the face and its copies belong to the person (one user assignment, undoable)");
        api.MapPost("/suggestions/reject", (SuggestionDecision body, CorrectionService c, LibraryDatabase db) =>
            Validate(body, db) ?? CorrectionEndpoints.Run(() => c.RejectFaces(FacesAnswered(body, db), body.PersonId!.Value)))
            .WithSummary("No: neither the face nor its copies is this person (constraints every later run honours, undoable)");
        api.MapPost("/suggestions/people/confirm", (SmallPersonDecision body, CorrectionService c) =>
            ValidatePeople(body) ?? CorrectionEndpoints.Run(() => c.Merge(body.TargetId!.Value, [body.PersonId!.Value])))
            .WithSummary("Yes: the small person is the named one (merged into it, undoable)");
        api.MapPost("/suggestions/people/reject", (SmallPersonDecision body, CorrectionService c, LibraryDatabase db) =>
            ValidatePeople(body) ?? (FacesOf(db, body.PersonId!.Value) is { Count: > 0 } faces
                ? CorrectionEndpoints.Run(() => c.RejectFaces(faces, body.TargetId!.Value))
                : Results.NotFound(new ApiError($"no person with id {body.PersonId} holds faces"))))
            .WithSummary("No: none of the small person's faces is the named one (constraints every later run honours, undoable)");
    }

    private static IResult? ValidatePeople(SmallPersonDecision body) =>
        body.PersonId is not > 0 ? Bad("personId is required")
        : body.TargetId is not > 0 ? Bad("targetId is required")
        : body.PersonId == body.TargetId ? Bad("personId and targetId are the same person")
        : null;

    private static IReadOnlyList<long> FacesOf(LibraryDatabase db, long personId) =>
        [.. new PeopleStore(db).Assignments().Where(a => a.Value.PersonId == personId).Select(a => a.Key).Order()];

    private static IReadOnlyList<long> FacesAnswered(SuggestionDecision body) => [.. (body.Copies ?? []).Prepend(body.FaceId!.Value).Distinct()];

    // The copies the row stood for were unassigned when the page asked; one placed since (in another tab, on a person's
    // page) keeps that person: the row never showed it, and a stale Yes took it away, a stale No took it out again.
    private static IReadOnlyList<long> FacesAnswered(SuggestionDecision body, LibraryDatabase db)
    {
        var assignments = new PeopleStore(db).Assignments();
        return [.. FacesAnswered(body).Where(id => id == body.FaceId || !assignments.ContainsKey(id))];
    }

    // An unknown person is the service's 404; an unknown face or copy is checked here because the service reports it
    // per item, and an answer meant for a face and its copies must not land on only some of them.
    private static IResult? Validate(SuggestionDecision body, LibraryDatabase db)
    {
        if (body.FaceId is not > 0) return Bad("faceId is required");
        if (body.PersonId is not > 0) return Bad("personId is required");
        var faces = new FaceStore(db);
        foreach (var id in FacesAnswered(body))
            if (faces.Get(id) is null) return Results.NotFound(new ApiError($"no face with id {id}"));
        return null;
    }

    private static IResult Bad(string message) => Results.BadRequest(new ApiError(message));
}
