using System.Net;

namespace FaceSort.Web.Tests;

/// <summary>A camera raw file uploaded to the web app is scanned, and shown upright, like any photo.</summary>
public sealed class CameraRawApiTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-web-raw-").FullName;

    [Fact]
    public async Task An_uploaded_raw_file_is_scanned_and_shown_upright()
    {
        // bbt3.jpg's five faces as a DNG turned by its EXIF orientation (tests/fixtures/raw).
        var dng = Path.Combine(WebServerFixture.RepoRoot, "tests", "fixtures", "raw", "bbt3-turned.dng");
        await using var app = WebApp.Build(new WebAppOptions { LibraryDirectory = Path.Combine(_work, "library"), Port = 0 });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/") };

        var job = await SingleUpload.ScanAsync(client, dng, "card/IMG_0001.DNG");

        job.GetProperty("state").GetString().ShouldBe("done", job.GetProperty("message").ToString());
        job.GetProperty("facesFound").GetInt32().ShouldBe(5);
        var image = await client.GetAsync("api/photos/1/image", TestContext.Current.CancellationToken);
        image.StatusCode.ShouldBe(HttpStatusCode.OK);
        image.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        using var shown = NetVips.Image.NewFromBuffer(await image.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        (shown.Width, shown.Height).ShouldBe((382, 594), "the photo upright, as the scan read it");
        var card = await client.GetAsync("api/faces/1/thumbnail", TestContext.Current.CancellationToken);
        card.StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.StopAsync();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
