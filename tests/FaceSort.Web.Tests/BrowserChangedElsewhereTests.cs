using System.Net.Http.Json;
using FaceSort.Core.Corrections;
using FaceSort.Core.Library;

namespace FaceSort.Web.Tests;

/// <summary>
/// Two people on one library, or the CLI beside the web app: a page hears of a change made elsewhere from the event
/// stream and says so in a banner, and draws itself again when asked. Before, a page learnt of it only at its next
/// action, from a refusal (docs/web.md, "Two people on one library").
/// </summary>
public sealed class BrowserChangedElsewhereTests(WebServerFixture server) : IClassFixture<WebServerFixture>
{
    [Fact]
    public async Task A_change_made_in_another_tab_or_by_the_cli_is_said_on_the_page_and_its_own_are_not()
    {
        await server.UploadAndScanAsync();
        await server.NameEveryoneAfterTheirFolderAsync();
        var people = await server.PeopleAsync();
        long Id(string name) => people.Single(p => p.DisplayName == name).Id;

        await Chromium.BrowseAsync(server.BaseAddress, "failure-changed-elsewhere", async (chromium, page) =>
        {
            await page.GotoAsync(server.BaseAddress.ToString());
            await page.Locator(".card", new() { HasText = "amy" }).First.WaitForAsync();
            var banner = page.Locator("#changed-elsewhere");

            // Another person on the library renames Amy through the web app.
            (await server.Client.PostAsJsonAsync($"api/people/{Id("amy")}/rename", new RenameRequest("Amy Farrah"))).EnsureSuccessStatusCode();
            await banner.Filter(new() { HasText = "Amy Farrah" }).WaitForAsync();
            (await page.Locator(".card", new() { HasText = "Amy Farrah" }).CountAsync()).ShouldBe(0, "the page is not drawn under the user's hand");
            await chromium.ShotAsync("changed-elsewhere");
            await page.Locator("#show-changes").ClickAsync();
            await page.Locator(".card", new() { HasText = "Amy Farrah" }).WaitForAsync();
            (await banner.IsHiddenAsync()).ShouldBeTrue();

            // The CLI, another process, renames Howard: the library is the only thing the two share.
            var cli = new CorrectionService(LibraryDatabase.Open(server.LibraryDirectory));
            cli.Rename(Id("howard"), "Howard W");
            await banner.Filter(new() { HasText = "Howard W" }).WaitForAsync();
            await page.Locator("#show-changes").ClickAsync();

            // This tab's own rename is not news to it; the next change elsewhere is the first one said.
            await Chromium.OpenPersonAsync(page, server.BaseAddress, Id("penny"));
            await page.Locator("#person-name").FillAsync("Penny H");
            await page.Locator("#rename-form button").ClickAsync();
            await page.Locator("#person-title", new() { HasText = "Penny H" }).WaitForAsync();
            (await server.Client.PostAsJsonAsync($"api/people/{Id("sheldon")}/rename", new RenameRequest("Sheldon C"))).EnsureSuccessStatusCode();
            await banner.Filter(new() { HasText = "Sheldon C" }).WaitForAsync();
            (await banner.TextContentAsync())!.ShouldStartWith("A change was made in another tab or by someone else:", Case.Sensitive,
                "one change elsewhere: the tab's own rename is not counted");
            (await banner.TextContentAsync())!.ShouldNotContain("Penny H");

            // B selects one of Penny's faces to split off; A moves it to Amy first. The split says whose face it is not
            // and draws Penny as she is now (it left the page as it was, the face still offered).
            var pennysFace = (await server.DetailAsync(Id("penny"))).Faces[0].Id;
            // Showing the changes draws the page again: the face is selected on the new page, not on the one going away
            // (on a loaded machine the click landed on the old page and the split had nothing selected).
            var shownBefore = await page.Locator($".face[data-face-id='{pennysFace}']").ElementHandleAsync();
            await page.Locator("#show-changes").ClickAsync();
            await page.WaitForFunctionAsync("tile => !tile.isConnected", shownBefore);
            await page.Locator($".face[data-face-id='{pennysFace}'] img").ClickAsync();
            await page.Locator($".face.selected[data-face-id='{pennysFace}']").WaitForAsync();
            (await server.Client.PostAsJsonAsync("api/faces/move", new FacesRequest([pennysFace], Id("amy")))).EnsureSuccessStatusCode();
            await page.Locator("#split").ClickAsync();
            await page.Locator("#notice", new() { HasText = $"{pennysFace}: not a face of Penny H" }).WaitForAsync();
            await page.Locator($".face[data-face-id='{pennysFace}']").WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Detached });
            (await page.Locator("#person-title").TextContentAsync()).ShouldBe("Penny H");

            // `facesort cluster` from cron beside the server, a real process: the people it changes are news too.
            await page.Locator("#show-changes").ClickAsync();
            await RunCliAsync("cluster", "--library", server.LibraryDirectory, "--full");
            await banner.Filter(new() { HasText = "the people were updated by facesort cluster" }).WaitForAsync();
        });
    }

    /// <summary>Runs the built CLI (src/FaceSort.Cli, built with the solution) and waits for it to succeed.</summary>
    private static async Task RunCliAsync(params string[] arguments)
    {
        var cli = Path.Combine(WebServerFixture.RepoRoot, "src", "FaceSort.Cli", "bin", "Release", "net10.0", "facesort.dll");
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(cli);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, await errors);
    }
}
