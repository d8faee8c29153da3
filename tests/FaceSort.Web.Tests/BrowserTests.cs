using System.IO.Compression;
using Microsoft.Playwright;

namespace FaceSort.Web.Tests;

/// <summary>
/// The whole app in Debian's chromium, driven by Playwright: upload the fixture photos → wait for the people →
/// rename one → drag a face to another person → merge two people → download the zip. Screenshots go to the test
/// output folder (screenshots/) for a person to look at.
/// </summary>
public sealed class BrowserTests(WebServerFixture server) : IClassFixture<WebServerFixture>
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string Shots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task Upload_rename_drag_merge_and_download_in_a_real_browser()
    {
        Assert.SkipUnless(File.Exists(Chromium), "chromium is not installed (apt-get install chromium)");
        Directory.CreateDirectory(Shots);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(90_000);
        await page.GotoAsync(server.BaseAddress.ToString());

        // Upload: the file picker, many files at once; the page shows per-file lines and the pushed scan progress.
        await page.Locator("#pick-files").SetInputFilesAsync(WebServerFixture.Photos.Select(p => p.Full));
        await page.Locator("body[data-job=done]").WaitForAsync();
        await page.Locator(".card").First.WaitForAsync();
        await Shot(page, "1-people");
        var cards = await page.Locator(".card").CountAsync();
        cards.ShouldBeGreaterThanOrEqualTo(2);

        // Rename the largest person.
        await page.Locator(".card").First.ClickAsync();
        await page.Locator("#person-name").FillAsync("Alice");
        await page.Locator("#rename-form button").ClickAsync();
        await page.Locator("#person-title", new() { HasText = "Alice" }).WaitForAsync();

        // Drag one face onto the first other person in the side list.
        var facesBefore = await page.Locator(".face").CountAsync();
        var target = page.Locator(".person-target").First;
        var targetName = (await target.TextContentAsync())!;
        await page.Locator(".face img").First.DragToAsync(target);
        await page.WaitForFunctionAsync($"document.querySelectorAll('.face').length === {facesBefore - 1}");
        await Shot(page, "2-person-after-drag");
        targetName.ShouldContain("(");

        // Merge two people from the people page.
        await page.GotoAsync(server.BaseAddress + "#/");
        await page.Locator(".card").First.WaitForAsync();
        var before = await page.Locator(".card").CountAsync();
        await page.Locator(".card input[type=checkbox]").Nth(0).CheckAsync();
        await page.Locator(".card input[type=checkbox]").Nth(1).CheckAsync();
        // Merge asks first, saying how many people become one and whose name is kept.
        var asked = "";
        page.Dialog += async (_, dialog) => { asked = dialog.Message; await dialog.AcceptAsync(); };
        await page.Locator("#merge-selected").ClickAsync();
        await page.WaitForFunctionAsync($"document.querySelectorAll('.card').length === {before - 1}");
        asked.ShouldStartWith("Merge 2 people into one named \"");
        await Shot(page, "3-people-after-merge");

        // Photo view with boxes and names.
        await page.Locator(".card").First.ClickAsync();
        await page.Locator(".photos img").First.ClickAsync();
        await page.Locator(".box").First.WaitForAsync();
        await Shot(page, "4-photo-view");

        // Download everything as a zip: person folders (Alice among them) and faces.csv.
        await page.GotoAsync(server.BaseAddress + "#/");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-all").ClickAsync());
        var zipPath = Path.Combine(Shots, "facesort.zip");
        await download.SaveAsAsync(zipPath);
        using var zip = ZipFile.OpenRead(zipPath);
        zip.Entries.Select(e => e.FullName.Split('/')[0]).ShouldContain("Alice");
        zip.GetEntry("faces.csv").ShouldNotBeNull();
    }

    private static async Task Shot(IPage page, string name)
    {
        var path = Path.Combine(Shots, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
    }
}
