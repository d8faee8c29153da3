using System.Net;
using System.Net.Http.Json;

namespace FaceSort.Web.Tests;

/// <summary>
/// Photos added through the web app grow the library the way <c>facesort cluster</c> does: new faces are recognised as
/// the people the user already named, and nothing the library held before is reshuffled.
/// </summary>
public sealed class IncrementalScanApiTests(WebServerFixture server) : IClassFixture<WebServerFixture>
{
    [Fact]
    public async Task A_second_upload_joins_the_named_people_and_moves_no_earlier_face()
    {
        var first = WebServerFixture.Photos.Where(p => !p.Relative.EndsWith("4.png", StringComparison.Ordinal) && !p.Relative.EndsWith("5.png", StringComparison.Ordinal)).ToList();
        var second = WebServerFixture.Photos.Except(first).ToList();
        second.Count.ShouldBe(8, "two more crops of each of the four people");
        await UploadAndScanAsync(first);
        await server.NameEveryoneAfterTheirFolderAsync();
        var before = await FacesByPersonAsync();

        await UploadAndScanAsync(second);

        var after = await FacesByPersonAsync();
        foreach (var (person, faces) in before)
        {
            after.ShouldContainKey(person, "every person keeps its id");
            after[person].Name.ShouldBe(faces.Name, "and its name");
            faces.Faces.Select(f => f.Id).Except(after[person].Faces.Select(f => f.Id)).ShouldBeEmpty("no earlier face left its person");
        }
        var recognised = 0;
        foreach (var (_, (name, faces)) in after)
            foreach (var photoId in faces.Select(f => f.PhotoId).Distinct())
            {
                var path = (await server.Client.GetFromJsonAsync<PhotoView>($"api/photos/{photoId}", System.Text.Json.JsonSerializerOptions.Web))!.Path;
                if (second.Any(s => s.Relative == path) && path.Split('/')[0] == name) recognised++;
            }
        recognised.ShouldBeGreaterThanOrEqualTo(7, "the new crops were recognised as the people named after their folders");
    }

    [Fact]
    public async Task A_blurred_upload_waits_for_the_user_and_the_scan_says_so()
    {
        var lfwPhoto = Path.Combine(WebServerFixture.RepoRoot, "..", "shared", "data", "lfw", "Ashanti", "Ashanti_0001.jpg");
        Assert.SkipUnless(File.Exists(lfwPhoto), $"{lfwPhoto} not present");
        await UploadAndScanAsync([.. WebServerFixture.Photos]);
        await server.NameEveryoneAfterTheirFolderAsync();
        // A portrait out of focus (Gaussian σ = 4 px on a 250 px photo): too blurred for clustering to place.
        using (var image = NetVips.Image.NewFromFile(lfwPhoto))
        using (var blurred = image.Gaussblur(4))
        {
            using var content = new ByteArrayContent(blurred.JpegsaveBuffer());
            (await server.Client.PutAsync("api/uploads?path=blurred%2Fportrait.jpg", content)).EnsureSuccessStatusCode();
        }
        var done = await server.WaitForJobAsync(async () => (await server.Client.PostAsync("api/uploads/scan", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted));

        done.State.ShouldBe("done", done.Message);
        done.Message.ShouldEndWith("1 faces too blurred or small to place");
        var people = await FacesByPersonAsync();
        people.Values.SelectMany(p => p.Faces).Count().ShouldBe(20, "the blurred face is in nobody");
    }

    private async Task UploadAndScanAsync(IReadOnlyList<(string Relative, string Full)> photos)
    {
        foreach (var (relative, full) in photos)
        {
            using var content = new ByteArrayContent(await File.ReadAllBytesAsync(full));
            (await server.Client.PutAsync($"api/uploads?path={Uri.EscapeDataString(relative)}", content)).EnsureSuccessStatusCode();
        }
        var done = await server.WaitForJobAsync(async () => (await server.Client.PostAsync("api/uploads/scan", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted));
        done.State.ShouldBe("done", done.Message);
    }

    private async Task<Dictionary<long, (string? Name, List<FaceView> Faces)>> FacesByPersonAsync()
    {
        var result = new Dictionary<long, (string?, List<FaceView>)>();
        foreach (var card in await server.PeopleAsync(hidden: true))
            result[card.Id] = (card.Name, [.. (await server.DetailAsync(card.Id)).Faces]);
        return result;
    }
}
