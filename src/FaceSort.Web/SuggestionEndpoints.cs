using FaceSort.Core.Corrections;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;

namespace FaceSort.Web;

/// <summary>One proposed person for an unassigned face, with the face's photo so the page can link to it.</summary>
public sealed record FaceSuggestionView(long FaceId, long PhotoId, long PersonId, string PersonName, long? PersonFaceId, float Confidence);

/// <summary>Two people that are probably one, with their card faces.</summary>
public sealed record SamePersonView(PersonCard A, PersonCard B, float Similarity);

/// <summary>What the suggestions page shows: the chosen classifier, every classifier's cross-validated accuracy, the proposals.</summary>
public sealed record SuggestionsView(
    string? Classifier, double? Accuracy, int LabelledFaces, IReadOnlyList<ClassifierScoreView> Scores,
    IReadOnlyList<FaceSuggestionView> Faces, IReadOnlyList<SamePersonView> SamePerson, string? Hint);

public sealed record ClassifierScoreView(string Name, double Accuracy, int Folds);

/// <summary>A decision on one suggestion: the face and the person it was proposed for.</summary>
public sealed record SuggestionDecision(long? FaceId, long? PersonId);

/// <summary>
/// Supervised suggestions over <see cref="SuggestionService"/> (the CLI's <c>facesort suggest</c>). Confirming moves the
/// face to the person; rejecting is the shared "not this person" correction, so the pair is never proposed again.
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
                    cards.GetValueOrDefault(f.PersonId)?.FaceId, f.Confidence))
                .ToList();
            var pairs = report.SamePerson
                .Where(p => cards.ContainsKey(p.PersonA) && cards.ContainsKey(p.PersonB))
                .Take(Math.Min(max, 50))
                .Select(p => new SamePersonView(cards[p.PersonA], cards[p.PersonB], p.MeanSimilarity)).ToList();
            return Results.Ok(new SuggestionsView(report.Chosen?.Name, report.Chosen?.Accuracy, report.Chosen?.LabelledFaces ?? 0,
                [.. report.Scores.Select(s => new ClassifierScoreView(s.Name, s.Accuracy, s.Folds))], proposals, pairs,
                report.Chosen is null ? "Name at least two people (with two or more faces each) to get suggestions for unassigned faces." : null));
        }).WithSummary("A named person proposed for each unassigned face (most confident first), the classifier chosen by cross-validation, and people that are probably one")
          .Produces<SuggestionsView>().Produces<ApiError>(StatusCodes.Status400BadRequest);
        api.MapPost("/suggestions/confirm", (SuggestionDecision body, CorrectionService c, LibraryDatabase db) =>
            Validate(body, db) ?? CorrectionEndpoints.Run(() => c.MoveFaces([body.FaceId!.Value], body.PersonId!.Value)))
            .WithSummary("Yes: the face belongs to the person (a user assignment, undoable)");
        api.MapPost("/suggestions/reject", (SuggestionDecision body, CorrectionService c, LibraryDatabase db) =>
            Validate(body, db) ?? CorrectionEndpoints.Run(() => c.RejectFaces([body.FaceId!.Value], body.PersonId!.Value)))
            .WithSummary("No: the face is not this person (a constraint every later run honours, undoable)");
    }

    // An unknown person is the service's 404; an unknown face is checked here because the service reports it per item.
    private static IResult? Validate(SuggestionDecision body, LibraryDatabase db) =>
        body.FaceId is not > 0 ? Bad("faceId is required")
        : body.PersonId is not > 0 ? Bad("personId is required")
        : new FaceStore(db).Get(body.FaceId.Value) is null ? Results.NotFound(new ApiError($"no face with id {body.FaceId}"))
        : null;

    private static IResult Bad(string message) => Results.BadRequest(new ApiError(message));
}
