using System.Globalization;

namespace FaceSort.Web.Tests;

/// <summary>
/// The person page keeps its selection through a change made on it, in chromium on the fixture library: two faces
/// selected, "Not them" on a third, and the two are still selected to be moved together; once moved, nothing is.
/// </summary>
public sealed class BrowserSelectionTests(WebServerFixture server) : IClassFixture<WebServerFixture>
{
    private const string Selected = "() => [...document.querySelectorAll('.face.selected')].map(f => Number(f.dataset.faceId))";

    [Fact]
    public async Task A_selection_outlasts_Not_them_on_another_face_and_goes_with_the_faces_it_moved()
    {
        await server.UploadAndScanAsync();
        await server.NameEveryoneAfterTheirFolderAsync();
        var people = await server.PeopleAsync();
        var amy = people.Single(p => p.DisplayName == "amy");
        var penny = people.Single(p => p.DisplayName == "penny");
        var faces = (await server.DetailAsync(amy.Id)).Faces.Select(f => f.Id).ToArray();

        await Chromium.BrowseAsync(server.BaseAddress, "failure-selection", async (chromium, page) =>
        {
            await Chromium.OpenPersonAsync(page, server.BaseAddress, amy.Id);
            await page.Locator($".face[data-face-id='{faces[0]}'] img").ClickAsync();
            (await page.Locator("#selected-count").TextContentAsync()).ShouldBe("1 face selected");
            await page.Locator($".face[data-face-id='{faces[1]}'] img").ClickAsync();
            await page.Locator($".face[data-face-id='{faces[2]}'] .not-this").ClickAsync();
            await page.WaitForFunctionAsync("() => document.querySelectorAll('.faces .face').length === 4");
            (await page.EvaluateAsync<long[]>(Selected)).ShouldBe(faces[..2]);
            (await page.Locator("#selected-count").TextContentAsync()).ShouldBe("2 faces selected");
            await chromium.ShotAsync("k1-selection-kept");

            await page.Locator("#move-target").SelectOptionAsync(penny.Id.ToString(CultureInfo.InvariantCulture));
            await page.Locator("#move-selected").ClickAsync();
            await page.WaitForFunctionAsync("() => document.querySelectorAll('.faces .face').length === 2");
            (await page.EvaluateAsync<long[]>(Selected)).ShouldBeEmpty();
            (await page.Locator("#selected-count").TextContentAsync()).ShouldBe("");
            (await server.DetailAsync(penny.Id)).Faces.Select(f => f.Id).ShouldContain(faces[0]);
            (await server.DetailAsync(penny.Id)).Faces.Select(f => f.Id).ShouldContain(faces[1]);
        });
    }
}
