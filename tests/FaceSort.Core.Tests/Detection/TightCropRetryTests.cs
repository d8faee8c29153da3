using FaceSort.Core.Imaging;

namespace FaceSort.Core.Tests.Detection;

public sealed class TightCropRetryTests(YuNetFixture yunet) : IClassFixture<YuNetFixture>
{
    /// <summary>A glint12 crop enlarged to fill the whole 640×640 input: the face touches every edge of the frame.</summary>
    private static RgbImage FullFrameCrop(string file)
    {
        using var loaded = NetVips.Image.NewFromFile(Path.Combine(TestPaths.Fixtures, "glint12", file));
        using var big = loaded.Resize(640 / 112.0, kernel: NetVips.Enums.Kernel.Linear);
        return new RgbImage(big.Width, big.Height, big.WriteToMemory<byte>());
    }

    // These two are among the 67 of 1,386 full-frame glint12 crops YuNet misses without a border (docs/detection.md).
    [Theory]
    [InlineData("Hugh_Jackman_2800.png")]
    [InlineData("Mark_Ruffalo_6417.png")]
    public void A_full_frame_face_is_found_thanks_to_the_padding_retry(string file)
    {
        var image = FullFrameCrop(file);
        yunet.NoRetryDetector.Detect(image).ShouldBeEmpty();
        var face = yunet.Detector.Detect(image).ShouldHaveSingleItem();
        // Mapped back into the crop's pixels: the face is in the middle, the eyes in the upper half.
        face.Box.CenterX.ShouldBeInRange(200f, 440f);
        face.Box.CenterY.ShouldBeInRange(200f, 440f);
        face.Landmarks.Y0.ShouldBeLessThan(image.Height / 2f);
        face.Landmarks.X0.ShouldBeLessThan(face.Landmarks.X1);
    }
}
