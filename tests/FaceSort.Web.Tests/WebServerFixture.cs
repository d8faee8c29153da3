using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;

namespace FaceSort.Web.Tests;

/// <summary>
/// A real Kestrel server on a free loopback port with a real SQLite library in a temporary folder, holding the
/// faceapi-bbt crops of four people (uploaded through the API and scanned with the bundled models), shared by the
/// tests of one class.
/// </summary>
public sealed class WebServerFixture : IAsyncLifetime
{
    public static readonly string[] People = ["amy", "howard", "penny", "sheldon"];

    public string LibraryDirectory { get; } = Path.Combine(Path.GetTempPath(), "facesort-web-" + Guid.NewGuid().ToString("N"));
    public WebApplication App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;

    public static string RepoRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FaceSort.slnx"))) directory = directory.Parent;
            return directory?.FullName ?? throw new InvalidOperationException("FaceSort.slnx not found above the test folder");
        }
    }

    public static string DataDirectory => Path.Combine(RepoRoot, "..", "shared", "data", "faceapi-bbt");

    /// <summary>The fixture photos: five crops each of <see cref="People"/>, as (relative path, full path).</summary>
    public static IReadOnlyList<(string Relative, string Full)> Photos =>
        People.SelectMany(p => Directory.GetFiles(Path.Combine(DataDirectory, p)).Order(StringComparer.Ordinal)
            .Select(f => ($"{p}/{Path.GetFileName(f)}", f))).ToList();

    public async ValueTask InitializeAsync()
    {
        App = WebApp.Build(new WebAppOptions { LibraryDirectory = LibraryDirectory, Port = 0 });
        await App.StartAsync();
        BaseAddress = new Uri(App.Urls.First().Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/");
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    /// <summary>Uploads every fixture photo through the API, queues a scan and waits for its "done" event.</summary>
    public async Task UploadAndScanAsync()
    {
        foreach (var (relative, full) in Photos)
        {
            using var content = new ByteArrayContent(await File.ReadAllBytesAsync(full));
            var lastModified = new DateTimeOffset(File.GetLastWriteTimeUtc(full)).ToUnixTimeMilliseconds();
            (await Client.PutAsync($"api/uploads?path={Uri.EscapeDataString(relative)}&lastModified={lastModified}", content)).EnsureSuccessStatusCode();
        }
        await WaitForJobAsync(async () => (await Client.PostAsync("api/uploads/scan", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted));
    }

    /// <summary>
    /// Adds the five group photos (several of the fixture people and others in each) and waits for their scan: on this
    /// set it leaves a few faces unassigned, which is what suggestions work on.
    /// </summary>
    public async Task UploadGroupPhotosAsync()
    {
        foreach (var photo in Directory.GetFiles(Path.Combine(DataDirectory, "group")).Order(StringComparer.Ordinal))
        {
            using var content = new ByteArrayContent(await File.ReadAllBytesAsync(photo));
            (await Client.PutAsync($"api/uploads?path=group/{Path.GetFileName(photo)}", content)).EnsureSuccessStatusCode();
        }
        await WaitForJobAsync(async () => (await Client.PostAsync("api/uploads/scan", null)).EnsureSuccessStatusCode());
    }

    /// <summary>Names each person after the fixture folder most of their photos came from (the first such person wins).</summary>
    public async Task NameEveryoneAfterTheirFolderAsync()
    {
        var taken = new HashSet<string>();
        foreach (var person in await PeopleAsync())
        {
            var folders = new List<string>();
            foreach (var face in (await DetailAsync(person.Id)).Faces)
                folders.Add((await Client.GetFromJsonAsync<PhotoView>($"api/photos/{face.PhotoId}", System.Text.Json.JsonSerializerOptions.Web))!.Path.Split('/')[0]);
            var folder = folders.GroupBy(x => x).MaxBy(g => g.Count())!.Key;
            if (!taken.Add(folder)) continue;
            (await Client.PostAsJsonAsync($"api/people/{person.Id}/rename", new RenameRequest(folder))).EnsureSuccessStatusCode();
        }
    }

    /// <summary>
    /// Scans the fixture photos, names everyone after their folder and moves the first <paramref name="count"/> of
    /// Penny's faces into Amy: Amy, and the ids of the faces that are not hers.
    /// </summary>
    public async Task<(PersonCard Amy, long[] Intruders)> PennysFacesInAmyAsync(int count)
    {
        await UploadAndScanAsync();
        await NameEveryoneAfterTheirFolderAsync();
        var people = await PeopleAsync();
        var amy = people.Single(p => p.DisplayName == "amy");
        var penny = people.Single(p => p.DisplayName == "penny");
        var intruders = (await DetailAsync(penny.Id)).Faces.Take(count).Select(f => f.Id).ToArray();
        (await Client.PostAsJsonAsync("api/faces/move", new FacesRequest(intruders, amy.Id))).EnsureSuccessStatusCode();
        return (amy, intruders);
    }

    public async Task<PersonDetail> DetailAsync(long personId) =>
        (await Client.GetFromJsonAsync<PersonDetail>($"api/people/{personId}", System.Text.Json.JsonSerializerOptions.Web))!;

    /// <summary>Subscribes to the event stream, runs <paramref name="start"/>, and returns the job's final event.</summary>
    public async Task<JobEvent> WaitForJobAsync(Func<Task> start)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var response = await Client.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        await start();
        long? jobId = null;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            var e = System.Text.Json.JsonSerializer.Deserialize<JobEvent>(line[6..], System.Text.Json.JsonSerializerOptions.Web)!;
            if (e.State == "running") jobId ??= e.JobId;
            if (jobId == e.JobId && e.State is "done" or "failed") return e;
        }
        throw new InvalidOperationException("event stream ended before the job finished");
    }

    public async Task<List<PersonCard>> PeopleAsync(bool hidden = false) =>
        (await Client.GetFromJsonAsync<List<PersonCard>>($"api/people?hidden={hidden}", System.Text.Json.JsonSerializerOptions.Web))!;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try { Directory.Delete(LibraryDirectory, recursive: true); } catch (IOException) { }
    }
}
