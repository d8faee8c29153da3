using Microsoft.Playwright;

namespace FaceSort.Web.Tests;

/// <summary>
/// Debian's chromium driven by Playwright (it cannot download its own browser here), one page per test, and the
/// screenshots every browser step leaves in the test output's <c>screenshots/</c> folder for a person to look at.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";
    public static readonly string Shots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Chromium(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page)
    {
        (_playwright, _browser, Context, Page) = (playwright, browser, context, page);
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }

    /// <summary>
    /// Opens a page at <paramref name="baseAddress"/>; with <paramref name="touch"/> it is a phone's: a touch screen
    /// (taps, a coarse pointer) and a mobile viewport.
    /// </summary>
    public static async Task<Chromium> OpenAsync(Uri baseAddress, int width = 1280, int height = 860, bool touch = false)
    {
        Assert.SkipUnless(File.Exists(Executable), "chromium is not installed (apt-get install chromium)");
        Directory.CreateDirectory(Shots);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            AcceptDownloads = true, ViewportSize = new ViewportSize { Width = width, Height = height },
            HasTouch = touch, IsMobile = touch,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(90_000);
        await page.GotoAsync(baseAddress.ToString());
        return new Chromium(playwright, browser, context, page);
    }

    /// <summary>
    /// Opens chromium at <paramref name="baseAddress"/> and runs <paramref name="walk"/> with 20 s per step; when a step
    /// fails, the page as it was is saved as <paramref name="failureShot"/> first.
    /// </summary>
    public static async Task BrowseAsync(Uri baseAddress, string failureShot, Func<Chromium, IPage, Task> walk, int width = 1280, int height = 860,
        bool touch = false)
    {
        await using var chromium = await OpenAsync(baseAddress, width, height, touch);
        chromium.Page.SetDefaultTimeout(20_000);
        await chromium.WalkAsync(() => walk(chromium, chromium.Page), failureShot);
    }

    /// <summary>Goes to a person's page and waits until its faces are shown.</summary>
    public static async Task OpenPersonAsync(IPage page, Uri baseAddress, long personId)
    {
        await page.GotoAsync(baseAddress + $"#/person/{personId}");
        await page.Locator("#person-title").WaitForAsync();
        await page.Locator(".face").First.WaitForAsync();
    }

    /// <summary>Presses Tab (at most 200 times) until <paramref name="focused"/> holds: what a keyboard user does.</summary>
    public static async Task TabToAsync(IPage page, string focused)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await page.EvaluateAsync<bool>(focused)) return;
            await page.Keyboard.PressAsync("Tab");
        }
        throw new InvalidOperationException($"Tab never reached: {focused}");
    }

    public Task ShotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, name + ".png"), FullPage = false });

    /// <summary>Runs a browser walk; when a step fails, the page as it was is saved as <paramref name="failureShot"/> first.</summary>
    public async Task WalkAsync(Func<Task> walk, string failureShot)
    {
        try
        {
            await walk();
        }
        catch
        {
            await ShotAsync(failureShot);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
