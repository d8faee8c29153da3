using FaceSort.Core.Detection;

namespace FaceSort.Core.Tests.Detection;

/// <summary>SCRFD is user-supplied (non-commercial licence, never bundled): tests run only where ../shared/models has it.</summary>
public sealed class ScrfdDetectorTests(YuNetFixture yunet) : IClassFixture<YuNetFixture>
{
    private static readonly string ModelPath = Path.Combine(TestPaths.SharedModels, "scrfd_2.5g_bnkps.onnx");

    private static ScrfdDetector Open()
    {
        Assert.SkipUnless(File.Exists(ModelPath), $"SCRFD model not present at {ModelPath} (optional, user-supplied)");
        return new ScrfdDetector(ModelPath);
    }

    [Theory]
    [InlineData("bbt3.jpg")]
    [InlineData("bbt5.jpg")]
    public void Scrfd_finds_the_same_faces_as_yunet_on_a_group_photo(string file)
    {
        using var scrfd = Open();
        var image = yunet.Fixture($"faceapi-bbt/group/{file}");
        var expected = yunet.Detector.Detect(image);
        var found = scrfd.Detect(image);
        found.Count.ShouldBe(expected.Count);
        foreach (var face in expected)
        {
            var match = found.MaxBy(f => f.Box.IntersectionOverUnion(face.Box))!;
            match.Box.IntersectionOverUnion(face.Box).ShouldBeGreaterThanOrEqualTo(0.5f);
            // Same landmark order: each point nearer to YuNet's than half the eye distance (a swapped pair is a whole one apart).
            for (var i = 0; i < 5; i++)
            {
                var dx = match.Landmarks[i].X - face.Landmarks[i].X;
                var dy = match.Landmarks[i].Y - face.Landmarks[i].Y;
                MathF.Sqrt(dx * dx + dy * dy).ShouldBeLessThan(face.Landmarks.EyeDistance / 2);
            }
        }
    }

    [Fact]
    public void The_dynamic_input_size_takes_the_options_size()
    {
        Assert.SkipUnless(File.Exists(ModelPath), $"SCRFD model not present at {ModelPath} (optional, user-supplied)");
        // This model declares its input [1, 3, ?, ?]; outputs are sized from the chosen input.
        using var small = new ScrfdDetector(ModelPath, new DetectionOptions { InputSize = 320 });
        small.InputSize.ShouldBe((320, 320));
        small.Detect(yunet.Fixture("faceapi-bbt/group/bbt3.jpg")).Count.ShouldBe(5);
    }

    [Fact]
    public void A_blank_image_has_no_faces()
    {
        using var scrfd = Open();
        scrfd.Detect(new FaceSort.Core.Imaging.RgbImage(320, 240, new byte[320 * 240 * 3])).ShouldBeEmpty();
    }
}
