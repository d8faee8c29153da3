using FaceSort.Core.Imaging;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;

namespace FaceSort.Core.Tests.Pipeline;

/// <summary>Scans a folder into a new library with given models: each photo's faces by its path below the folder.</summary>
internal static class ScannedFaces
{
    public static async Task<Dictionary<string, List<FaceRecord>>> ByPhotoAsync(string work, string photos, ModelSet models)
    {
        var library = LibraryDatabase.Open(Path.Combine(work, Path.GetRandomFileName()));
        var service = new ScanService(library, new VipsPhotoDecoder(), models.Detector, models.Aligner, models.Embedder, new ScanOptions());
        await service.ScanAsync([photos], null, TestContext.Current.CancellationToken);
        var paths = new PhotoStore(library).All().ToDictionary(p => p.Id, p => p.RelativePath);
        return new FaceStore(library).AllPresent().GroupBy(f => paths[f.PhotoId]).ToDictionary(g => g.Key, g => g.ToList());
    }
}
