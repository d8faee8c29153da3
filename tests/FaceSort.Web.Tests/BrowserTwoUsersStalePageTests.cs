using System.Net.Http.Json;

namespace FaceSort.Web.Tests;

/// <summary>
/// Two people on one library: B has a person page open in chromium while A (the API) merges people away. B's "Not them"
/// on a person merged away, and B's move onto a person merged away, were answered "no person with id N" and left the
/// page as it was, still offering the person; now the sentence says why, and the page is drawn again as the library is.
/// </summary>
public sealed class BrowserTwoUsersStalePageTests(WebServerFixture server) : IClassFixture<WebServerFixture>
{
    [Fact]
    public async Task Acting_on_a_person_merged_away_in_another_tab_says_so_and_draws_the_page_as_the_library_is()
    {
        await server.UploadAndScanAsync();
        await server.NameEveryoneAfterTheirFolderAsync();
        var people = await server.PeopleAsync();
        var amy = people.Single(p => p.DisplayName == "amy");
        var penny = people.Single(p => p.DisplayName == "penny");
        var howard = people.Single(p => p.DisplayName == "howard");
        var sheldon = people.Single(p => p.DisplayName == "sheldon");
        var pennysFace = (await server.DetailAsync(penny.Id)).Faces[0].Id;
        var howardsFace = (await server.DetailAsync(howard.Id)).Faces[0].Id;

        await Chromium.BrowseAsync(server.BaseAddress, "failure-two-users-stale", async (chromium, page) =>
        {
            // B has Penny's page open; A merges Penny into Amy; B says "Not them" on one of Penny's faces.
            await Chromium.OpenPersonAsync(page, server.BaseAddress, penny.Id);
            (await server.Client.PostAsJsonAsync("api/people/merge", new MergeRequest(amy.Id, [penny.Id]))).EnsureSuccessStatusCode();
            await page.Locator($".face[data-face-id='{pennysFace}'] .not-this").ClickAsync();
            await page.WaitForFunctionAsync("location.hash === '#/'");
            await page.Locator("#notice", new() { HasText = "no longer exists" }).WaitForAsync();
            await page.Locator(".card").First.WaitForAsync();
            (await page.Locator(".card").CountAsync()).ShouldBe(3);
            (await server.DetailAsync(amy.Id)).Faces.ShouldContain(f => f.Id == pennysFace, "nothing was done to the merged faces");

            // B has Howard's page open, Sheldon listed to move faces to; A merges Sheldon into Amy; B moves a face there.
            await Chromium.OpenPersonAsync(page, server.BaseAddress, howard.Id);
            (await server.Client.PostAsJsonAsync("api/people/merge", new MergeRequest(amy.Id, [sheldon.Id]))).EnsureSuccessStatusCode();
            await page.Locator($".face[data-face-id='{howardsFace}'] img").ClickAsync();
            await page.Locator($"#target-list [data-person-id='{sheldon.Id}']").ClickAsync();
            await page.Locator("#notice", new() { HasText = "merged into another person or undone since" }).WaitForAsync();
            await page.Locator($"#target-list [data-person-id='{sheldon.Id}']").WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Detached });
            await chromium.ShotAsync("t2-moved-onto-a-person-merged-away");
            (await page.Locator("#person-title").TextContentAsync()).ShouldBe("howard");
            (await server.DetailAsync(howard.Id)).Faces.ShouldContain(f => f.Id == howardsFace);
            (await page.Locator("#move-target option").AllTextContentsAsync()).ShouldNotContain(t => t.StartsWith("sheldon", StringComparison.Ordinal));
        });
    }
}
