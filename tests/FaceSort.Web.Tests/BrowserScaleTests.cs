using System.Text.Json;

namespace FaceSort.Web.Tests;

/// <summary>
/// The people page with 10,000 people (<see cref="ManyPeopleLibrary"/>: written straight through the library's stores,
/// synthetic embeddings, photos that are links to the 40 real faceapi-bbt crops, eight faces to a photo). Asserts only
/// what does not depend on the machine: the DOM stays small (a virtualised grid) and the last person's card is
/// reachable by scrolling. Time to first card and frame times while scrolling to the bottom are written to the test
/// output and <c>screenshots/scale-timings.json</c>.
/// </summary>
public sealed class BrowserScaleTests : IAsyncLifetime
{
    private const int PeopleCount = 10_000;
    private readonly ManyPeopleLibrary _library = new(PeopleCount);
    private Uri _base = null!;

    public async ValueTask InitializeAsync()
    {
        await _library.InitializeAsync();
        _base = _library.BaseAddress;
    }

    [Fact]
    public async Task Ten_thousand_people_keep_a_small_dom_and_the_last_card_is_reachable()
    {
        Assert.SkipUnless(File.Exists(Chromium.Executable), "chromium is not installed (apt-get install chromium)");
        await using var chromium = await Chromium.OpenAsync(new Uri(_base, "#/blank"));
        var page = chromium.Page;
        // Time from navigation start to the first card in the DOM, measured by the page itself.
        await page.AddInitScriptAsync("""
            new MutationObserver((_, o) => { if (document.querySelector('.card')) { window.firstCardMs = performance.now(); o.disconnect(); } })
              .observe(document, { childList: true, subtree: true });
            """);
        await page.GotoAsync(_base.ToString());
        await page.Locator(".card").First.WaitForAsync();
        (await page.Locator(".toolbar strong").TextContentAsync()).ShouldBe($"{PeopleCount:N0} people", "counted with a thousands separator");
        var firstCardMs = await page.EvaluateAsync<double>("() => window.firstCardMs");
        var nodesAtTop = await page.EvaluateAsync<int>("() => document.getElementsByTagName('*').length");
        await chromium.ShotAsync("20-ten-thousand-people-top");

        var thumbnails = 0;
        page.Request += (_, request) => { if (request.Url.EndsWith("/thumbnail", StringComparison.Ordinal)) Interlocked.Increment(ref thumbnails); };

        // Scroll to the bottom programmatically, a fixed step per animation frame, recording each frame's duration.
        var frames = await page.EvaluateAsync<double[]>("""
            () => new Promise(done => {
              const scroll = document.getElementById('people-scroll');
              const deltas = [];
              let last = performance.now();
              const step = () => {
                const now = performance.now();
                deltas.push(now - last);
                last = now;
                if (scroll.scrollTop + scroll.clientHeight >= scroll.scrollHeight - 1) { done(deltas.slice(1)); return; }
                scroll.scrollTop += 1500;
                requestAnimationFrame(step);
              };
              requestAnimationFrame(step);
            })
            """);
        var lastPerson = await page.EvaluateAsync<long>("async () => (await (await fetch('api/people')).json()).at(-1).id");
        await page.Locator($".card[data-person-id='{lastPerson}']").WaitForAsync();
        await page.Locator($".card[data-person-id='{lastPerson}'] img[src]").WaitForAsync();
        await page.WaitForFunctionAsync("[...document.querySelectorAll('.card img')].every(i => i.complete)");
        var nodesAtBottom = await page.EvaluateAsync<int>("() => document.getElementsByTagName('*').length");
        var cardsAtBottom = await page.Locator(".card").CountAsync();
        await chromium.ShotAsync("21-ten-thousand-people-bottom");

        // 10,000 cards of 5 elements would be 50,000+ nodes; the virtualised grid keeps a few screens' worth.
        nodesAtTop.ShouldBeLessThan(2_000);
        nodesAtBottom.ShouldBeLessThan(2_000);
        cardsAtBottom.ShouldBeLessThan(200);

        var sorted = frames.Order().ToArray();
        var report = new
        {
            people = PeopleCount, firstCardMs = Math.Round(firstCardMs), nodesAtTop, nodesAtBottom, cardsAtBottom, frames = frames.Length,
            frameP50Ms = Math.Round(Percentile(sorted, 0.50), 1), frameP95Ms = Math.Round(Percentile(sorted, 0.95), 1),
            frameMaxMs = Math.Round(sorted[^1], 1), thumbnailRequestsWhileScrolling = thumbnails,
        };
        var json = JsonSerializer.Serialize(report);
        TestContext.Current.TestOutputHelper?.WriteLine(json);
        await File.WriteAllTextAsync(Path.Combine(Chromium.Shots, "scale-timings.json"), json);
    }

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * sorted.Length))];

    public ValueTask DisposeAsync() => _library.DisposeAsync();
}
