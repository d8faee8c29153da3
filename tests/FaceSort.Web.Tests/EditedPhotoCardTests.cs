using FaceSort.Core.Library;

namespace FaceSort.Web.Tests;

/// <summary>
/// A photo edited in place keeps its faces' ids (docs/incremental.md); the face's card, cached on disk by face id, must
/// then show the edited photo, not the card cut before the edit. The photo is in a folder on the server's machine,
/// scanned from the page, and edited there: an upload of another photo under a taken name is kept beside it
/// (<c>UploadApiTests</c>), which is how these tests used to edit it.
/// </summary>
public sealed class EditedPhotoCardTests : IAsyncLifetime
{
    private readonly WebServerFixture _server = new();

    private string Folder => _server.LibraryDirectory + "-photos";

    public ValueTask InitializeAsync() => _server.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task The_card_of_a_face_in_an_edited_photo_shows_the_edit()
    {
        var token = TestContext.Current.CancellationToken;
        using var original = NetVips.Image.NewFromFile(Path.Combine(WebServerFixture.DataDirectory, "amy", "amy1.png"));
        using var opaque = original.HasAlpha() ? original.Flatten() : original.Copy();
        await WriteAndScanAsync(opaque.JpegsaveBuffer(q: 95, keep: NetVips.Enums.ForeignKeep.None));
        var faceId = new FaceStore(LibraryDatabase.Open(_server.LibraryDirectory)).AllPresent().Single().Id;
        using var before = await CardAsync(faceId, token);

        // The same photo made darker, as an editor would save it: the face keeps its id.
        using var darker = (opaque * 0.5).Cast(NetVips.Enums.BandFormat.Uchar);
        await WriteAndScanAsync(darker.JpegsaveBuffer(q: 95, keep: NetVips.Enums.ForeignKeep.None));
        new FaceStore(LibraryDatabase.Open(_server.LibraryDirectory)).AllPresent().Single().Id.ShouldBe(faceId);
        using var after = await CardAsync(faceId, token);

        after.Avg().ShouldBeLessThan(before.Avg() * 0.7, "the card is cut from the darker photo");
    }

    [Fact]
    public async Task The_preview_of_a_photo_uploaded_again_with_an_older_date_than_the_preview_shows_the_new_photo()
    {
        // A photo's date can be older than the preview cut on first view (an upload keeps the file's own date, a restore
        // from a backup an old one): the preview, cached by photo id, must not be taken for fresh by its date alone.
        var token = TestContext.Current.CancellationToken;
        using var original = NetVips.Image.NewFromFile(Path.Combine(WebServerFixture.DataDirectory, "amy", "amy1.png"));
        using var opaque = original.HasAlpha() ? original.Flatten() : original.Copy();
        var taken = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        await WriteAndScanAsync(opaque.JpegsaveBuffer(q: 95, keep: NetVips.Enums.ForeignKeep.None), taken);
        var photoId = new FaceStore(LibraryDatabase.Open(_server.LibraryDirectory)).AllPresent().Single().PhotoId;
        using var before = await PreviewAsync(photoId, token);

        using var darker = (opaque * 0.5).Cast(NetVips.Enums.BandFormat.Uchar);
        await WriteAndScanAsync(darker.JpegsaveBuffer(q: 95, keep: NetVips.Enums.ForeignKeep.None), taken + 60_000);
        using var after = await PreviewAsync(photoId, token);

        after.Avg().ShouldBeLessThan(before.Avg() * 0.7, "the preview is made from the darker photo");
    }

    private async Task<NetVips.Image> PreviewAsync(long photoId, CancellationToken token) =>
        NetVips.Image.NewFromBuffer(await _server.Client.GetByteArrayAsync($"api/photos/{photoId}/image", token));

    /// <summary>Writes the photo over <c>amy.jpg</c> in the folder (dated <paramref name="lastModified"/> when given) and scans it from the page.</summary>
    private async Task WriteAndScanAsync(byte[] jpeg, long lastModified = 0)
    {
        Directory.CreateDirectory(Folder);
        var photo = Path.Combine(Folder, "amy.jpg");
        await File.WriteAllBytesAsync(photo, jpeg);
        if (lastModified > 0) File.SetLastWriteTimeUtc(photo, DateTimeOffset.FromUnixTimeMilliseconds(lastModified).UtcDateTime);
        await _server.WaitForJobAsync(async () =>
            (await _server.Client.PostAsync("api/scan", System.Net.Http.Json.JsonContent.Create(new FolderRequest(Folder)))).EnsureSuccessStatusCode());
    }

    private async Task<NetVips.Image> CardAsync(long faceId, CancellationToken token) =>
        NetVips.Image.NewFromBuffer(await _server.Client.GetByteArrayAsync($"api/faces/{faceId}/thumbnail", token));
}
