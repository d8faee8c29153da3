using System.Globalization;
using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;
using FaceSort.Core.Pipeline;
using FaceSort.Core.Recognition;
using FaceSort.Core.Tests.Corrections;

namespace FaceSort.Core.Tests.Recognition;

/// <summary>
/// Scanning a data set in 10 random batches (recognise new faces against the people so far, cluster the leftovers;
/// in full again whenever the library has doubled) must score within 0.02 pairwise F1 of clustering it in one go, on
/// real embeddings, through the real library. FACESORT_MIN_SIMILARITY overrides the threshold (the sweep in
/// docs/incremental.md); FACESORT_FULL_RUN_GROWTH=0 measures recognition alone, never a full run after the first;
/// FACESORT_SEEDS (comma-separated) replaces the three photo orders (docs/incremental.md reports eight).
/// </summary>
public sealed class IncrementalVsBatchTests
{
    private static RecognitionOptions Options()
    {
        var options = new RecognitionOptions();
        if (Environment.GetEnvironmentVariable("FACESORT_MIN_SIMILARITY") is { } similarity)
            options = options with { MinSimilarity = float.Parse(similarity, CultureInfo.InvariantCulture) };
        if (Environment.GetEnvironmentVariable("FACESORT_FULL_RUN_GROWTH") is { } growth)
            options = options with { FullRunGrowth = double.Parse(growth, CultureInfo.InvariantCulture) };
        if (Environment.GetEnvironmentVariable("FACESORT_FOLD_ALIKE_PEOPLE") is "0")
            options = options with { FoldAlikePeople = false };
        return options;
    }

    private static int[] Seeds() =>
        Environment.GetEnvironmentVariable("FACESORT_SEEDS") is { } seeds
            ? seeds.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : [1, 2, 3];

    internal static double PairwiseF1(TestLibrary library)
    {
        var assignments = library.People.Assignments();
        var names = library.Truth.Values.Distinct().Order(StringComparer.Ordinal).ToList();
        var faces = library.Truth.Keys.Order().ToList();
        var predicted = faces.Select(f => assignments.TryGetValue(f, out var a) ? (int)a.PersonId : -1).ToArray();
        var truth = faces.Select(f => names.IndexOf(library.Truth[f])).ToArray();
        return ClusteringMetrics.Score(predicted, truth).PairwiseF1;
    }

    /// <summary>The committed fixtures, plus any embedding TSVs named in FACESORT_EXTRA_EMBEDDINGS (':'-separated
    /// absolute paths; glint12 is too big to commit, see tests/fixtures/embeddings/README.md).</summary>
    public static TheoryData<string> Sets()
    {
        var sets = new TheoryData<string>("lfw.tsv", "faceapi-bbt.tsv", "ageitgey-people.tsv", "celeb5.tsv");
        foreach (var path in (Environment.GetEnvironmentVariable("FACESORT_EXTRA_EMBEDDINGS") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            sets.Add(path);
        return sets;
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Ten_random_batches_score_within_0_02_of_one_go(string fixture)
    {
        var token = TestContext.Current.CancellationToken;
        double batch;
        using (var once = new TestLibrary(fixture))
        {
            once.AddPhotos(Enumerable.Range(0, once.PhotoCount));
            new PeopleUpdater(once.Database).Update(new FaceSortClusterer(), cancellationToken: token);
            batch = PairwiseF1(once);
        }

        var scores = new List<double>();
        foreach (var seed in Seeds())
        {
            using var library = new TestLibrary(fixture);
            var order = Enumerable.Range(0, library.PhotoCount).OrderBy(_ => 0).ToArray();
            new Random(seed).Shuffle(order);
            for (var b = 0; b < 10; b++)
            {
                library.AddPhotos(order.Where((_, i) => i * 10 / order.Length == b));
                // The first batch is clustered in full, every later one incrementally: the path scans take.
                new PeopleUpdater(library.Database).Update(new FaceSortClusterer(), recognition: Options(), cancellationToken: token);
            }
            scores.Add(PairwiseF1(library));
        }
        TestContext.Current.SendDiagnosticMessage(
            $"{fixture}: one go F1 {batch:0.000}, 10 batches F1 {string.Join(" ", scores.Select(s => s.ToString("0.000", CultureInfo.InvariantCulture)))} (mean {scores.Average():0.000}) at MinSimilarity {Options().MinSimilarity}");
        Console.WriteLine($"RESULT {fixture} batch={batch:0.000} incremental={string.Join(",", scores.Select(s => s.ToString("0.000", CultureInfo.InvariantCulture)))} mean={scores.Average():0.000} min_similarity={Options().MinSimilarity}");
        scores.Average().ShouldBeGreaterThanOrEqualTo(batch - 0.02);
    }
}
