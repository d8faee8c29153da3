using FaceSort.Core.Detection;
using FaceSort.Core.Library;

namespace FaceSort.Core.Tests.Library;

public sealed class FaceBoxMatchingTests
{
    [Fact]
    public void Each_new_box_takes_the_old_box_it_overlaps_most_and_strangers_stay_unpaired()
    {
        FaceBox[] old = [new(0, 0, 100, 100), new(200, 0, 100, 100), new(400, 0, 50, 50)];
        // Another detector: the first two faces shifted a little (IoU 0.68 and 0.82), the third missed, one new face.
        FaceBox[] fresh = [new(210, 5, 95, 95), new(10, 10, 100, 100), new(600, 0, 80, 80)];

        var pairs = FaceBoxMatching.Match(old, fresh);

        pairs.OrderBy(p => p.Old).ShouldBe([(0, 1), (1, 0)]);
    }

    [Fact]
    public void One_new_box_over_two_old_ones_pairs_once_with_the_closer()
    {
        FaceBox[] old = [new(0, 0, 100, 100), new(30, 0, 100, 100)];
        FaceBox[] fresh = [new(25, 0, 100, 100)];

        FaceBoxMatching.Match(old, fresh).ShouldBe([(1, 0)]);
    }

    [Fact]
    public void Boxes_overlapping_less_than_the_minimum_are_different_faces()
    {
        FaceBox[] old = [new(0, 0, 100, 100)];
        FaceBox[] fresh = [new(60, 0, 100, 100)]; // IoU 40/160 = 0.25

        FaceBoxMatching.Match(old, fresh).ShouldBeEmpty();
    }
}
