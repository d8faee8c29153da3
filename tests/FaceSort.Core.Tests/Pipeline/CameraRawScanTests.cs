namespace FaceSort.Core.Tests.Pipeline;

/// <summary>
/// A camera raw file is scanned like the photo it holds: the DNG fixture (tests/fixtures/raw/README.md, bbt3.jpg's
/// five faces as sensor data, turned by its EXIF orientation) gives the faces of the same picture saved as a JPEG, at
/// the same places, with embeddings of the same people.
/// </summary>
[Collection(ModelCollection.Name)]
public sealed class CameraRawScanTests(ModelFixture fixture) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-rawscan-").FullName;

    [Fact]
    public async Task A_raw_file_gives_the_faces_of_its_picture()
    {
        var photos = Path.Combine(_work, "photos");
        Directory.CreateDirectory(photos);
        File.Copy(Path.Combine(TestPaths.Fixtures, "raw", "bbt3-turned.dng"), Path.Combine(photos, "IMG_0001.DNG"));
        using (var source = NetVips.Image.NewFromFile(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", "bbt3.jpg")))
        using (var cropped = source.Crop(0, 0, 594, 382))
        using (var turned = cropped.Rot90())
            turned.WriteToFile(Path.Combine(photos, "reference.png"));

        var faces = await ScannedFaces.ByPhotoAsync(_work, photos, fixture.Models);

        var raw = faces.GetValueOrDefault("IMG_0001.DNG", []);
        var reference = faces["reference.png"];
        reference.Count.ShouldBe(5);
        raw.Count.ShouldBe(5);
        foreach (var face in reference)
        {
            var match = raw.MaxBy(r => r.Box.IntersectionOverUnion(face.Box))!;
            match.Box.IntersectionOverUnion(face.Box).ShouldBeGreaterThan(0.8f, "the same face at the same place of the upright photo");
            System.Numerics.Tensors.TensorPrimitives.Dot(match.Embedding, face.Embedding)
                .ShouldBeGreaterThan(0.85f, "the same person: demosaicked pixels embed like the JPEG's");
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
