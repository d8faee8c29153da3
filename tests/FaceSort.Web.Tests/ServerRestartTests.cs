using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FaceSort.Core.Library;
using Microsoft.AspNetCore.Builder;

namespace FaceSort.Web.Tests;

/// <summary>
/// A home server stopped (Ctrl+C, an update, a power cut) while a scan job started from the page is queued or running:
/// the next start takes the job up again and says so. Before, the job was forgotten: the page said nothing ran, and the
/// photos had no people until someone uploaded more.
/// </summary>
public sealed class ServerRestartTests : IAsyncLifetime
{
    private readonly string _library = Path.Combine(Path.GetTempPath(), "facesort-restart-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_scan_the_server_was_stopped_in_is_taken_up_at_the_next_start()
    {
        var ct = TestContext.Current.CancellationToken;
        // The job is held in its first step by a CLI run's lock, so the server is stopped in the middle of it every time.
        var held = LibraryWriterLock.TryTake(_library, "facesort cluster", out _).ShouldNotBeNull();
        await using (var first = await StartAsync())
        {
            using var client = Client(first);
            foreach (var (relative, full) in WebServerFixture.Photos)
            {
                using var content = new ByteArrayContent(await File.ReadAllBytesAsync(full, ct));
                (await client.PutAsync($"api/uploads?path={Uri.EscapeDataString(relative)}", content, ct)).EnsureSuccessStatusCode();
            }
            (await client.PostAsync("api/uploads/scan", null, ct)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
            (await WaitForJobAsync(client, job => job.GetProperty("stage").GetString() == "waiting")).GetProperty("state").GetString().ShouldBe("running");
            await first.StopAsync(ct);
        }
        held.Dispose();

        await using (var second = await StartAsync())
        {
            using var client = Client(second);
            var done = await WaitForJobAsync(client, job => job.GetProperty("state").GetString() is "done" or "failed" or "cancelled");

            done.GetProperty("state").GetString().ShouldBe("done", done.GetProperty("message").GetString());
            done.GetProperty("message").GetString().ShouldNotBeNull().ShouldEndWith("(a scan the server was stopped in, taken up again)");
            done.GetProperty("photosDone").GetInt32().ShouldBe(WebServerFixture.Photos.Count);
            (await client.GetFromJsonAsync<List<PersonCard>>("api/people", JsonSerializerOptions.Web, ct))!.Count.ShouldBe(WebServerFixture.People.Length);
            await second.StopAsync(ct);
        }

        // Done is done: a third start has nothing to take up.
        await using var third = await StartAsync();
        using (var client = Client(third))
        {
            await Task.Delay(500, ct);
            (await client.GetFromJsonAsync<JsonElement>("api/status", ct)).GetProperty("job").GetProperty("state").GetString().ShouldBe("idle");
        }
        await third.StopAsync(ct);
    }

    [Fact]
    public async Task An_upload_the_server_was_killed_in_leaves_no_part_file_after_the_next_start()
    {
        // What a kill -9 in the middle of an upload leaves: the body so far, under the upload's own temporary name.
        var part = Path.Combine(_library, "uploads", "phone", $"IMG_0001.jpg.{Guid.NewGuid():N}.part");
        Directory.CreateDirectory(Path.GetDirectoryName(part)!);
        await File.WriteAllBytesAsync(part, new byte[2 << 20], TestContext.Current.CancellationToken);

        await using var app = await StartAsync();

        File.Exists(part).ShouldBeFalse();
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Models_put_in_place_after_a_job_failed_on_them_serve_the_next_job_without_a_restart()
    {
        // The first job's failed load was kept, and every job after it failed the same way until the server restarted.
        var ct = TestContext.Current.CancellationToken;
        var models = Path.Combine(_library, "models-later");
        Directory.CreateDirectory(models);
        await using var app = await StartAsync(models);
        using var client = Client(app);
        var (relative, full) = WebServerFixture.Photos[0];
        using (var content = new ByteArrayContent(await File.ReadAllBytesAsync(full, ct)))
            (await client.PutAsync($"api/uploads?path={Uri.EscapeDataString(relative)}", content, ct)).EnsureSuccessStatusCode();

        (await client.PostAsync("api/uploads/scan", null, ct)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var failed = await WaitForJobAsync(client, job => job.GetProperty("state").GetString() is "done" or "failed");
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "models")))
            File.Copy(file, Path.Combine(models, Path.GetFileName(file)));
        (await client.PostAsync("api/uploads/scan", null, ct)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var done = await WaitForJobAsync(client, job => job.GetProperty("jobId").GetInt64() > failed.GetProperty("jobId").GetInt64()
            && job.GetProperty("state").GetString() is "done" or "failed");

        failed.GetProperty("state").GetString().ShouldBe("failed");
        done.GetProperty("state").GetString().ShouldBe("done", done.GetProperty("message").GetString());
        await app.StopAsync(ct);
    }

    [Fact]
    public async Task A_photo_damaged_since_its_scan_is_shown_with_its_reason_not_a_server_error()
    {
        // A photo replaced by a damaged file after its scan (a sync cut short): its preview and face card were a 500.
        var ct = TestContext.Current.CancellationToken;
        await using var app = await StartAsync();
        using var client = Client(app);
        var (relative, full) = WebServerFixture.Photos[0];
        using (var content = new ByteArrayContent(await File.ReadAllBytesAsync(full, ct)))
            (await client.PutAsync($"api/uploads?path={Uri.EscapeDataString(relative)}", content, ct)).EnsureSuccessStatusCode();
        (await client.PostAsync("api/uploads/scan", null, ct)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await WaitForJobAsync(client, job => job.GetProperty("state").GetString() is "done" or "failed")).GetProperty("state").GetString().ShouldBe("done");
        var face = (await client.GetFromJsonAsync<JsonElement>("api/photos/1", ct)).GetProperty("faces")[0].GetProperty("id").GetInt64();
        (await client.GetAsync("api/photos/1/image", ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await File.WriteAllBytesAsync(Path.Combine(_library, "uploads", relative), new byte[100], ct);
        foreach (var card in Directory.EnumerateFiles(_library, "*.jpg", SearchOption.AllDirectories).Where(f => !f.Contains("uploads", StringComparison.Ordinal)))
            File.Delete(card);

        var thumbnail = await client.GetAsync($"api/faces/{face}/thumbnail", ct);
        var preview = await client.GetAsync("api/photos/1/image", ct);

        thumbnail.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var reason = (await thumbnail.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("error").GetString()!;
        reason.ShouldStartWith($"{Path.GetFileName(relative)} can no longer be read (");
        reason.ShouldNotContain("\n");
        preview.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, "the preview cut before the damage was made from the old file");
        await app.StopAsync(ct);
    }

    private async Task<WebApplication> StartAsync(string? models = null)
    {
        var app = WebApp.Build(new WebAppOptions { LibraryDirectory = _library, Port = 0, ModelsDirectory = models });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    private static HttpClient Client(WebApplication app) => new() { BaseAddress = new Uri(app.Urls.First() + "/") };

    /// <summary>Polls the status until the job's last event matches <paramref name="reached"/> (two minutes at most).</summary>
    private static async Task<JsonElement> WaitForJobAsync(HttpClient client, Func<JsonElement, bool> reached)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        while (true)
        {
            var job = (await client.GetFromJsonAsync<JsonElement>("api/status", timeout.Token)).GetProperty("job");
            if (reached(job)) return job;
            await Task.Delay(100, timeout.Token);
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        try { Directory.Delete(_library, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
