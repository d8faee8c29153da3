using System.Numerics.Tensors;
using FaceSort.Core.Detection;
using FaceSort.Core.Library;
using FaceSort.Core.Models;
using FaceSort.Core.Pipeline;

namespace FaceSort.Core.Tests.Pipeline;

/// <summary>
/// Photos whose pixels are sideways or upside down with no EXIF orientation to say so (a scanned print, a photo whose
/// tags an editor dropped): the detector misses sideways faces and finds upside-down ones with upright landmarks, so
/// the scan tries the turned photo and must end with the faces of the upright photo, embedded alike.
/// </summary>
[Collection(ModelCollection.Name)]
public sealed class TurnedPhotoTests(ModelFixture fixture) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-turned-").FullName;

    [Fact]
    public async Task Sideways_and_upside_down_photos_give_the_faces_of_the_upright_photo()
    {
        // bbt1: four people; amy1: one portrait. Each written upright and turned a quarter, half and three quarters
        // (pixels turned, no orientation tag).
        var photos = Path.Combine(_work, "photos");
        Directory.CreateDirectory(photos);
        var sources = new[] { Path.Combine("group", "bbt1.jpg"), Path.Combine("amy", "amy1.png") };
        foreach (var source in sources)
        {
            using var image = NetVips.Image.NewFromFile(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", source));
            var name = Path.GetFileNameWithoutExtension(source);
            image.Jpegsave(Path.Combine(photos, $"{name}-0.jpg"), q: 95, keep: NetVips.Enums.ForeignKeep.None);
            using (var r90 = image.Rot90()) r90.Jpegsave(Path.Combine(photos, $"{name}-1.jpg"), q: 95, keep: NetVips.Enums.ForeignKeep.None);
            using (var r180 = image.Rot180()) r180.Jpegsave(Path.Combine(photos, $"{name}-2.jpg"), q: 95, keep: NetVips.Enums.ForeignKeep.None);
            using (var r270 = image.Rot270()) r270.Jpegsave(Path.Combine(photos, $"{name}-3.jpg"), q: 95, keep: NetVips.Enums.ForeignKeep.None);
        }

        var faces = await Scan(photos, fixture.Models);

        foreach (var name in new[] { "bbt1", "amy1" })
        {
            var upright = faces[$"{name}-0.jpg"];
            upright.Count.ShouldBe(name == "bbt1" ? 4 : 1);
            for (var turn = 1; turn <= 3; turn++)
            {
                var turned = faces[$"{name}-{turn}.jpg"];
                turned.Count.ShouldBe(upright.Count, $"{name} turned {turn}");
                // Each face, aligned by its landmarks from the turned photo, embeds like the same face upright.
                foreach (var face in upright)
                {
                    var best = turned.Max(t => TensorPrimitives.Dot<float>(face.Embedding, t.Embedding));
                    best.ShouldBeGreaterThan(0.9f, $"{name} turned {turn}, face {face.FaceIndex}");
                }
            }
        }
    }

    [Fact]
    public async Task A_scanned_page_with_one_print_sideways_and_one_upside_down_gives_every_print_its_face()
    {
        // A flatbed page of three prints (tests/fixtures/scanned/page-three-prints.jpg): amy upright, penny laid a
        // quarter turn, howard upside down, each portrait enlarged 3x, as a 5-inch print scanned at 300 dpi is to a
        // 150 px crop. Amy's clear upright face ends the search unless the page is searched for turned prints: penny's
        // face was missed and howard's found upright with its eyes where its mouth is.
        var photos = Path.Combine(_work, "photos");
        Directory.CreateDirectory(photos);
        var prints = new[] { ("amy", "amy1.png", 0), ("penny", "penny1.png", 1), ("howard", "howard1.png", 2) };
        File.Copy(Path.Combine(TestPaths.Fixtures, "scanned", "page-three-prints.jpg"), Path.Combine(photos, "page.jpg"));
        foreach (var (who, file, _) in prints)
            File.Copy(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", who, file), Path.Combine(photos, file));

        using var models = new ModelSet(ModelDirectory.Open(TestPaths.Models), new DetectionOptions { TurnedPrintsLongSide = DetectionOptions.ScannedPrintsLongSide });
        var faces = await Scan(photos, models);
        using var ordinary = new ModelSet(ModelDirectory.Open(TestPaths.Models));
        var withoutTheOption = await Scan(photos, ordinary);

        withoutTheOption["page.jpg"].Count.ShouldBe(1, "by default amy's clear upright face ends the search");
        var onPage = faces["page.jpg"];
        onPage.Count.ShouldBe(3);
        foreach (var (who, file, turns) in prints)
        {
            // Each print's face, aligned by its landmarks on the page, is the page's face most like the same photo
            // scanned alone, and like it as the same person (a face aligned upside down resembles it at 0.1-0.3). The
            // tight 150 px crops leave the chin at the print's edge, so the landmarks move with the print's place on
            // the page: howard upside down resembles himself at 0.64-0.93 from place to place.
            var alone = faces[file].ShouldHaveSingleItem();
            var likeness = onPage.Select(f => TensorPrimitives.Dot<float>(alone.Embedding, f.Embedding)).ToList();
            var mostAlike = onPage[likeness.IndexOf(likeness.Max())];
            likeness.Max().ShouldBeGreaterThan(0.5f, $"{who}, laid {turns} quarter turns");
            foreach (var (other, otherFile, _) in prints.Where(p => p.Item1 != who))
                TensorPrimitives.Dot<float>(faces[otherFile][0].Embedding, mostAlike.Embedding).ShouldBeLessThan(likeness.Max(), $"{who} against {other}");
        }
    }

    [Fact]
    public async Task Without_the_retry_the_turned_photos_lose_their_faces()
    {
        // The check the first test stands on: the same detector with the retry off finds bbt1's faces upright only,
        // missing them sideways and finding them upside down with embeddings unlike the upright ones.
        var photos = Path.Combine(_work, "photos");
        Directory.CreateDirectory(photos);
        using (var image = NetVips.Image.NewFromFile(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", "bbt1.jpg")))
        {
            image.Jpegsave(Path.Combine(photos, "bbt1-0.jpg"), q: 95, keep: NetVips.Enums.ForeignKeep.None);
            using (var r90 = image.Rot90()) r90.Jpegsave(Path.Combine(photos, "bbt1-1.jpg"), q: 95, keep: NetVips.Enums.ForeignKeep.None);
            using (var r180 = image.Rot180()) r180.Jpegsave(Path.Combine(photos, "bbt1-2.jpg"), q: 95, keep: NetVips.Enums.ForeignKeep.None);
        }
        using var models = new ModelSet(ModelDirectory.Open(TestPaths.Models), new DetectionOptions { TurnedPhotoScore = 0 });

        var faces = await Scan(photos, models);

        faces["bbt1-0.jpg"].Count.ShouldBe(4);
        faces.GetValueOrDefault("bbt1-1.jpg", []).Count.ShouldBeLessThan(4);
        var upsideDown = faces.GetValueOrDefault("bbt1-2.jpg", []);
        upsideDown.Count(f => faces["bbt1-0.jpg"].Max(u => TensorPrimitives.Dot<float>(u.Embedding, f.Embedding)) > 0.9f).ShouldBeLessThan(4);
    }

    private Task<Dictionary<string, List<FaceRecord>>> Scan(string photos, ModelSet models) => ScannedFaces.ByPhotoAsync(_work, photos, models);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
