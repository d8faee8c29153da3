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
    public async Task The_same_file_uploaded_twice_at_once_is_kept_once()
    {
        // Two tabs (or two people) adding the same photo: both bodies are on the way at the same time.
        var photo = await File.ReadAllBytesAsync(WebServerFixture.Photos[1].Full, TestContext.Current.CancellationToken);
        var halfway = new CountdownEvent(2);
        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            using var content = new HalvedContent(photo, halfway);
            return await Client.PutAsync("api/uploads?path=twice/IMG_0001.jpg", content, TestContext.Current.CancellationToken);
        }));

        answers.Select(a => a.StatusCode).ShouldAllBe(code => code == HttpStatusCode.OK, "both uploads were answered 200");
        var folder = Path.Combine(server.LibraryDirectory, "uploads", "twice");
        Directory.GetFiles(folder).Select(Path.GetFileName).ShouldBe(["IMG_0001.jpg"], "one file, no copy and no .part left");
        (await File.ReadAllBytesAsync(Path.Combine(folder, "IMG_0001.jpg"), TestContext.Current.CancellationToken)).ShouldBe(photo);
    }

    [Fact]
    public async Task Two_photos_of_one_name_are_both_kept_and_each_found_again()
    {
        // Two phones each name a photo IMG_0001.JPG; the second upload replaced the first, which was lost.
        var (first, second) = (WebServerFixture.Photos[2].Full, WebServerFixture.Photos[7].Full);
        var stored = new List<string>();
        foreach (var photo in new[] { first, second, first, second })
        {
            using var content = new ByteArrayContent(await File.ReadAllBytesAsync(photo, TestContext.Current.CancellationToken));
            var answer = await Client.PutAsync($"api/uploads?path=phones/IMG_0001.JPG&lastModified={LastModified(photo)}", content, TestContext.Current.CancellationToken);
            answer.StatusCode.ShouldBe(HttpStatusCode.OK);
            stored.Add((await answer.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("path").GetString()!);
        }

        stored.ShouldBe(["phones/IMG_0001.JPG", "phones/IMG_0001 (2).JPG", "phones/IMG_0001.JPG", "phones/IMG_0001 (2).JPG"],
            "each photo keeps its own name; sent again, it is found where it is");
        var folder = Path.Combine(server.LibraryDirectory, "uploads", "phones");
        Directory.GetFiles(folder).Length.ShouldBe(2);
        (await File.ReadAllBytesAsync(Path.Combine(folder, "IMG_0001.JPG"), TestContext.Current.CancellationToken))
            .ShouldBe(await File.ReadAllBytesAsync(first, TestContext.Current.CancellationToken));
        // After a reload the page asks first: the second phone's photo is already there, though under another name.
        var check = await (await Client.PostAsJsonAsync("api/uploads/check", new UploadCheckRequest(
            [new UploadCandidate("phones/IMG_0001.JPG", new FileInfo(second).Length, LastModified(second))]), TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<UploadCheckResponse>(JsonSerializerOptions.Web, TestContext.Current.CancellationToken);
        check!.Have.ShouldBe(["phones/IMG_0001.JPG"]);
    }

    private static long LastModified(string file) => new DateTimeOffset(File.GetLastWriteTimeUtc(file)).ToUnixTimeMilliseconds();

    /// <summary>Sends the first half of a body, waits until every upload sharing <paramref name="halfway"/> has too, then the rest.</summary>
    private sealed class HalvedContent(byte[] bytes, CountdownEvent halfway) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
            await stream.FlushAsync();
            halfway.Signal();
            await Task.Run(() => halfway.Wait(TimeSpan.FromSeconds(10)));
            // The server has the first halves of both by now, each being written to disk.
            await Task.Delay(300);
            await stream.WriteAsync(bytes.AsMemory(bytes.Length / 2));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }

    [Fact]
    public async Task A_file_given_as_the_folder_to_scan_is_called_a_file()
    {
        var answer = await Client.PostAsJsonAsync("api/scan", new FolderRequest(WebServerFixture.Photos[0].Full));
        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await answer.Content.ReadFromJsonAsync<ApiError>(JsonSerializerOptions.Web))!.Error.ShouldContain("is a file, not a folder");
    }
}
