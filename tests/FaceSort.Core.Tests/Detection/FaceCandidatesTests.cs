using FaceSort.Core.Detection;

namespace FaceSort.Core.Tests.Detection;

public sealed class FaceCandidatesTests
{
    [Fact]
    public void Suppression_keeps_the_best_of_overlapping_boxes_and_every_separate_box_best_first()
    {
        var c = new FaceCandidates();
        c.Add(0, 0, 10, 10, 0.7f);
        c.Add(1, 0, 10, 10, 0.9f);     // IoU with the first = 90 / 110 = 0.82: the same face, better score
        c.Add(50, 50, 10, 10, 0.8f);   // apart
        c.Add(5, 0, 10, 10, 0.6f);     // IoU with the second = 60 / 140 = 0.43 > 0.3: suppressed by it
        c.Add(8, 0, 10, 10, 0.5f);     // IoU with the second = 30 / 170 = 0.18: kept at 0.3
        var kept = new List<int>();
        c.Suppress(0.3f, kept);
        kept.ShouldBe([1, 2, 4]);
        c.Suppress(0.1f, kept);
        kept.ShouldBe([1, 2]);
    }

    [Fact]
    public void Growing_past_the_initial_capacity_keeps_every_candidate()
    {
        var c = new FaceCandidates();
        for (var i = 0; i < 300; i++)
        {
            var points = c.Add(i * 20, 0, 10, 10, i / 1000f);
            points[0] = i;
        }
        var kept = new List<int>();
        c.Suppress(0.3f, kept).ShouldBe(300);
        kept[0].ShouldBe(299);
        c.Landmarks(123)[0].ShouldBe(123);
        c.Box(123).X.ShouldBe(2460);
    }
}
