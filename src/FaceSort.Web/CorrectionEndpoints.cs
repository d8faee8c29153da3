using FaceSort.Core;
using FaceSort.Core.Corrections;

namespace FaceSort.Web;

/// <summary>Every fix a user can make, as JSON endpoints over <see cref="CorrectionService"/> (the CLI's service).</summary>
internal static class CorrectionEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/people/{id:long}/rename", (long id, RenameRequest body, CorrectionService c) =>
            body.Name is { Length: > 200 } ? Bad("name is longer than 200 characters") : Run(() => c.Rename(id, body.Name)));
        api.MapPost("/people/{id:long}/hide", (long id, CorrectionService c) => Run(() => c.Hide(id)));
        api.MapPost("/people/{id:long}/unhide", (long id, CorrectionService c) => Run(() => c.Unhide(id)));
        api.MapPost("/people/{id:long}/confirm", (long id, CorrectionService c) => Run(() => c.ConfirmPerson(id)));
        api.MapPost("/people/{id:long}/representative", (long id, RepresentativeRequest body, CorrectionService c) =>
            Run(() => c.SetRepresentative(id, body.FaceId)));
        api.MapPost("/people/{id:long}/split", (long id, SplitRequest body, CorrectionService c) =>
            Ids(body.FaceIds) is { } error ? error : Run(() => c.Split(id, body.FaceIds!, body.Name)));
        api.MapPost("/people/merge", (MergeRequest body, CorrectionService c) =>
            Ids(body.Others) is { } error ? error : Run(() => c.Merge(body.TargetId, body.Others!)));
        api.MapPost("/people/hide-small", (HideSmallRequest body, CorrectionService c) =>
            body.MinFaces is < 1 or > 1_000_000 ? Bad("minFaces must be between 1 and 1000000") : Run(() => c.HideSmallerThan(body.MinFaces)));
        api.MapPost("/faces/move", (FacesRequest body, CorrectionService c) =>
            Ids(body.FaceIds) is { } error ? error : Run(() => c.MoveFaces(body.FaceIds!, body.PersonId)));
        api.MapPost("/faces/reject", (FacesRequest body, CorrectionService c) =>
            Ids(body.FaceIds) is { } error ? error
            : body.PersonId is not { } person ? Bad("personId is required")
            : Run(() => c.RejectFaces(body.FaceIds!, person)));
        api.MapPost("/photos/{id:long}/move", (long id, MovePhotoRequest body, CorrectionService c) =>
            Run(() => c.MovePhoto(id, body.FromPersonId, body.ToPersonId)));
        // `id`: the change the page means (its own last one). Two people on one library each mean their own; one made
        // elsewhere since is said, not taken back (409), and taken back when the page names it.
        api.MapPost("/undo", (UndoRequest? body, CorrectionService c) => c.Undo(body?.Id) switch
        {
            { Undone: { } entry } => Results.Ok(Entry(entry)),
            { Expected: { } meant } refused => Results.Conflict(new { error = NotNewest(meant, refused.Newest), meant = Entry(meant), newest = refused.Newest is { } n ? Entry(n) : null }),
            _ when body?.Id is { } id => Results.NotFound(new ApiError($"no change with id {id} to undo")),
            _ => Results.Ok(new { undone = false }),
        });
        api.MapGet("/history", (CorrectionService c) => Results.Ok(c.History().Select(Entry)));
    }

    /// <summary>Why an undo of <paramref name="meant"/> was refused, in words a user reads on the page.</summary>
    private static string NotNewest(CorrectionEntry meant, CorrectionEntry? newest)
    {
        static string At(DateTimeOffset t) => t.ToLocalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var first = meant.UndoneAt is { } undone
            ? $"Not undone: your last change (“{meant.Summary}”) was already undone at {At(undone)}, in another tab or by someone else."
            : $"Not undone: a change was made after yours (“{meant.Summary}”), in another tab or by someone else.";
        return newest is null ? first + " There is nothing else to undo."
            : $"{first} The newest change is “{newest.Summary}” ({At(newest.At)}); Undo takes changes back newest first: press Undo again to take it back.";
    }

    private static IResult? Ids(long[]? ids) =>
        ids is null || ids.Length == 0 ? Bad("at least one id is required")
        : ids.Length > 100_000 ? Bad("too many ids (at most 100000)") : null;

    private static IResult Bad(string message) => Results.BadRequest(new ApiError(message));

    /// <summary>A history entry as the CLI's <c>history --json</c> writes it: the kind by name, not by number.</summary>
    private static object Entry(CorrectionEntry e) =>
        new { id = e.Id, at = e.At, kind = e.Kind.ToString().ToLowerInvariant(), summary = e.Summary, undoneAt = e.UndoneAt };

    internal static IResult Run(Func<CorrectionResult> action)
    {
        try
        {
            var result = action();
            // Nothing could be done for any item (an unknown face, a face not in that person): the request was wrong.
            // Skipped items ("already there") are not failures: asking twice is fine.
            if (result.Items.Count > 0 && result.Items.All(i => i.Outcome == ItemOutcome.Failed))
                return Results.BadRequest(new ApiError(string.Join("; ", result.Items.Select(i => $"{i.Id}: {i.Reason}").Distinct())));
            return Results.Ok(result);
        }
        catch (PersonResolutionException e)
        {
            return Results.NotFound(new ApiError(ErrorMessages.Plain(e)));
        }
        catch (ArgumentException e) when (e.ParamName == "personId")
        {
            return Results.NotFound(new ApiError(ErrorMessages.Plain(e)));
        }
        catch (ArgumentException e)
        {
            // Anything else the service refuses (a name already taken, …) is a request it cannot carry out as asked.
            return Results.BadRequest(new ApiError(ErrorMessages.Plain(e)));
        }
    }
}
