using FaceSort.Core.Imaging;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;

namespace FaceSort.Core.Tests.Pipeline;

/// <summary>
/// Where a scan cuts faces from in a camera-sized photo: the detector sees it shrunk to 640 px, where a group photo's
/// faces are too small to align from, so they are cut from the larger copy the decoder kept, or else from one more
/// decode at a larger size — one for the whole photo, however many sizes its faces come in.
/// </summary>
[Collection(ModelCollection.Name)]
public sealed class AlignmentSourceTests(ModelFixture fixture) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-align-").FullName;

    [Theory]
    [InlineData(1280, new int[0])] // the default: the faces are cut from the detail the first decode kept (2,049 px)
    [InlineData(0, new[] { 1580 })] // no detail: one more decode, at the size the smallest face needs
    public async Task A_big_group_photo_is_decoded_once_more_at_most_and_its_faces_match_the_small_original(int detailLongSide, int[] moreDecodes)
    {
        // bbt1 (1366 px wide, four people) enlarged three times: at the detector's 640 px every face's eyes are closer
        // than alignment wants, and each face wants a different size (cut from one decode per size, as they were
        // before, the four took three more decodes, at 1472, 1536 and 1600 px).
        var original = Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", "bbt1.jpg");
        var small = Path.Combine(_work, "small");
        var big = Path.Combine(_work, "big");
        Directory.CreateDirectory(small);
        Directory.CreateDirectory(big);
        File.Copy(original, Path.Combine(small, "bbt1.jpg"));
        using (var photo = NetVips.Image.NewFromFile(original))
        using (var enlarged = photo.Resize(3))
            enlarged.Jpegsave(Path.Combine(big, "bbt1.jpg"), q: 92);
        var options = new ScanOptions { DetailLongSide = detailLongSide };

        var smallFaces = await Scan(small, new CountingDecoder(new VipsPhotoDecoder()), options);
        var decoder = new CountingDecoder(new VipsPhotoDecoder());
        var bigFaces = await Scan(big, decoder, options);

        bigFaces.Count.ShouldBe(smallFaces.Count);
        bigFaces.Count.ShouldBe(4);
        decoder.Sizes.ShouldBe([640, .. moreDecodes], "the detector's decode, then any more");
        // The same person in the same photo: each face of the enlarged photo, cut from a larger image with the
        // landmarks scaled to it, must embed like the face cut from the original.
        foreach (var face in bigFaces)
        {
            var twin = smallFaces.MinBy(f => Math.Abs(f.Box.X * 3 - face.Box.X) + Math.Abs(f.Box.Y * 3 - face.Box.Y))!;
            var similarity = System.Numerics.Tensors.TensorPrimitives.Dot<float>(face.Embedding, twin.Embedding);
            similarity.ShouldBeGreaterThan(0.95f, $"face at {face.Box.X:0},{face.Box.Y:0}");
        }
    }

    private async Task<IReadOnlyList<FaceRecord>> Scan(string photos, IPhotoDecoder decoder, ScanOptions options)
    {
        var library = LibraryDatabase.Open(Path.Combine(photos, "..", Path.GetFileName(photos) + "-library"));
        var models = fixture.Models;
        var service = new ScanService(library, decoder, models.Detector, models.Aligner, models.Embedder, options);
        await service.ScanAsync([photos], null, TestContext.Current.CancellationToken);
        return new FaceStore(library).AllPresent();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }

    /// <summary>The real decoder, noting the size of every decode asked of it.</summary>
    private sealed class CountingDecoder(IPhotoDecoder inner) : IPhotoDecoder
    {
        private readonly List<int> _sizes = [];

        public List<int> Sizes
        {
            get { lock (_sizes) return [.. _sizes]; }
        }

        public PhotoHeader ReadHeader(string path) => inner.ReadHeader(path);

        public RgbImage Decode(string path, int maxLongSide)
        {
            lock (_sizes) _sizes.Add(maxLongSide);
            return inner.Decode(path, maxLongSide);
        }

        public DecodedPhoto Load(string path, int maxLongSide)
        {
            lock (_sizes) _sizes.Add(maxLongSide);
            return inner.Load(path, maxLongSide);
        }

        public DecodedPhoto Load(string path, int maxLongSide, int detailLongSide)
        {
            lock (_sizes) _sizes.Add(maxLongSide);
            return inner.Load(path, maxLongSide, detailLongSide);
        }
    }
}
