using System.Net.Http.Json;
using System.Text.Json;

namespace FaceSort.Web.Tests;

/// <summary>
/// The people page with 10,000 people (<see cref="ManyPeopleLibrary"/>: written straight through the library's stores,
/// synthetic embeddings, photos that are links to the 40 real faceapi-bbt crops, eight faces to a photo). Asserts only
/// what does not depend on the machine: the DOM stays small (a virtualised grid) and the last person's card is
/// reachable by scrolling. Time to first card and frame times while scrolling to the bottom are written to the test
/// output and <c>screenshots/scale-timings.json</c>. A photo page is drawn without the list of the 10,000 people (asked
/// for when "Move this face to" opens); its drawing times go to <c>screenshots/photo-page-timings.json</c>.
/// </summary>
public sealed class BrowserScaleTests(TenThousandPeople library) : IClassFixture<TenThousandPeople>
{
    private const int PeopleCount = 10_000;
    private readonly Uri _base = library.BaseAddress;

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

    [Fact]
    public async Task A_photo_page_is_drawn_without_the_people_who_are_asked_for_when_the_move_dialog_opens()
    {
        Assert.SkipUnless(File.Exists(Chromium.Executable), "chromium is not installed (apt-get install chromium)");
        // Eleven photos, each by one face of it: the first is opened, the page then goes from one to the next.
        var people = (await library.Client.GetFromJsonAsync<List<PersonCard>>("api/people?hidden=true", JsonSerializerOptions.Web))!;
        var shown = new List<long[]>();
        for (var i = 0; i < 11; i++)
        {
            var face = (await library.Client.GetFromJsonAsync<PersonDetail>($"api/people/{people[i * 900].Id}", JsonSerializerOptions.Web))!.Faces[0];
            shown.Add([face.PhotoId, face.Id]);
        }
        shown.Select(s => s[0]).Distinct().Count().ShouldBe(11);

        await using var chromium = await Chromium.OpenAsync(new Uri("about:blank"));
        var page = chromium.Page;
        var asked = 0;
        page.Request += (_, request) => { if (new Uri(request.Url).AbsolutePath == "/api/people") Interlocked.Increment(ref asked); };
        // Time from navigation start to the first face box in the DOM, measured by the page itself.
        await page.AddInitScriptAsync("""
            new MutationObserver((_, o) => { if (document.querySelector('.box')) { window.firstBoxMs = performance.now(); o.disconnect(); } })
              .observe(document, { childList: true, subtree: true });
            """);
        await page.GotoAsync(_base + $"#/photo/{shown[0][0]}");
        await page.Locator($".box[data-face-id='{shown[0][1]}']").WaitForAsync();
        var firstDrawMs = await page.EvaluateAsync<double>("() => window.firstBoxMs");
        // Ten more photos, each from the hash change to its face's box in the DOM.
        var drawMs = await page.EvaluateAsync<double[]>("""
            async shown => {
              const times = [];
              for (const [photo, face] of shown) {
                const start = performance.now();
                const drawn = () => document.querySelector(`.box[data-face-id="${face}"]`) !== null;
                await new Promise(done => {
                  new MutationObserver((_, o) => { if (drawn()) { o.disconnect(); done(); } })
                    .observe(document.getElementById('view'), { childList: true, subtree: true });
                  location.hash = `#/photo/${photo}`;
                });
                times.push(performance.now() - start);
              }
              return times;
            }
            """, shown.Skip(1).ToArray());
        await page.WaitForTimeoutAsync(300);
        var askedWhileDrawing = asked;
        await chromium.ShotAsync("22-photo-of-ten-thousand-people");

        // "Move this face to" opened on the top box (a click on it): from the click to its 200 entries listed.
        var box = page.Locator(".box").Last;
        await box.FocusAsync();
        var dialogMs = await page.EvaluateAsync<double>("""
            () => new Promise(done => {
              const start = performance.now();
              const listed = () => document.querySelectorAll('#reassign-list .person-target').length === 200;
              new MutationObserver((_, o) => { if (listed()) { o.disconnect(); done(performance.now() - start); } })
                .observe(document.getElementById('reassign'), { childList: true, subtree: true });
              document.activeElement.click();
            })
            """);
        var askedAfterDialog = asked;
        await page.Keyboard.PressAsync("Escape");
        // What the list the photo page no longer asks for on each drawing weighs, and how long it takes to get it.
        var list = await page.EvaluateAsync<double[]>("""
            async () => {
              const start = performance.now();
              const text = await (await fetch('api/people?hidden=true')).text();
              JSON.parse(text);
              return [text.length, performance.now() - start];
            }
            """);

        var sorted = drawMs.Order().ToArray();
        var json = JsonSerializer.Serialize(new
        {
            people = PeopleCount, firstDrawMs = Math.Round(firstDrawMs), drawMs = drawMs.Select(d => Math.Round(d, 1)),
            drawP50Ms = Math.Round(Percentile(sorted, 0.5), 1), drawMaxMs = Math.Round(sorted[^1], 1),
            peopleRequestsForElevenDrawings = askedWhileDrawing, dialogListedMs = Math.Round(dialogMs, 1),
            peopleRequestsAfterTheDialog = askedAfterDialog, peopleListKB = Math.Round(list[0] / 1024), peopleListFetchMs = Math.Round(list[1], 1),
        });
        TestContext.Current.TestOutputHelper?.WriteLine(json);
        await File.WriteAllTextAsync(Path.Combine(Chromium.Shots, "photo-page-timings.json"), json);
        askedWhileDrawing.ShouldBe(0, "drawing a photo needs no people");
        askedAfterDialog.ShouldBe(1, "the dialog asks for them once");
    }

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * sorted.Length))];
}

/// <summary>A library of 10,000 people (one class fixture).</summary>
public sealed class TenThousandPeople() : ManyPeopleLibrary(10_000);
