using FaceSort.Core.Tests.Imaging;

namespace FaceSort.Benchmarks.Imaging;

/// <summary>The generated imaging test set (see TestImageFactory) in a fixed temporary folder, made on first use.</summary>
public static class BenchImages
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SharedData => System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoRoot, "..", "shared", "data"));

    public static TestImageFactory Create() => new(
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "facesort-bench-images"),
        System.IO.Path.Combine(SharedData, "ageitgey-people", "group", "kit_with_rose.jpg"));

    /// <summary>The photos the speed and memory tables use, by the name the tables show.</summary>
    public static string PhotoPath(this TestImageFactory images, string photo) => photo switch
    {
        "jpeg-24MP" => images.Photo24Mp(),
        "jpeg-1.9MP" => images.Photo2Mp(),
        "png-1.9MP" => images.Png2Mp(),
        "jpeg-250px" => images.Small250(),
        _ => throw new ArgumentOutOfRangeException(nameof(photo), photo, "unknown photo"),
    };

    public static readonly string[] Photos = ["jpeg-24MP", "jpeg-1.9MP", "png-1.9MP", "jpeg-250px"];

    /// <summary>The three candidates by the name the tables show.</summary>
    public static FaceSort.Core.Imaging.IPhotoDecoder Decoder(string library) => library switch
    {
        "NetVips" => new FaceSort.Core.Imaging.VipsPhotoDecoder(),
        "SkiaSharp" => new SkiaPhotoDecoder(),
        "OpenCvSharp" => new OpenCvPhotoDecoder(),
        _ => throw new ArgumentOutOfRangeException(nameof(library), library, "unknown library"),
    };

    public static readonly string[] Libraries = ["NetVips", "SkiaSharp", "OpenCvSharp"];

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "FaceSort.slnx")))
                return dir.FullName;
        throw new InvalidOperationException("FaceSort.slnx not found above " + AppContext.BaseDirectory);
    }
}
