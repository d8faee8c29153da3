using Microsoft.Playwright;

namespace FaceSort.Web.Tests;

/// <summary>
/// The person page's "Faces: least alike first" in chromium, on the fixture library scanned with the bundled models:
/// three of Penny's photos put in Amy are Amy's first three faces in that order, the order stays after "Not them", the
/// page's address keeps it, and a click and a Shift+click select a run of faces to split off.
/// </summary>
public sealed class BrowserLeastAlikeTests(WebServerFixture server) : IClassFixture<WebServerFixture>
{
    private const string TileIds = "() => [...document.querySelectorAll('.faces .face')].map(f => Number(f.dataset.faceId))";

    [Fact]
    public async Task Least_alike_first_puts_faces_of_someone_else_on_top_and_stays_after_Not_them()
    {
        var (amy, intruders) = await server.PennysFacesInAmyAsync(3);

        await Chromium.BrowseAsync(server.BaseAddress, "failure-least-alike", async (chromium, page) =>
        {
            await Chromium.OpenPersonAsync(page, server.BaseAddress, amy.Id);
            (await page.Locator("#face-order").InputValueAsync()).ShouldBe("photos");
            (await page.Locator(".faces .face img").First.GetAttributeAsync("title")).ShouldBeNull("no likeness in photo order");

            await page.Locator("#face-order").SelectOptionAsync("least-alike");
            await page.WaitForFunctionAsync($"() => location.hash === '#/person/{amy.Id}/least-alike'");
            // Drawn again in the new order: its tiles say their likeness.
            await page.WaitForFunctionAsync($"() => ({TileIds})().length === 8 && document.querySelector('.faces .face img').title !== ''");
            var tiles = await page.EvaluateAsync<long[]>(TileIds);
            tiles[..3].ShouldBe(intruders, ignoreOrder: true);
            (await page.Locator("#face-order").InputValueAsync()).ShouldBe("least-alike");
            (await page.Locator(".faces .face img").First.GetAttributeAsync("title") ?? "").ShouldStartWith("likeness to this person's typical face: ");
            await chromium.ShotAsync("l1-least-alike-first");

            // "Not them" on the first face: the page is drawn again, still least alike first, the other intruders on top.
            await page.Locator(".faces .face").First.Locator(".not-this").ClickAsync();
            await page.WaitForFunctionAsync($"() => ({TileIds})().length === 7");
            var after = await page.EvaluateAsync<long[]>(TileIds);
            after[..2].ShouldBe(tiles[1..3], ignoreOrder: true);
            (await page.Locator("#face-order").InputValueAsync()).ShouldBe("least-alike");

            // The address keeps the order: opened again from it, the page is in that order.
            await page.ReloadAsync();
            await page.WaitForFunctionAsync($"() => ({TileIds})().length === 7");
            (await page.EvaluateAsync<long[]>(TileIds)).ShouldBe(after);

            // A click on the first face and a Shift+click on the third select all three; a click on the third (one of
            // Amy's own) leaves the two intruders selected; split, they are a person of their own.
            await page.Locator(".faces .face img").Nth(0).ClickAsync();
            await page.Locator(".faces .face img").Nth(2).ClickAsync(new() { Modifiers = [KeyboardModifier.Shift] });
            (await page.EvaluateAsync<long[]>("() => [...document.querySelectorAll('.face.selected')].map(f => Number(f.dataset.faceId))"))
                .ShouldBe(after[..3]);
            await page.Locator(".faces .face img").Nth(2).ClickAsync();
            (await page.Locator(".face.selected").CountAsync()).ShouldBe(2);
            await page.Locator("#split").ClickAsync();
            await page.WaitForFunctionAsync($"() => location.hash.startsWith('#/person/') && !location.hash.startsWith('#/person/{amy.Id}')");
            var split = long.Parse((await page.EvaluateAsync<string>("() => location.hash")).Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);
            (await server.DetailAsync(split)).Faces.Select(f => f.Id).ShouldBe(after[..2], ignoreOrder: true);
        });
    }
}
