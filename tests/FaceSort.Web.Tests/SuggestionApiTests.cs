using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FaceSort.Web.Tests;

/// <summary>
/// <c>/api/suggestions</c> on the fixture library: nothing before two people are named; then the chosen classifier
/// with its cross-validated accuracy and a proposal per unassigned face (the group photos leave some); a rejection is
/// a "not this person" constraint that removes the proposal; a confirmation puts the face in the person.
/// </summary>
public sealed class SuggestionApiTests(WebServerFixture server) : IClassFixture<WebServerFixture>
{
    private HttpClient Client => server.Client;

    [Fact]
    public async Task Suggestions_propose_named_people_for_unassigned_faces_and_learn_from_rejections()
    {
        await server.UploadAndScanAsync();
        var unnamed = await SuggestionsAsync();
        unnamed.Classifier.ShouldBeNull();
        unnamed.Hint.ShouldNotBeNull();
        unnamed.Faces.ShouldBeEmpty();

        await server.NameEveryoneAfterTheirFolderAsync();
        await server.UploadGroupPhotosAsync();
        var named = (await server.PeopleAsync()).Where(p => p.Name is not null).Select(p => p.Id).ToHashSet();
        var report = await SuggestionsAsync();
        report.Classifier.ShouldNotBeNull();
        report.Scores.Count.ShouldBe(4);
        report.Scores.ShouldAllBe(s => s.Accuracy >= 0 && s.Accuracy <= 1 && s.Folds == 5);
        report.Accuracy.ShouldBe(report.Scores.Max(s => s.Accuracy));
        report.Faces.Count.ShouldBeGreaterThanOrEqualTo(2);
        report.Faces.Select(f => f.Confidence).ShouldBeInOrder(SortDirection.Descending);
        foreach (var face in report.Faces)
        {
            named.ShouldContain(face.PersonId);
            var photo = (await Client.GetFromJsonAsync<PhotoView>($"api/photos/{face.PhotoId}", JsonSerializerOptions.Web))!;
            photo.Faces.Single(f => f.Id == face.FaceId).PersonId.ShouldBeNull(); // only unassigned faces get proposals
        }
        (await SuggestionsAsync("?limit=1")).Faces.Count.ShouldBe(1);
        (await SuggestionsAsync("?minConfidence=1")).Faces.ShouldAllBe(f => f.Confidence >= 1);

        // No: the pair is never proposed again, and the history shows a rejection.
        var no = report.Faces[0];
        (await Client.PostAsJsonAsync("api/suggestions/reject", new SuggestionDecision(no.FaceId, no.PersonId))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = await SuggestionsAsync();
        after.Faces.ShouldNotContain(f => f.FaceId == no.FaceId && f.PersonId == no.PersonId);
        after.Faces.ShouldContain(f => f.FaceId == no.FaceId); // offered the next best named person instead
        var history = await Client.GetFromJsonAsync<JsonElement>("api/history");
        history[0].GetProperty("summary").GetString().ShouldBe($"face {no.FaceId} not {no.PersonName}", "the history names the person as the user sees it");
        history[0].GetProperty("kind").GetString().ShouldBe("reject", "the kind by name, as the CLI writes it");

        // Yes: the face joins the person.
        var yes = report.Faces[1];
        (await Client.PostAsJsonAsync("api/suggestions/confirm", new SuggestionDecision(yes.FaceId, yes.PersonId))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await server.DetailAsync(yes.PersonId)).Faces.Select(f => f.Id).ShouldContain(yes.FaceId);
    }

    private async Task<SuggestionsView> SuggestionsAsync(string query = "") =>
        (await Client.GetFromJsonAsync<SuggestionsView>("api/suggestions" + query, JsonSerializerOptions.Web))!;
}
