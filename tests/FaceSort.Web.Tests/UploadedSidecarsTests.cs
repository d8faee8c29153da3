using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FaceSort.Web.Tests;

/// <summary>
/// A folder dropped on the page with the sidecars that name its people (a Google Takeout's .json, digiKam's .xmp):
/// the sidecars are uploaded beside the photos and the people come out named, where they were refused as "not a photo".
/// </summary>
public sealed class UploadedSidecarsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-web-sidecars-").FullName;

    [Fact]
    public async Task A_takeout_folder_uploaded_with_its_json_sidecars_names_its_people()
    {
        await using var app = WebApp.Build(new WebAppOptions { LibraryDirectory = Path.Combine(_work, "library"), Port = 0 });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/") };
        var folder = "Takeout/Google Photos/Photos from 2019";
        var check = await client.PostAsJsonAsync("api/uploads/check", new
        {
            files = new[] { new { path = $"{folder}/amy1.png.json", size = 80L, lastModified = 0L }, new { path = $"{folder}/notes.txt", size = 5L, lastModified = 0L } },
        }, TestContext.Current.CancellationToken);
        var rejected = (await check.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("rejected");
        rejected.EnumerateArray().Select(e => e.GetString()).ShouldBe([$"{folder}/notes.txt"]);

        for (var i = 1; i <= 5; i++)
        {
            var photo = Path.Combine(WebServerFixture.DataDirectory, "amy", $"amy{i}.png");
            using (var content = new ByteArrayContent(await File.ReadAllBytesAsync(photo, TestContext.Current.CancellationToken)))
                (await client.PutAsync($"api/uploads?path={Uri.EscapeDataString($"{folder}/amy{i}.png")}", content, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }
        foreach (var i in new[] { 1, 2 })
        {
            using var json = new StringContent($$"""{"title": "amy{{i}}.png", "people": [{"name": "Amy Farrah Fowler"}]}""", Encoding.UTF8);
            (await client.PutAsync($"api/uploads?path={Uri.EscapeDataString($"{folder}/amy{i}.png.supplemental-metadata.json")}", json, TestContext.Current.CancellationToken))
                .EnsureSuccessStatusCode();
        }
        // Not metadata: a 2 MB "sidecar" is refused.
        using (var big = new ByteArrayContent(new byte[2 << 20]))
            (await client.PutAsync($"api/uploads?path={Uri.EscapeDataString($"{folder}/big.json")}", big, TestContext.Current.CancellationToken))
                .StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);

        var job = await SingleUpload.ScanUploadsAsync(client);

        job.GetProperty("message").GetString()!.ShouldContain("faces named by the photos' own tags");
        var people = await client.GetFromJsonAsync<JsonElement>("api/people", TestContext.Current.CancellationToken);
        var amy = people.EnumerateArray().ShouldHaveSingleItem();
        amy.GetProperty("name").GetString().ShouldBe("Amy Farrah Fowler");
        amy.GetProperty("faceCount").GetInt32().ShouldBe(5);
        await app.StopAsync();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
