using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FaceSort.Web.Tests;

/// <summary>A person of 700 faces (random embeddings), so the person page draws them in three chunks, and another of 100.</summary>
public sealed class SevenHundredFaces() : ManyPeopleLibrary([700, 100, 1, 2], facesPerPhoto: 4);

/// <summary>
/// A person whose faces change elsewhere (another tab, a scan) while their page is drawn a chunk at a time. The next
/// chunk used to be read from the person's new order at the old offset: after one "Not them" in another tab, least alike
/// first (the typical face taken again, so every face's place can move) drew 5 faces twice and left 6 out on glint12's
/// merged person of 586 faces, and faces moved in were never drawn. Now each chunk carries the version of the person's
/// faces it continues, the server answers 409 once they changed, and the page is drawn again as far down as it was.
/// </summary>
public sealed class BrowserChangedBetweenChunksTests(SevenHundredFaces library) : IClassFixture<SevenHundredFaces>
{
    private const string TileIds = "() => [...document.querySelectorAll('.faces .face')].map(f => Number(f.dataset.faceId))";

    [Theory]
    [InlineData("/least-alike", "least-alike")]
    [InlineData("", "photos")]
    public async Task Faces_changed_in_another_tab_between_chunks_are_each_drawn_once_in_the_new_order(string route, string order)
    {
        var people = (await library.Client.GetFromJsonAsync<List<PersonCard>>("api/people", JsonSerializerOptions.Web))!;
        var person = people.Single(p => p.FaceCount == 700);
        var other = people.Single(p => p.FaceCount == 100);
        await Chromium.BrowseAsync(library.BaseAddress, $"failure-changed-between-chunks-{order}", async (chromium, page) =>
        {
            await page.GotoAsync(library.BaseAddress + $"#/person/{person.Id}{route}");
            await page.WaitForFunctionAsync($"() => ({TileIds})().length === 300");
            var first = await page.EvaluateAsync<long[]>(TileIds);

            // Another tab: "Not them" on the first face drawn, and ten faces of someone else moved in.
            var moved = (await library.Client.GetFromJsonAsync<PersonDetail>($"api/people/{other.Id}", JsonSerializerOptions.Web))!.Faces.Take(10).Select(f => f.Id).ToArray();
            try
            {
                (await library.Client.PostAsJsonAsync("api/faces/reject", new FacesRequest([first[0]], person.Id))).EnsureSuccessStatusCode();
                (await library.Client.PostAsJsonAsync("api/faces/move", new FacesRequest(moved, person.Id))).EnsureSuccessStatusCode();
                var now = (await library.Client.GetFromJsonAsync<PersonDetail>($"api/people/{person.Id}?order={order}", JsonSerializerOptions.Web))!
                    .Faces.Select(f => f.Id).ToArray();
                now.Length.ShouldBe(709);

                // "Show more faces" pressed until the page says every face is drawn (it may be drawn again on the way).
                await page.WaitForFunctionAsync("""
                    () => {
                      const more = document.querySelector('.faces + .show-more');
                      if (more && !more.hidden) more.click();
                      return more?.hidden;
                    }
                    """, null, new() { PollingInterval = 200 });
                var drawn = await page.EvaluateAsync<long[]>(TileIds);
                drawn.Distinct().Count().ShouldBe(drawn.Length, "no face drawn twice");
                drawn.ShouldBe(now, "every face of the person, once, in their order now");
                (await page.Locator("#notice").TextContentAsync() ?? "").ShouldContain("changed meanwhile");
                await page.EvaluateAsync("() => window.scrollTo(0, 0)");
                await chromium.ShotAsync($"l2-changed-between-chunks-{order}");
            }
            finally
            {
                (await library.Client.PostAsync("api/undo", null)).EnsureSuccessStatusCode();
                (await library.Client.PostAsync("api/undo", null)).EnsureSuccessStatusCode();
            }
        });
    }

    [Fact]
    public async Task A_page_of_faces_asked_for_with_an_old_version_is_a_409()
    {
        var person = (await library.Client.GetFromJsonAsync<List<PersonCard>>("api/people", JsonSerializerOptions.Web))!.Single(p => p.FaceCount == 700);
        foreach (var order in new[] { "photos", "least-alike" })
        {
            var first = (await library.Client.GetFromJsonAsync<PersonDetail>($"api/people/{person.Id}?limit=300&order={order}", JsonSerializerOptions.Web))!;
            var next = $"api/people/{person.Id}/faces?offset=300&limit=300&order={order}&version={Uri.EscapeDataString(first.FacesVersion)}";
            (await library.Client.GetAsync(next)).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await library.Client.PostAsJsonAsync("api/faces/reject", new FacesRequest([first.Faces[0].Id], person.Id))).EnsureSuccessStatusCode();
            try
            {
                var changed = await library.Client.GetAsync(next);
                changed.StatusCode.ShouldBe(HttpStatusCode.Conflict);
                (await changed.Content.ReadAsStringAsync()).ShouldContain("ask for the person again");
                // Without a version, a page is given as before.
                (await library.Client.GetAsync($"api/people/{person.Id}/faces?offset=300&limit=300&order={order}")).StatusCode.ShouldBe(HttpStatusCode.OK);
            }
            finally
            {
                (await library.Client.PostAsync("api/undo", null)).EnsureSuccessStatusCode();
            }
        }
    }
}
