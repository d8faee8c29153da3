using FaceSort.Core.Clustering;
using FaceSort.Core.Recognition;

namespace FaceSort.Core.Tests.Recognition;

public class StrangerBarTests
{
    private static readonly RecognitionOptions Options = new(NearestFacesSimilarity: 0.35f, NearestFacesReferencePeople: 41);

    [Fact]
    public void Bar_is_the_tuned_value_up_to_the_reference_number_of_people()
    {
        StrangerBar.For(Options, 41, 0.1f).ShouldBe(0.35f, 1e-6);
        StrangerBar.For(Options, 12, 0.1f).ShouldBe(0.35f, 1e-6, "fewer people never lower the bar");
    }

    [Fact]
    public void Bar_rises_with_the_expected_best_chance_match_among_more_people()
    {
        // sqrt(2 ln 2000) = 3.8989, sqrt(2 ln 41) = 2.7253: 0.35 + 0.1 * 1.1736.
        StrangerBar.For(Options, 2000, 0.1f).ShouldBe(0.4674f, 1e-4);
        StrangerBar.For(Options, 2000, 0.05f).ShouldBe(0.4087f, 1e-4);
    }

    [Fact]
    public void Robust_spread_is_the_standard_deviation_of_gaussian_values_and_ignores_a_few_outliers()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 20_000)
            .Select(_ => (float)(0.1 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))
            .ToList();
        values.AddRange(Enumerable.Repeat(0.9f, 200)); // 1 % same-person pairs in the sample
        RobustStatistics.Of(values).Spread.ShouldBe(0.1f, 0.005);
        RobustStatistics.Of([]).Spread.ShouldBe(0f);
    }
}
