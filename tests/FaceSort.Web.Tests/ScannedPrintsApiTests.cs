using FaceSort.Core.Detection;

namespace FaceSort.Web.Tests;

/// <summary><c>facesort serve --scanned-prints</c>: the web app's scans search a page of prints for the ones laid turned.</summary>
public sealed class ScannedPrintsApiTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-web-prints-").FullName;

    [Fact]
    public async Task A_server_for_scanned_prints_finds_the_face_of_a_print_laid_turned_beside_an_upright_one()
    {
        // A flatbed page of three prints, one upright, one sideways, one upside down (tests/fixtures/scanned).
        var page = Path.Combine(WebServerFixture.RepoRoot, "tests", "fixtures", "scanned", "page-three-prints.jpg");

        var ordinary = await FacesFoundAsync(page, new DetectionOptions());
        var prints = await FacesFoundAsync(page, new DetectionOptions { TurnedPrintsLongSide = DetectionOptions.ScannedPrintsLongSide });

        ordinary.ShouldBe(1, "the upright print's face ends the search");
        prints.ShouldBe(3);
    }

    /// <summary>Uploads <paramref name="photo"/> to a new server with <paramref name="detection"/> and scans it: the faces the job found.</summary>
    private async Task<int> FacesFoundAsync(string photo, DetectionOptions detection)
    {
        var library = Path.Combine(_work, Guid.NewGuid().ToString("N"));
        await using var app = WebApp.Build(new WebAppOptions { LibraryDirectory = library, Port = 0, Detection = detection });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/") };
        var job = await SingleUpload.ScanAsync(client, photo, "page.jpg");
        job.GetProperty("state").GetString().ShouldBe("done", job.GetProperty("message").ToString());
        await app.StopAsync();
        return job.GetProperty("facesFound").GetInt32();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
