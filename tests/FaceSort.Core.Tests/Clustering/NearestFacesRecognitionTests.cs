using FaceSort.Core.Clustering;
using FaceSort.Core.Detection;
using FaceSort.Core.Library;
using FaceSort.Core.Recognition;

namespace FaceSort.Core.Tests.Clustering;

/// <summary>
/// The default's last step on hand-made points (angles on a circle: similarity = cos of the angle difference). Person
/// A is six faces spread from 0° to 50°, so its one prototype (the median, about 25°) is far from any face beyond 90°.
/// </summary>
public class NearestFacesRecognitionTests
{
    private static readonly double[] PersonA = [0, 10, 20, 30, 40, 50];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void A_face_close_to_a_few_of_a_persons_faces_joins_it()
    {
        // 105°: cos 55°, 65°, 75° = 0.574, 0.423, 0.259, mean 0.418 ≥ 0.35; mean over all six faces 0.166 (average
        // linkage says no), prototype 0.17 (anchor recognition says no).
        var m = Points.OnCircle([.. PersonA, 105]);
        var with = new FaceSortClusterer().Cluster(new ClusteringInput(m), Ct);
        with.Labels[6].ShouldBe(with.Labels[0]);

        var without = new FaceSortClusterer(new FaceSortOptions(Recognition: new RecognitionOptions(NearestFaces: 0))).Cluster(new ClusteringInput(m), Ct);
        without.Labels[6].ShouldBe(ClusterAssignment.Unassigned, "without the step it stays out");
    }

    [Fact]
    public void A_face_close_to_only_the_edge_of_a_person_stays_out()
    {
        // 115°: cos 65°, 75°, 85° = 0.423, 0.259, 0.087, mean 0.256 < 0.35, although its nearest face is at 0.42.
        var m = Points.OnCircle([.. PersonA, 115]);
        var a = new FaceSortClusterer().Cluster(new ClusteringInput(m), Ct);
        a.Labels[6].ShouldBe(ClusterAssignment.Unassigned);
    }

    [Fact]
    public void A_face_never_joins_a_person_holding_a_face_of_its_photo()
    {
        var m = Points.OnCircle([.. PersonA, 105]);
        var photo = new[] { 1, 2, 3, 4, 5, 6, 6 };
        var a = new FaceSortClusterer().Cluster(new ClusteringInput(m, photo), Ct);
        a.Labels[6].ShouldBe(ClusterAssignment.Unassigned);
    }

    [Fact]
    public void A_pair_joins_only_when_both_faces_agree()
    {
        // The pair 100° + 160° (similarity 0.5, merged by average linkage): 100° is close to A's 50°, 40°, 30° (mean
        // 0.495), 160° to none of A. One vote of two is not enough at this lower bar; the pair stays a pair.
        var m = Points.OnCircle([.. PersonA, 100, 160]);
        var a = new FaceSortClusterer().Cluster(new ClusteringInput(m), Ct);
        a.Labels[6].ShouldNotBe(a.Labels[0]);
        a.Labels[6].ShouldBe(a.Labels[7]);
        a.Labels[6].ShouldNotBe(ClusterAssignment.Unassigned);
    }

    [Fact]
    public void Incremental_twin_decides_alike_and_respects_rejections_and_photos()
    {
        var angles = new[] { 0.0, 10, 20, 30, 40, 50 };
        var known = new Dictionary<long, List<PersonFace>>
        {
            [7] = [.. angles.Select((a, i) => new PersonFace(100 + i, Unit(a)))],
            [8] = [new PersonFace(200, Unit(105)), new PersonFace(201, Unit(106))], // too small to take part
        };
        var near = Face(1, photo: 1, degrees: 105);
        var edge = Face(2, photo: 2, degrees: 115);
        var rejected = Face(3, photo: 3, degrees: 105);
        var samePhoto = Face(4, photo: 103, degrees: 105);
        var recognizer = new NearestFacesRecognizer();
        var result = recognizer.Recognize([[near], [edge], [rejected], [samePhoto]], _ => [7, 8], known, (face, person) => face == 3 && person == 7);
        result.ShouldBe([7, null, null, null]);
        known[7].Count.ShouldBe(7, "the face that joined counts for the next");
    }

    [Fact]
    public void Incremental_twin_takes_the_nearest_faces_from_distinct_shots()
    {
        // A's 50° photo is there three times (edits 0.2° apart; on this circle a shot is anything closer than 1°). A new
        // face at 110° resembles that one photo at 0.50–0.51, A's next photos at cos 70° and 80° (mean 0.34 < 0.36).
        var angles = new[] { 0.0, 10, 20, 30, 40, 50, 50.2, 50.4 };
        Dictionary<long, List<PersonFace>> Known() => new() { [7] = [.. angles.Select((a, i) => new PersonFace(100 + i, Unit(a)))] };
        var units = new List<IReadOnlyList<FaceRecord>> { new[] { Face(1, photo: 1, degrees: 110) } };

        new NearestFacesRecognizer(shotSimilarity: 0.99985f).Recognize(units, _ => [7], Known(), (_, _) => false).ShouldBe([null]);
        new NearestFacesRecognizer().Recognize(units, _ => [7], Known(), (_, _) => false)
            .ShouldBe([7], "counted in faces, the one photo's three copies are its three nearest faces");
    }

    [Fact]
    public void Incremental_twin_counts_a_persons_size_in_shots()
    {
        // Three photos, each there twice (0.2° apart): three shots, below a growing library's six. A new face at 25° is
        // close to all three (0.996, 0.967, 0.908).
        var angles = new[] { 0.0, 0.2, 10, 10.2, 20, 20.2 };
        Dictionary<long, List<PersonFace>> Known() => new() { [7] = [.. angles.Select((a, i) => new PersonFace(100 + i, Unit(a)))] };
        var units = new List<IReadOnlyList<FaceRecord>> { new[] { Face(1, photo: 1, degrees: 25) } };
        var growing = new RecognitionOptions() with { NearestFacesPersonSize = 6 };

        new NearestFacesRecognizer(growing, shotSimilarity: 0.99985f).Recognize(units, _ => [7], Known(), (_, _) => false).ShouldBe([null]);
        new NearestFacesRecognizer(growing).Recognize(units, _ => [7], Known(), (_, _) => false).ShouldBe([7], "counted in faces it has six");
    }

    private static float[] Unit(double degrees) => [(float)Math.Cos(degrees * Math.PI / 180), (float)Math.Sin(degrees * Math.PI / 180)];

    private static FaceRecord Face(long id, long photo, double degrees) =>
        new(id, photo, 0, new FaceBox(0, 0, 1, 1), default, 0.9f, Unit(degrees));
}
