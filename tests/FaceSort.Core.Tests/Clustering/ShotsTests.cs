using FaceSort.Core.Clustering;

namespace FaceSort.Core.Tests.Clustering;

/// <summary>
/// Edited copies of one photo (and bursts) are one shot: the default counts sizes in shots. Hand-made points on a circle
/// (similarity = cos of the angle difference); copies are a fraction of a degree apart (similarity ≥ 0.9999). Person A
/// is six photos from 0° to 50°, 10° apart (0.985): on a circle a shot is anything closer than 1° (0.99985).
/// </summary>
public class ShotsTests
{
    private static readonly double[] PersonA = [0, 10, 20, 30, 40, 50];
    private static readonly FaceSortOptions ByShots = new(ShotSimilarity: 0.99985f);
    private static readonly FaceSortOptions ByFaces = new(ShotSimilarity: 2);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Six_edits_of_a_strangers_photo_are_a_stranger_not_a_person()
    {
        var m = Points.OnCircle([.. PersonA, 200, 200.2, 200.4, 200.6, 200.8, 201]);

        var byShots = new FaceSortClusterer(ByShots).Cluster(new ClusteringInput(m), Ct);
        byShots.ClusterCount.ShouldBe(1);
        for (int i = 6; i < 12; i++) byShots.Labels[i].ShouldBe(ClusterAssignment.Unassigned);

        new FaceSortClusterer(ByFaces).Cluster(new ClusteringInput(m), Ct).ClusterCount.ShouldBe(2, "counted in faces they are a person of six");
    }

    [Fact]
    public void An_odd_photo_saved_three_times_still_joins_its_person()
    {
        // 105° is close to A's 50°, 40°, 30° (mean 0.418): one photo of A's, as NearestFacesRecognitionTests shows. Its
        // three copies are one photo, not a group of three that the last step leaves alone.
        var m = Points.OnCircle([.. PersonA, 105, 105.3, 105.6]);

        var byShots = new FaceSortClusterer(ByShots).Cluster(new ClusteringInput(m), Ct);
        byShots.ClusterCount.ShouldBe(1);
        for (int i = 6; i < 9; i++) byShots.Labels[i].ShouldBe(byShots.Labels[0]);

        var byFaces = new FaceSortClusterer(ByFaces).Cluster(new ClusteringInput(m), Ct);
        byFaces.Labels[6].ShouldNotBe(byFaces.Labels[0], "counted in faces the three are a person of their own");
    }

    [Fact]
    public void Faces_of_one_photo_are_never_one_shot()
    {
        // Twins side by side in one photo may embed alike; they are two people, not a copy.
        var m = Points.OnCircle(0, 0.2, 0.4, 90);
        var input = new ClusteringInput(m, PhotoOfFace: [1, 1, 2, 3]);
        var graph = KnnGraph.Build(m, 3, cancellationToken: Ct);

        var shots = Shots.From(graph, ConflictIndex.From(input), 0.875f);

        shots.Of(1).ShouldBe(1, "face 1 shares photo 1 with face 0");
        shots.Of(2).ShouldBe(0, "face 2, another photo, is a copy of face 0");
        shots.Count([0, 1, 2, 3]).ShouldBe(3);
    }
}
