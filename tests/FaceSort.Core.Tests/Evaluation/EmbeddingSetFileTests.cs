using System.Globalization;
using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;

namespace FaceSort.Core.Tests.Evaluation;

public sealed class EmbeddingSetFileTests
{
    [Fact]
    public void A_face_gets_the_quality_a_library_would_give_it_so_evaluation_clusters_as_the_product_does()
    {
        // faceapi-bbt's group photos hold faces under 64 px: their detector score alone would let them seed people.
        var path = Path.Combine(TestPaths.Fixtures, "embeddings", "faceapi-bbt.tsv");
        var rows = File.ReadLines(path).Where(l => !l.StartsWith('#')).Select(l => l.Split('\t')).Where(c => c.Length > 10).ToList();
        var set = EmbeddingSetFile.Load(path);

        set.Quality.Length.ShouldBe(rows.Count);
        static float F(string s) => float.Parse(s, CultureInfo.InvariantCulture);
        for (var i = 0; i < rows.Count; i++)
            set.Quality[i].ShouldBe(FaceQuality.Of(F(rows[i][5]), F(rows[i][8]), F(rows[i][9])));
        rows.Count(c => Math.Min(F(c[8]), F(c[9])) < FaceQuality.FullSizePixels).ShouldBeGreaterThan(0, "the fixture has small faces");
        Enumerable.Range(0, rows.Count).Count(i => set.Quality[i] < F(rows[i][5]) - 1e-6f).ShouldBeGreaterThan(0, "and they count for less");
    }
}
