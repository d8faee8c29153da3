using System.IO.Compression;
using FaceSort.Core.Corrections;
using FaceSort.Core.Detection;
using FaceSort.Core.Library;

namespace FaceSort.Web.Tests;

public class ZipExportTests
{
    // A hidden person's page has a download like any other. Their folder was planned without hidden people, so there was
    // no folder to keep, and the zip held every person, Unsorted and No faces: the whole library under their name.
    [Fact]
    public async Task A_hidden_persons_zip_holds_their_photos_only_not_the_whole_library()
    {
        var directory = Directory.CreateTempSubdirectory("facesort-web-zip-").FullName;
        try
        {
            var photos = Path.Combine(directory, "photos");
            Directory.CreateDirectory(photos);
            var database = LibraryDatabase.Open(Path.Combine(directory, "library"));
            var root = new PhotoStore(database).EnsureRoot(photos);
            using (var writer = new ScanWriter(database))
            {
                foreach (var name in new[] { "amy.jpg", "stranger.jpg" })
                {
                    var full = Path.Combine(photos, name);
                    File.WriteAllText(full, "photo " + name);
                    var info = new FileInfo(full);
                    var file = new PhotoFile(root, photos, name, full, info.Length, new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeMilliseconds());
                    writer.Write(new PhotoScanResult(file, name, 640, 480, "jpeg",
                        [new ScannedFace(0, new FaceBox(10, 20, 80, 90), new Landmarks5(30, 50, 60, 50, 45, 65, 35, 80, 55, 80), 0.9f, [1, 0, 0])],
                        null, "det@test", "emb@test"));
                }
            }
            var faces = new FaceStore(database).AllPresent(); // path order: amy, stranger
            var people = new PeopleStore(database);
            people.ReplaceAutomaticAssignments([[faces[0].Id], [faces[1].Id]]);
            var stranger = people.Assignments()[faces[1].Id].PersonId;
            new CorrectionService(database).Hide(stranger);
            var folder = people.Summaries().Single(p => p.Person.Id == stranger).Person.DisplayName;

            using var output = new MemoryStream();
            await ZipExport.WriteAsync(database, stranger, output, TestContext.Current.CancellationToken);

            using var zip = new ZipArchive(new MemoryStream(output.ToArray()));
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ShouldBe([$"{folder}/stranger.jpg", "faces.csv"]);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
