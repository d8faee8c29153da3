using System.Text.Json;
using FaceSort.Core.Detection;
using FaceSort.Core.Library;
using Microsoft.AspNetCore.Builder;

namespace FaceSort.Web.Tests;

/// <summary>
/// The people page with 10,000 people (written straight through the library's stores: synthetic embeddings, photos
/// that are links to the 40 real faceapi-bbt crops, eight faces to a photo). Asserts only what does not depend on the machine: the DOM stays
/// small (a virtualised grid) and the last person's card is reachable by scrolling. Time to first card and frame
/// times while scrolling to the bottom are written to the test output and <c>screenshots/scale-timings.json</c>.
/// </summary>
public sealed class BrowserScaleTests : IAsyncLifetime
{
    private const int PeopleCount = 10_000;
    private const int FacesPerPhoto = 8;
    private readonly string _directory = Directory.CreateTempSubdirectory("facesort-web-scale-").FullName;
    private WebApplication _app = null!;
    private Uri _base = null!;

    public async ValueTask InitializeAsync()
    {
        var library = Path.Combine(_directory, "library");
        var photos = Path.Combine(_directory, "photos");
        Directory.CreateDirectory(photos);
        var crops = Directory.GetFiles(WebServerFixture.DataDirectory, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var database = LibraryDatabase.Open(library);
        var root = new PhotoStore(database).EnsureRoot(photos);
        var random = new Random(7);
        // Person i has 1 + i % 3 faces (so cards differ in size and order); eight faces share a photo, which keeps the
        // number of files (links) small. Faces are written in person order, so face ids run person by person.
        var faceTotal = Enumerable.Range(0, PeopleCount).Sum(p => 1 + p % 3);
        using (var writer = new ScanWriter(database, batchSize: 512))
        {
            for (var photo = 0; photo * FacesPerPhoto < faceTotal; photo++)
            {
                var name = $"p{photo:00000}.png";
                var full = Path.Combine(photos, name);
                File.CreateSymbolicLink(full, crops[photo % crops.Length]);
                var file = new PhotoFile(root, photos, name, full, 1000 + photo, 1_700_000_000_000 + photo);
                var faces = Enumerable.Range(0, Math.Min(FacesPerPhoto, faceTotal - photo * FacesPerPhoto)).Select(k => new ScannedFace(k,
                    new FaceBox(15, 15, 120, 120), new Landmarks5(50, 60, 100, 60, 75, 85, 55, 110, 95, 110), 0.9f, UnitVector(random))).ToList();
                writer.Write(new PhotoScanResult(file, $"{photo:x64}", 150, 150, "png", faces, null, "det@scale", "emb@scale"));
            }
        }
        var faceIds = new FaceStore(database).AllPresent().OrderBy(f => f.PhotoId).ThenBy(f => f.FaceIndex).Select(f => f.Id).ToArray();
        var clusters = new List<IReadOnlyList<long>>(PeopleCount);
        for (int person = 0, next = 0; person < PeopleCount; person++)
        {
            clusters.Add(faceIds[next..(next + 1 + person % 3)]);
            next += 1 + person % 3;
        }
        new PeopleStore(database).ReplaceAutomaticAssignments(clusters);
        _app = WebApp.Build(new WebAppOptions { LibraryDirectory = library, Port = 0 });
        await _app.StartAsync();
        _base = new Uri(_app.Urls.First().Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/");
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

    private static float[] UnitVector(Random random)
    {
        var v = new float[128];
        for (var i = 0; i < v.Length; i++) v[i] = (float)(random.NextDouble() * 2 - 1);
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        for (var i = 0; i < v.Length; i++) v[i] /= norm;
        return v;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
