using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FaceSort.Web.Tests;

/// <summary>
/// <c>/api/suggestions</c>' small people on the fixture library (four people of five faces each, below the anchor
/// size of 6): with three named, the fourth is offered whole to a named person; "no" says so of all its faces and the
/// next best person is offered; "yes" merges it.
/// </summary>
public sealed class SmallPeopleApiTests(WebServerFixture server) : IClassFixture<WebServerFixture>
{
    private HttpClient Client => server.Client;

    [Fact]
    public async Task A_small_unnamed_person_is_offered_whole_and_decided_in_one_answer()
    {
        await server.UploadAndScanAsync();
        var people = await server.PeopleAsync();
        people.Count.ShouldBe(4);
        var unnamed = people[^1];
        foreach (var p in people.Where(p => p.Id != unnamed.Id).Select((p, i) => (p, i)))
            (await Client.PostAsJsonAsync($"api/people/{p.p.Id}/rename", new RenameRequest($"Named {p.i + 1}"))).EnsureSuccessStatusCode();

        var offer = (await SuggestionsAsync()).SmallPeople.ShouldHaveSingleItem();
        offer.Person.Id.ShouldBe(unnamed.Id);
        offer.Person.FaceCount.ShouldBe(unnamed.FaceCount);
        offer.Target.Name.ShouldNotBeNull();
        offer.Confidence.ShouldBeInRange(0f, 1f);

        (await Client.PostAsJsonAsync("api/suggestions/people/reject", new SmallPersonDecision(unnamed.Id, offer.Target.Id))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var next = (await SuggestionsAsync()).SmallPeople.ShouldHaveSingleItem();
        next.Person.Id.ShouldBe(unnamed.Id);
        next.Target.Id.ShouldNotBe(offer.Target.Id);
        var history = await Client.GetFromJsonAsync<JsonElement>("api/history");
        history[0].GetProperty("summary").GetString()!.ShouldEndWith($"not {offer.Target.DisplayName}");

        (await Client.PostAsJsonAsync("api/suggestions/people/confirm", new SmallPersonDecision(unnamed.Id, next.Target.Id))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = await server.PeopleAsync();
        after.ShouldNotContain(p => p.Id == unnamed.Id);
        after.Single(p => p.Id == next.Target.Id).FaceCount.ShouldBe(next.Target.FaceCount + unnamed.FaceCount);
        (await SuggestionsAsync()).SmallPeople.ShouldBeEmpty();

        (await Client.PostAsJsonAsync("api/suggestions/people/confirm", new SmallPersonDecision(next.Target.Id, null))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Client.PostAsJsonAsync("api/suggestions/people/reject", new SmallPersonDecision(next.Target.Id, next.Target.Id))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Client.PostAsJsonAsync("api/suggestions/people/reject", new SmallPersonDecision(unnamed.Id, next.Target.Id))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<SuggestionsView> SuggestionsAsync() =>
        (await Client.GetFromJsonAsync<SuggestionsView>("api/suggestions", JsonSerializerOptions.Web))!;
}
