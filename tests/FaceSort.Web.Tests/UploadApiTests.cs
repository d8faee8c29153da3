using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FaceSort.Web.Tests;

/// <summary>
/// Uploads the QA pass found mishandled: a photo with a very long file name (shortened, its extension kept, scanned),
/// a corrupt file (the scan's final event names it with its reason, for the upload list), a file given as the folder
/// to scan.
/// </summary>
public sealed class UploadApiTests(WebServerFixture server) : IClassFixture<WebServerFixture>
{
    private HttpClient Client => server.Client;

    [Fact]
    public async Task A_long_name_is_kept_a_photo_and_a_corrupt_file_is_named_with_its_reason()
    {
        var longName = new string('x', 196) + ".jpg";
        var photo = WebServerFixture.Photos[0].Full;
        var check = await (await Client.PostAsJsonAsync("api/uploads/check",
            new UploadCheckRequest([new UploadCandidate(longName, new FileInfo(photo).Length, 0)]))).Content.ReadFromJsonAsync<UploadCheckResponse>(JsonSerializerOptions.Web);
        check!.Rejected.ShouldBeEmpty();
        using (var content = new ByteArrayContent(await File.ReadAllBytesAsync(photo)))
            (await Client.PutAsync($"api/uploads?path={Uri.EscapeDataString(longName)}", content)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var corrupt = new ByteArrayContent([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5, 6, 7, 8]))
            (await Client.PutAsync("api/uploads?path=holiday/corrupt.jpg", corrupt)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var done = await server.WaitForJobAsync(async () => (await Client.PostAsync("api/uploads/scan", null)).EnsureSuccessStatusCode());

        done.State.ShouldBe("done");
        var skipped = done.Skipped.ShouldNotBeNull().ShouldHaveSingleItem();
        skipped.Path.ShouldBe("holiday/corrupt.jpg");
        skipped.Reason.ShouldNotBeNullOrWhiteSpace();
        done.FacesFound.ShouldBeGreaterThanOrEqualTo(1, "the long-named photo was scanned");
        var stored = Directory.GetFiles(Path.Combine(server.LibraryDirectory, "uploads")).Select(Path.GetFileName).ShouldHaveSingleItem()!;
        stored.Length.ShouldBe(120);
        stored.ShouldEndWith(".jpg");
    }

    [Fact]
    public async Task A_file_given_as_the_folder_to_scan_is_called_a_file()
    {
        var answer = await Client.PostAsJsonAsync("api/scan", new FolderRequest(WebServerFixture.Photos[0].Full));
        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await answer.Content.ReadFromJsonAsync<ApiError>(JsonSerializerOptions.Web))!.Error.ShouldContain("is a file, not a folder");
    }
}
