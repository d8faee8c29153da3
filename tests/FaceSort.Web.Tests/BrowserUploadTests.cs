using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace FaceSort.Web.Tests;

/// <summary>
/// Getting photos in, in chromium: files and a folder dropped from the desktop (per-file progress lines), an upload
/// interrupted by a reload and resumed without duplicates, a folder on this machine scanned with pushed progress, and
/// a running scan cancelled from its button.
/// </summary>
public sealed class BrowserUploadTests(WebServerFixture server) : IClassFixture<WebServerFixture>
{
    private const string LongName = "IMG_20240517_183045_HDR_portrait_mode_from_the_family_phone_backup_folder_amy.png";

    // Builds File objects from the bytes the test passes in and drops them on the page, as a desktop drag does.
    private const string DropFilesJs = """
        files => {
          const dt = new DataTransfer();
          for (const f of files)
            dt.items.add(new File([Uint8Array.from(atob(f.data), c => c.charCodeAt(0))], f.name, { type: 'image/png', lastModified: f.lastModified }));
          window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, cancelable: true }));
          window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
        }
        """;

    // A dropped folder arrives as a directory entry (webkitGetAsEntry); a synthetic drop cannot carry one, so the
    // entry tree is built here with the same shape (isDirectory, createReader().readEntries in batches, file()).
    private const string DropFolderJs = """
        ({ folder, files }) => {
          const fileEntry = f => ({ isFile: true, isDirectory: false, name: f.name,
            file: ok => ok(new File([Uint8Array.from(atob(f.data), c => c.charCodeAt(0))], f.name, { type: 'image/png', lastModified: f.lastModified })) });
          const dir = (name, children) => ({ isFile: false, isDirectory: true, name, createReader: () => {
            let batches = [children.slice(0, 1), children.slice(1), []];
            return { readEntries: ok => ok(batches.shift() ?? []) };
          } });
          const tree = dir(folder, [fileEntry(files[0]), dir('sub', files.slice(1).map(fileEntry))]);
          const drop = new Event('drop', { cancelable: true });
          Object.defineProperty(drop, 'dataTransfer', { value: { types: ['Files'], items: [{ webkitGetAsEntry: () => tree }], files: [] } });
          window.dispatchEvent(drop);
        }
        """;

    [Fact]
    public async Task Drop_resume_scan_a_folder_and_cancel_in_a_real_browser()
    {
        Assert.SkipUnless(File.Exists(Chromium.Executable), "chromium is not installed (apt-get install chromium)");
        await using var chromium = await Chromium.OpenAsync(server.BaseAddress);
        await chromium.WalkAsync(() => WalkAsync(chromium), "failure-uploads");
    }

