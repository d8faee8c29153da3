using System.Net;
using System.Net.Http.Json;
using FaceSort.Core.Library;

namespace FaceSort.Web.Tests;

/// <summary>
/// The web app's scan job beside a CLI run on the same library (docs/architecture.md, "Two processes on one library"):
/// the test holds the library's writer lock as a CLI `facesort cluster` would, and lets go once the job has said it waits.
/// </summary>
public sealed class WriterLockApiTests(WebServerFixture server) : IClassFixture<WebServerFixture>
{
    [Fact]
    public async Task A_scan_job_waits_for_a_CLI_run_on_the_library_and_says_so()
    {
        foreach (var (relative, full) in WebServerFixture.Photos)
        {
            using var content = new ByteArrayContent(await File.ReadAllBytesAsync(full));
            (await server.Client.PutAsync($"api/uploads?path={Uri.EscapeDataString(relative)}", content)).EnsureSuccessStatusCode();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var events = await server.Client.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync(timeout.Token));
        var held = LibraryWriterLock.TryTake(server.LibraryDirectory, "facesort cluster", out _).ShouldNotBeNull();

        (await server.Client.PostAsync("api/uploads/scan", null, timeout.Token)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        JobEvent? waiting = null, done = null;
        long? photosWhileWaiting = null;
        while (done is null && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            var e = System.Text.Json.JsonSerializer.Deserialize<JobEvent>(line[6..], System.Text.Json.JsonSerializerOptions.Web)!;
            if (e.JobId == 0) continue;
            if (e.Stage == "waiting" && waiting is null)
            {
                waiting = e;
                photosWhileWaiting = (await server.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("api/status", timeout.Token)).GetProperty("photos").GetInt64();
                held.Dispose();
            }
            if (e.State is "done" or "failed") done = e;
        }
        held.Dispose();

        waiting.ShouldNotBeNull("the job did not wait for the lock's holder");
        waiting.State.ShouldBe("running");
        waiting.Message.ShouldNotBeNull().ShouldStartWith($"another FaceSort process is changing this library (facesort cluster, process {Environment.ProcessId}, since ");
        photosWhileWaiting.ShouldBe(0, "nothing is scanned while another process holds the library");
        done.ShouldNotBeNull().State.ShouldBe("done", done.Message);
        (await server.PeopleAsync()).ShouldNotBeEmpty();
    }
}
