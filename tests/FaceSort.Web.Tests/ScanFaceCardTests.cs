using FaceSort.Core.Library;

namespace FaceSort.Web.Tests;

/// <summary>
/// A scan started in the web app cuts each face's card from the pixels it decoded anyway (FaceCards), so the pages
/// show cards at once; each card must be the one the app would cut from the photo on first view.
/// </summary>
public sealed class ScanFaceCardTests : IAsyncLifetime
{
    private readonly WebServerFixture _server = new();

    public ValueTask InitializeAsync() => _server.InitializeAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task The_scan_leaves_each_face_the_card_the_app_would_cut()
    {
        var token = TestContext.Current.CancellationToken;
        foreach (var (name, source) in new[]
        {
            ("obama.heic", Path.Combine(WebServerFixture.RepoRoot, "tests", "fixtures", "imaging", "obama_small.heic")),
            ("bbt1.jpg", Path.Combine(WebServerFixture.DataDirectory, "group", "bbt1.jpg")),
        })
        {
            using var content = new ByteArrayContent(await File.ReadAllBytesAsync(source, token));
            (await _server.Client.PutAsync($"api/uploads?path={name}", content, token)).EnsureSuccessStatusCode();
        }
        await _server.WaitForJobAsync(async () => (await _server.Client.PostAsync("api/uploads/scan", null)).EnsureSuccessStatusCode());

        var faces = new FaceStore(LibraryDatabase.Open(_server.LibraryDirectory)).AllPresent();
        faces.Count.ShouldBe(5);
        foreach (var face in faces)
        {
            var card = FaceCards.PathOf(_server.LibraryDirectory, face.Id);
            File.Exists(card).ShouldBeTrue($"face {face.Id} has a card before any page asked for it");
            var cut = await File.ReadAllBytesAsync(card, token);
            (await _server.Client.GetByteArrayAsync($"api/faces/{face.Id}/thumbnail", token)).ShouldBe(cut);

            // The card the app cuts from the photo itself once the scan's is gone.
            File.Delete(card);
            using var fromScan = NetVips.Image.NewFromBuffer(cut);
            using var fromPhoto = NetVips.Image.NewFromBuffer(await _server.Client.GetByteArrayAsync($"api/faces/{face.Id}/thumbnail", token));
            (fromScan.Width, fromScan.Height).ShouldBe((fromPhoto.Width, fromPhoto.Height));
            using var difference = (fromScan - fromPhoto).Abs();
            difference.Avg().ShouldBeLessThan(4, $"face {face.Id}");
        }
    }
}