    private async Task WalkAsync(Chromium chromium)
    {
        var page = chromium.Page;
        page.SetDefaultTimeout(60_000);

        // Files dropped from the desktop, one with a long name: each gets a line that ends "done", then the scan runs.
        // The connection is slowed to 40 KB/s (Chromium's network emulation) so the per-file percentages can be seen.
        var dropped = Files("amy", "howard").Append(Fixture("amy", 1) with { Name = LongName }).ToArray();
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = 40_000,
        });
        await page.EvaluateAsync(DropFilesJs, Js(dropped));
        await page.Locator("#upload-list li[data-state$='%']").First.WaitForAsync();
        await chromium.ShotAsync("16a-upload-in-progress");
        // Uploads go one at a time: while one is sending, the last file is still waiting in the list.
        (await page.Locator($"#upload-list li[data-path='{LongName}']").GetAttributeAsync("data-state")).ShouldBe("waiting");
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = -1,
        });
        foreach (var file in dropped) await page.Locator($"#upload-list li[data-path='{file.Name}'][data-state='done']").WaitForAsync();
        await chromium.ShotAsync("16-dropped-files");
        await WaitForDoneAsync(page, dropped.Length);
        (await StatusAsync()).GetProperty("photos").GetInt32().ShouldBe(dropped.Length);

        // A dropped folder: its files keep their folder path.
        var folder = Files("penny").Take(3).ToArray();
        await page.EvaluateAsync(DropFolderJs, new { folder = "holiday", files = Js(folder) });
        await page.Locator("#upload-list li[data-path='holiday/sub/penny3.png'][data-state='done']").WaitForAsync();
        await page.Locator("#upload-list li[data-path='holiday/penny1.png'][data-state='done']").WaitForAsync();
        await WaitForDoneAsync(page, dropped.Length + folder.Length);
        File.Exists(Path.Combine(server.LibraryDirectory, "uploads", "holiday", "sub", "penny2.png")).ShouldBeTrue();

        // Resume: the fourth of six uploads hangs, the page is reloaded; dropping the same files again sends only the rest.
        var resume = Files("sheldon").Concat(Files("raj").Take(1)).ToArray();
        var puts = 0;
        var reloaded = new TaskCompletionSource();
        await page.RouteAsync(url => url.Contains("/api/uploads?", StringComparison.Ordinal), async route =>
        {
            if (Interlocked.Increment(ref puts) <= 3) { await route.ContinueAsync(); return; }
            await reloaded.Task;
            try { await route.AbortAsync(); } catch (PlaywrightException) { /* the page that asked is gone */ }
        });
        await page.EvaluateAsync(DropFilesJs, Js(resume));
        await page.WaitForFunctionAsync("document.querySelectorAll(\"#upload-list li[data-path^='sheldon'][data-state=done]\").length === 3");
        await page.ReloadAsync();
        reloaded.SetResult();
        await page.UnrouteAllAsync();
        var sent = new List<string>();
        page.Request += (_, request) => { if (request.Method == "PUT") sent.Add(request.Url); };
        await page.Locator("#view").WaitForAsync();
        await page.EvaluateAsync(DropFilesJs, Js(resume));
        await page.WaitForFunctionAsync($"document.querySelectorAll('#upload-list li[data-state]').length === {resume.Length}"
            + " && [...document.querySelectorAll('#upload-list li')].every(l => l.dataset.state === 'done' || l.dataset.state === 'already uploaded')");
        await chromium.ShotAsync("17-resumed-upload");
        (await page.Locator("#upload-list li[data-state='already uploaded']").CountAsync()).ShouldBe(3);
        sent.Count.ShouldBe(3);
        var total = dropped.Length + folder.Length + resume.Length;
        await WaitForDoneAsync(page, total);
        Directory.GetFiles(Path.Combine(server.LibraryDirectory, "uploads"), "*", SearchOption.AllDirectories).Length.ShouldBe(total);

        // A folder on this machine, named in the form: the pushed progress counts its photos up to "done".
        var local = Path.Combine(server.LibraryDirectory, "local-folder");
        Directory.CreateDirectory(local);
        foreach (var f in Directory.GetFiles(Path.Combine(WebServerFixture.DataDirectory, "leonard")))
            File.Copy(f, Path.Combine(local, Path.GetFileName(f)));
        await page.EvaluateAsync("""
            () => { window.progressLog = []; new MutationObserver(() => window.progressLog.push(document.getElementById('progress-text').textContent))
              .observe(document.getElementById('progress-text'), { childList: true, characterData: true, subtree: true }); }
            """);
        await page.Locator("#scan-folder").FillAsync(local);
        await page.Locator("#scan-form button").ClickAsync();
        await WaitForDoneAsync(page, total + 5);
        await chromium.ShotAsync("18-folder-scanned");
        var log = await page.EvaluateAsync<string[]>("() => window.progressLog");
        log.ShouldContain(t => t.StartsWith("decode · detect · embed: ", StringComparison.Ordinal) && t.Contains("/5 photos", StringComparison.Ordinal));
        log.ShouldContain(t => t.StartsWith("done: 5/5 photos", StringComparison.Ordinal));

        // Cancel a running scan of a large folder from its button: the job ends "cancelled" before reaching the end.
        var large = Path.Combine(WebServerFixture.RepoRoot, "..", "shared", "data", "glint12");
        var largeCount = Directory.GetFiles(large, "*", SearchOption.AllDirectories).Length;
        await page.Locator("#scan-folder").FillAsync(Path.GetFullPath(large));
        await page.Locator("#scan-form button").ClickAsync();
        await page.WaitForFunctionAsync("/^decode · detect · embed: [1-9]/.test(document.getElementById('progress-text').textContent)");
        await page.Locator("#cancel-job").ClickAsync();
        await page.Locator("#progress-text", new() { HasText = "cancelled" }).WaitForAsync();
        await chromium.ShotAsync("19-scan-cancelled");
        var status = await StatusAsync();
        status.GetProperty("job").GetProperty("state").GetString().ShouldBe("cancelled");
        status.GetProperty("photos").GetInt32().ShouldBeLessThan(total + 5 + largeCount);
        (await page.Locator("#cancel-job").IsHiddenAsync()).ShouldBeTrue();
    }

    /// <summary>Waits until the library holds <paramref name="photos"/> photos and the last job is done.</summary>
    private async Task WaitForDoneAsync(IPage page, int photos)
    {
        for (var i = 0; i < 600; i++)
        {
            var status = await StatusAsync();
            if (status.GetProperty("photos").GetInt32() == photos && status.GetProperty("job").GetProperty("state").GetString() == "done"
                && status.GetProperty("job").GetProperty("queueLength").GetInt32() == 0)
            {
                await page.Locator("body[data-job=done]").WaitForAsync();
                return;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the library never reached {photos} photos with its job done");
    }

    private async Task<JsonElement> StatusAsync() => await server.Client.GetFromJsonAsync<JsonElement>("api/status");

    private sealed record DropFile(string Name, string Data, long LastModified);

    // The page's scripts read camelCase names.
    private static object[] Js(IEnumerable<DropFile> files) =>
        [.. files.Select(f => new { name = f.Name, data = f.Data, lastModified = f.LastModified })];

    private static DropFile Fixture(string person, int number)
    {
        var path = Path.Combine(WebServerFixture.DataDirectory, person, $"{person}{number}.png");
        return new DropFile(Path.GetFileName(path), Convert.ToBase64String(File.ReadAllBytes(path)),
            new DateTimeOffset(File.GetLastWriteTimeUtc(path)).ToUnixTimeMilliseconds());
    }

    private static IEnumerable<DropFile> Files(params string[] people) =>
        people.SelectMany(p => Enumerable.Range(1, 5).Select(n => Fixture(p, n)));
}
