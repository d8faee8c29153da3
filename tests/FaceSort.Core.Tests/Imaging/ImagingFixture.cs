namespace FaceSort.Core.Tests.Imaging;

/// <summary>Generates the imaging test set once per test run into a temporary folder, and removes it afterwards.</summary>
public sealed class ImagingFixture : IDisposable
{
    public ImagingFixture()
    {
        var source = Path.Combine(TestPaths.SharedData, "ageitgey-people", "group", "kit_with_rose.jpg");
        Images = new TestImageFactory(Path.Combine(Path.GetTempPath(), "facesort-imaging-" + Guid.NewGuid().ToString("N")), source);
    }

    public TestImageFactory Images { get; }

    /// <summary>A HEIC (HEVC) photo made with libheif's heif-enc, committed because libvips' bundled build cannot write one.</summary>
    public static string HeicFixture => Path.Combine(TestPaths.Fixtures, "imaging", "obama_small.heic");

    public void Dispose()
    {
        try { Directory.Delete(Images.Directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
