using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;
using FaceSort.Core.Imaging;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;
using FaceSort.Core.Tests.Pipeline;

namespace FaceSort.Core.Tests.Evaluation;

/// <summary>
/// lfw with every third photo blurred (Gaussian σ = 3 px on its 250 px photos: an out-of-focus or shaken shot), scanned
/// with the bundled models. Blurred faces of different people resemble each other more than their own sharp photos,
/// so judged by detector score and size alone they joined people and chained others after them.
/// </summary>
[Collection(ModelCollection.Name)]
public sealed class BlurredPhotosTests(ModelFixture fixture) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-blur-").FullName;

    [Fact]
    public async Task Blurred_faces_neither_seed_nor_join_people_so_sharp_people_stay_apart()
    {
        var token = TestContext.Current.CancellationToken;
        var photos = Path.Combine(_work, "lfw");
        var blurred = CopyLfwBlurringEveryThird(photos, photos);
        var (library, withSharpness, without) = await ScanAndScoreAsync(photos, token);

        var isBlurred = new PhotoStore(library).All().ToDictionary(p => p.Id, p => blurred.Contains(p.RelativePath));
        var faces = new FaceStore(library).AllPresent();
        double Median(IEnumerable<float> values) => values.Order().ElementAt(values.Count() / 2);
        var sharpMedian = Median(faces.Where(f => !isBlurred[f.PhotoId]).Select(f => f.Sharpness!.Value));
        var blurMedian = Median(faces.Where(f => isBlurred[f.PhotoId]).Select(f => f.Sharpness!.Value));
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT lfw, every third photo blurred: sharpness median {sharpMedian:F0} sharp / {blurMedian:F0} blurred; facesort P {withSharpness.PairwisePrecision:F3} R {withSharpness.PairwiseRecall:F3}, by score and size alone P {without.PairwisePrecision:F3} R {without.PairwiseRecall:F3}"));

        blurMedian.ShouldBeLessThan(sharpMedian / 4);
        blurMedian.ShouldBeLessThan(FaceQuality.FullSharpness);
        withSharpness.PairwisePrecision.ShouldBeGreaterThanOrEqualTo(0.99, "blurred faces merge no people");
        without.PairwisePrecision.ShouldBeLessThan(0.95, "judged by score and size alone, they do (0.84 here)");
    }

    [Fact]
    public async Task Blurred_photos_added_to_a_library_are_not_recognised_into_its_people()
    {
        var token = TestContext.Current.CancellationToken;
        var sharp = Path.Combine(_work, "sharp");
        var blurredRoot = Path.Combine(_work, "blurred");
        CopyLfwBlurringEveryThird(sharp, blurredRoot);
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        var models = fixture.Models;
        var scan = new ScanService(library, new VipsPhotoDecoder(), models.Detector, models.Aligner, models.Embedder);
        await scan.ScanAsync([sharp], null, token);
        new PeopleUpdater(library).Update(new FaceSortClusterer(), cancellationToken: token);
        await scan.ScanAsync([blurredRoot], null, token);
        var summary = new PeopleUpdater(library).Update(new FaceSortClusterer(), cancellationToken: token);

        var (set, faceIds) = LibraryEmbeddingSet.Build(new PhotoStore(library), new FaceStore(library), photo => Path.GetFileName(Path.GetDirectoryName(photo.FullPath)));
        var assignments = new PeopleStore(library).Assignments();
        var predicted = set.ScoredFaces.Select(f => f >= 0 && assignments.TryGetValue(faceIds[f], out var a) ? (int)a.PersonId : -1).ToArray();
        var metrics = ClusteringMetrics.Score(predicted, set.Truth);
        Console.WriteLine(FormattableString.Invariant($"RESULT lfw, blurred third added to a clustered library ({summary}): P {metrics.PairwisePrecision:F3} R {metrics.PairwiseRecall:F3}"));
        metrics.PairwisePrecision.ShouldBeGreaterThanOrEqualTo(0.99, "the blurred faces wait for the user instead of joining people by similarity");
        // The summary says how many of the faces left over are too poor to place, the same in a full run.
        summary.TooPoorToPlace.ShouldBeInRange(1, summary.UnassignedFaces);
        new PeopleUpdater(library).Update(new FaceSortClusterer(), full: true, cancellationToken: token).TooPoorToPlace.ShouldBe(summary.TooPoorToPlace);
    }

    [Fact]
    public async Task Shaken_photos_do_not_merge_people_either()
    {
        var token = TestContext.Current.CancellationToken;
        var photos = Path.Combine(_work, "lfw");
        // Every third photo shaken sideways by 15 px: detail across the motion survives, along it none does.
        CopyLfwBlurringEveryThird(photos, photos, image =>
        {
            using var kernel = NetVips.Image.NewFromArray(new double[,] { { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 } }, scale: 15);
            return image.Conv(kernel);
        });
        var (_, withSharpness, without) = await ScanAndScoreAsync(photos, token);
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT lfw, every third photo shaken 15 px: facesort P {withSharpness.PairwisePrecision:F3} R {withSharpness.PairwiseRecall:F3}, by score and size alone P {without.PairwisePrecision:F3} R {without.PairwiseRecall:F3}"));
        withSharpness.PairwisePrecision.ShouldBeGreaterThanOrEqualTo(0.99, "shaken faces merge no people");
        without.PairwisePrecision.ShouldBeLessThan(0.95, "judged by score and size alone, they do");
    }

    /// <summary>
    /// Scans <paramref name="photos"/> into a library with the bundled models and scores the default on it twice: as it
    /// is, and with the same faces judged as before sharpness was measured (detector score and size only, every face
    /// placed).
    /// </summary>
    private async Task<(LibraryDatabase Library, ClusteringMetrics WithSharpness, ClusteringMetrics Without)> ScanAndScoreAsync(
        string photos, CancellationToken token)
    {
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        var models = fixture.Models;
        await new ScanService(library, new VipsPhotoDecoder(), models.Detector, models.Aligner, models.Embedder).ScanAsync([photos], null, token);
        var faces = new FaceStore(library).AllPresent();
        var set = LibraryEmbeddingSet.Build(new PhotoStore(library), new FaceStore(library), photo => Path.GetFileName(Path.GetDirectoryName(photo.FullPath))).Set;
        var withSharpness = ClusteringEvaluator.Evaluate(set, new FaceSortClusterer(), token);
        var scoreAndSize = set with { Quality = [.. faces.Select(f => FaceQuality.Of(f.Score, f.Box.Width, f.Box.Height))] };
        var without = ClusteringEvaluator.Evaluate(scoreAndSize, new FaceSortClusterer(new FaceSortOptions(PlaceQuality: 0)), token);
        return (library, withSharpness, without);
    }

    /// <summary>
    /// Copies lfw's photos to <paramref name="sharpRoot"/>, except every third (in path order), which goes to
    /// <paramref name="blurredRoot"/> blurred (by default a Gaussian of σ = 3 px); returns the blurred ones' relative paths.
    /// </summary>
    private static HashSet<string> CopyLfwBlurringEveryThird(string sharpRoot, string blurredRoot, Func<NetVips.Image, NetVips.Image>? blurOf = null)
    {
        var lfw = Path.Combine(TestPaths.SharedData, "lfw");
        Assert.SkipUnless(Directory.Exists(lfw), $"lfw not present under {TestPaths.SharedData}");
        var files = Directory.GetFiles(lfw, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var blurred = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < files.Count; i++)
        {
            var relative = Path.GetRelativePath(lfw, files[i]);
            var target = Path.Combine(i % 3 == 0 ? blurredRoot : sharpRoot, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (i % 3 != 0)
            {
                File.Copy(files[i], target);
                continue;
            }
            using var image = NetVips.Image.NewFromFile(files[i]);
            using var blur = blurOf is null ? image.Gaussblur(3) : blurOf(image);
            blur.WriteToFile(target);
            blurred.Add(relative.Replace('\\', '/'));
        }
        return blurred;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
