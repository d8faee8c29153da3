using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FaceSort.Web.Tests;

/// <summary>
/// Two people on one library through one server: A corrects in chromium, B (another tab, another person: the API)
/// corrects after A, and A presses Undo meaning their own change. Undo takes changes back newest first, so that press
/// would take back B's change while A's page says only what it undid; now the page names the change it means, and a
/// newer one made elsewhere is said instead of undone, until A presses Undo again.
/// </summary>
public sealed class BrowserTwoUsersUndoTests(WebServerFixture server) : IClassFixture<WebServerFixture>
{
    [Fact]
    public async Task Undo_says_a_change_made_elsewhere_since_instead_of_taking_it_back_and_takes_it_back_when_pressed_again()
    {
        await server.UploadAndScanAsync();
        await server.NameEveryoneAfterTheirFolderAsync();
        var people = await server.PeopleAsync();
        var amy = people.Single(p => p.DisplayName == "amy");
        var howard = people.Single(p => p.DisplayName == "howard");
        var amysFace = (await server.DetailAsync(amy.Id)).Faces[0].Id;

        await Chromium.BrowseAsync(server.BaseAddress, "failure-two-users-undo", async (chromium, page) =>
        {
            // A: "Not them" on one of Amy's faces.
            await Chromium.OpenPersonAsync(page, server.BaseAddress, amy.Id);
            await page.Locator($".face[data-face-id='{amysFace}'] .not-this").ClickAsync();
            await page.Locator($".face[data-face-id='{amysFace}']").WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Detached });

            // B, elsewhere: renames Howard.
            (await server.Client.PostAsJsonAsync($"api/people/{howard.Id}/rename", new RenameRequest("Howard W"))).EnsureSuccessStatusCode();

            // A presses Undo: B's rename stays, A's "Not them" too, and the page names B's change and what to do.
            await page.Locator("#undo").ClickAsync();
            await page.Locator("#notice", new() { HasText = "named howard 'Howard W'" }).WaitForAsync();
            var notice = (await page.Locator("#notice").TextContentAsync())!;
            notice.ShouldContain("press Undo again");
            await chromium.ShotAsync("t1-undo-names-a-change-made-elsewhere");
            (await server.DetailAsync(howard.Id)).Person.Name.ShouldBe("Howard W");
            (await server.DetailAsync(amy.Id)).Faces.ShouldNotContain(f => f.Id == amysFace);

            // Pressed again: B's rename is taken back, knowingly; once more: A's own "Not them".
            await page.Locator("#undo").ClickAsync();
            await page.Locator("#progress-text", new() { HasText = "Undone: named howard 'Howard W'" }).WaitForAsync();
            (await server.DetailAsync(howard.Id)).Person.Name.ShouldBe("howard");
            (await server.DetailAsync(amy.Id)).Faces.ShouldNotContain(f => f.Id == amysFace);
            await page.Locator("#undo").ClickAsync();
            await page.Locator("#progress-text", new() { HasText = $"Undone: face {amysFace} not amy" }).WaitForAsync();
            (await server.DetailAsync(amy.Id)).Faces.ShouldContain(f => f.Id == amysFace);
        });
    }

    [Fact]
    public async Task Undo_naming_a_change_that_is_not_the_newest_is_a_409_naming_the_newest_and_changes_nothing()
    {
        if ((await server.PeopleAsync()).Count == 0) await server.UploadAndScanAsync();
        var people = await server.PeopleAsync();
        var mine = await (await server.Client.PostAsJsonAsync($"api/people/{people[0].Id}/rename", new RenameRequest("Mine"))).Content
            .ReadFromJsonAsync<JsonElement>();
        var mineId = mine.GetProperty("correctionId").GetInt64();
        (await server.Client.PostAsJsonAsync($"api/people/{people[1].Id}/rename", new RenameRequest("Theirs"))).EnsureSuccessStatusCode();

        using var refused = await server.Client.PostAsJsonAsync("api/undo", new { id = mineId });
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var body = await refused.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("error").GetString()!.ShouldContain($"“named {people[1].DisplayName} 'Theirs'”");
        var newest = body.GetProperty("newest").GetProperty("id").GetInt64();
        (await server.DetailAsync(people[1].Id)).Person.Name.ShouldBe("Theirs");

        // Naming the newest takes it back; then the one meant; a plain undo (the CLI's, old pages') is as before.
        (await server.Client.PostAsJsonAsync("api/undo", new { id = newest })).EnsureSuccessStatusCode();
        (await server.DetailAsync(people[1].Id)).Person.Name.ShouldNotBe("Theirs");
        (await server.Client.PostAsJsonAsync("api/undo", new { id = mineId })).EnsureSuccessStatusCode();
        (await server.DetailAsync(people[0].Id)).Person.Name.ShouldNotBe("Mine");

        // A change already undone (by someone else) is said so.
        (await server.Client.PostAsJsonAsync($"api/people/{people[0].Id}/rename", new RenameRequest("Again"))).EnsureSuccessStatusCode();
        using var twice = await server.Client.PostAsJsonAsync("api/undo", new { id = mineId });
        twice.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await twice.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!.ShouldContain("already undone");
        (await server.Client.PostAsync("api/undo", null)).EnsureSuccessStatusCode();
    }
}
