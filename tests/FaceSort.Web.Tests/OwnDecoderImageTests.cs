using FaceSort.Core.Library;

namespace FaceSort.Web.Tests;

/// <summary>
/// HEIC (iPhone) and BMP photos are decoded outside the bundled libvips (libheif and BmpReader); the web app's previews
/// and face cards must come through the same decoders, or those photos' people show broken images.
/// </summary>
public sealed class OwnDecoderImageTests : IAsyncLifetime
{
    private readonly WebServerFixture _server = new();

    public ValueTask InitializeAsync() => _server.InitializeAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Theory]
    [InlineData("obama_small.heic", 320, 240)]
    [InlineData("amy1.bmp", 150, 150)]
    public async Task The_photo_gets_a_preview_and_its_face_a_card(string fixture, int width, int height)
    {
        var token = TestContext.Current.CancellationToken;
        var bytes = await File.ReadAllBytesAsync(Path.Combine(WebServerFixture.RepoRoot, "tests", "fixtures", "imaging", fixture), token);
        using (var content = new ByteArrayContent(bytes))
            (await _server.Client.PutAsync($"api/uploads?path={fixture}", content, token)).EnsureSuccessStatusCode();
        await _server.WaitForJobAsync(async () => (await _server.Client.PostAsync("api/uploads/scan", null)).EnsureSuccessStatusCode());

        var library = LibraryDatabase.Open(_server.LibraryDirectory);
        var photo = new PhotoStore(library).All().Single(p => Path.GetFileName(p.RelativePath) == fixture);
        photo.Status.ShouldBe(PhotoStatus.Done);
        var face = new FaceStore(library).AllPresent().Single(f => f.PhotoId == photo.Id);

        using var preview = NetVips.Image.NewFromBuffer(await _server.Client.GetByteArrayAsync($"api/photos/{photo.Id}/image", token));
        (preview.Width, preview.Height).ShouldBe((width, height));
        using var card = NetVips.Image.NewFromBuffer(await _server.Client.GetByteArrayAsync($"api/faces/{face.Id}/thumbnail", token));
        card.Width.ShouldBeGreaterThan(80);
        // A face card, not a blank: its pixels vary like a photo's.
        card.Deviate().ShouldBeGreaterThan(20);
    }
}
