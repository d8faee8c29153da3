using FaceSort.Core.Export;
using FaceSort.Core.Imaging;
using FaceSort.Core.Pipeline;

namespace FaceSort.Core.Tests.Pipeline;

public sealed class PhotoFinderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("facesort-finder-").FullName;

    [Fact]
    public void A_folder_holding_an_earlier_export_is_not_read_again()
    {
        Touch("trip/a.jpg");
        Touch("trip/b.jpg");
        // What `facesort export --out People` leaves: person folders of copies, faces.csv and its manifest.
        Touch("People/Person_001/a.jpg");
        Touch("People/Unsorted/b.jpg");
        Touch("People/faces.csv");
        Touch($"People/{ExportService.ManifestFileName}");
        // A folder that merely has a similar name is still a photo folder.
        Touch("People2/c.jpg");

        var skipped = new List<SkippedPath>();
        var found = new PhotoFinder(new ImagingOptions()).Find(_root, skipped).Select(f => f.RelativePath).ToList();

        found.ShouldBe(["People2/c.jpg", "trip/a.jpg", "trip/b.jpg"]);
        skipped.ShouldBeEmpty();
    }

    private void Touch(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
