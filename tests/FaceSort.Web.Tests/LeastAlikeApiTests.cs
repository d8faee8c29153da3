using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FaceSort.Web.Tests;

/// <summary>
/// A person's faces least alike first (<c>/api/people/{id}?order=least-alike</c> and its pages) on the fixture library,
/// scanned with the bundled models: two of Penny's photos put in Amy come first among Amy's faces.
/// </summary>
public sealed class LeastAlikeApiTests(WebServerFixture server) : IClassFixture<WebServerFixture>
{
    private HttpClient Client => server.Client;

    [Fact]
    public async Task Faces_put_in_the_wrong_person_come_first_page_after_page()
    {
        var (amy, intruders) = await server.PennysFacesInAmyAsync(2);

        var inPhotoOrder = await server.DetailAsync(amy.Id);
        inPhotoOrder.Faces.Count.ShouldBe(7);
        inPhotoOrder.Faces.ShouldAllBe(f => f.Likeness == null);

        var first = (await Client.GetFromJsonAsync<PersonDetail>($"api/people/{amy.Id}?limit=3&order=least-alike", JsonSerializerOptions.Web))!;
        first.Faces.Count.ShouldBe(3);
        first.Faces.Take(2).Select(f => f.Id).ShouldBe(intruders, ignoreOrder: true);
        first.PhotoIds.Count.ShouldBe(7);
        var rest = (await Client.GetFromJsonAsync<List<FaceView>>($"api/people/{amy.Id}/faces?offset=3&limit=10&order=least-alike", JsonSerializerOptions.Web))!;
        var all = first.Faces.Concat(rest).ToList();
        all.Select(f => f.Id).ShouldBe(inPhotoOrder.Faces.Select(f => f.Id), ignoreOrder: true);
        all.Select(f => f.Likeness!.Value).ShouldBeInOrder(SortDirection.Ascending);
        // Penny's faces resemble Amy's typical face far less than Amy's own do.
        all[1].Likeness!.Value.ShouldBeLessThan(all[2].Likeness!.Value - 0.2f);

        // Once Amy's faces change, the order is taken again: "Not them" on the intruders leaves Amy's own five.
        (await Client.PostAsJsonAsync("api/faces/reject", new FacesRequest([.. intruders], amy.Id))).EnsureSuccessStatusCode();
        var after = (await Client.GetFromJsonAsync<PersonDetail>($"api/people/{amy.Id}?order=least-alike", JsonSerializerOptions.Web))!;
        after.Faces.Select(f => f.Id).ShouldBe(all.Skip(2).Select(f => f.Id), ignoreOrder: true);

        (await Client.GetAsync($"api/people/{amy.Id}?order=newest")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
