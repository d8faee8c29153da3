using FaceSort.Core.Library;

namespace FaceSort.Web.Tests;

/// <summary>
/// A face found in a sideways scan (docs/detection.md, "Turned photos") has its box in the sideways photo; its card
/// must still show it upright, turned as its landmarks say.
/// </summary>
public sealed class TurnedThumbnailTests : IAsyncLifetime
{
    private readonly WebServerFixture _server = new();

    public ValueTask InitializeAsync() => _server.InitializeAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_face_from_a_sideways_photo_is_shown_upright()
    {
        var original = Path.Combine(WebServerFixture.DataDirectory, "amy", "amy1.png");
        using (var image = NetVips.Image.NewFromFile(original))
        {
            foreach (var (name, turned) in new[] { ("upright.jpg", image.Copy()), ("quarter.jpg", image.Rot90()), ("three-quarters.jpg", image.Rot270()) })
            {
                using (turned)
                using (var content = new ByteArrayContent(turned.JpegsaveBuffer(q: 95, keep: NetVips.Enums.ForeignKeep.None)))
                    (await _server.Client.PutAsync($"api/uploads?path={name}", content)).EnsureSuccessStatusCode();
            }
        }
        await _server.WaitForJobAsync(async () => (await _server.Client.PostAsync("api/uploads/scan", null)).EnsureSuccessStatusCode());

        var library = LibraryDatabase.Open(_server.LibraryDirectory);
        var paths = new PhotoStore(library).All().ToDictionary(p => p.Id, p => p.RelativePath);
        var faceOf = new FaceStore(library).AllPresent().ToDictionary(f => Path.GetFileName(paths[f.PhotoId]), f => f.Id);
        faceOf.Keys.Order().ShouldBe(["quarter.jpg", "three-quarters.jpg", "upright.jpg"]);

        using var upright = await Thumbnail(faceOf["upright.jpg"]);
        foreach (var name in new[] { "quarter.jpg", "three-quarters.jpg" })
        {
            using var shown = await Thumbnail(faceOf[name]);
            // Like the upright face's card, and unlike it turned a quarter either way (what the box alone would show).
            using var sideways = upright.Rot90();
            using var otherSideways = upright.Rot270();
            var same = Difference(shown, upright);
            same.ShouldBeLessThan(Difference(shown, sideways) / 2, name);
            same.ShouldBeLessThan(Difference(shown, otherSideways) / 2, name);
        }
    }

    private async Task<NetVips.Image> Thumbnail(long faceId) =>
        NetVips.Image.NewFromBuffer(await _server.Client.GetByteArrayAsync($"api/faces/{faceId}/thumbnail"));

    /// <summary>Mean absolute difference of two thumbnails' pixels, the first resized to the second's size.</summary>
    private static double Difference(NetVips.Image a, NetVips.Image b)
    {
        using var resized = a.Resize((double)b.Width / a.Width, vscale: (double)b.Height / a.Height);
        using var diff = (resized - b).Abs();
        return diff.Avg();
    }
}
