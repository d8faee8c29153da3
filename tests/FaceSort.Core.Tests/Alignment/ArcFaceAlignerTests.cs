using FaceSort.Core.Alignment;
using FaceSort.Core.Imaging;
using FaceSort.Core.Tests.Detection;

namespace FaceSort.Core.Tests.Alignment;

public sealed class ArcFaceAlignerTests(YuNetFixture yunet) : IClassFixture<YuNetFixture>
{
    /// <summary>A pattern whose value at (x, y) is known everywhere: R = x, G = y, B = (x + 2y) mod 256.</summary>
    private static RgbImage Ramp(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var p = (y * width + x) * 3;
                pixels[p] = (byte)x;
                pixels[p + 1] = (byte)y;
                pixels[p + 2] = (byte)((x + 2 * y) % 256);
            }
        return new RgbImage(width, height, pixels);
    }

    [Fact]
    public void A_shift_by_whole_pixels_copies_pixels_and_outside_is_black()
    {
        var source = Ramp(200, 200);
        var output = new byte[112 * 112 * 3];
        // Output (u, v) takes source (u + 50, v + 30): toOutput is the shift by (-50, -30).
        ArcFaceAligner.Warp(source, new SimilarityTransform(1, 0, -50, -30), 112, output);
        output[0].ShouldBe((byte)50);
        output[1].ShouldBe((byte)30);
        var p = (10 * 112 + 20) * 3;
        output[p].ShouldBe((byte)70);
        output[p + 1].ShouldBe((byte)40);
        output[p + 2].ShouldBe((byte)150);
        // Source column 200 is outside: output column 150 would be; with 112 columns check a shift to the far edge.
        ArcFaceAligner.Warp(source, new SimilarityTransform(1, 0, -150, 0), 112, output);
        output[(0 * 112 + 60) * 3].ShouldBe((byte)0, "x = 210 is outside the 200-wide source");
        output[(0 * 112 + 49) * 3].ShouldBe((byte)199);
    }

    [Fact]
    public void Half_pixel_positions_interpolate_linearly()
    {
        var source = Ramp(200, 200);
        var output = new byte[112 * 112 * 3];
        ArcFaceAligner.Warp(source, new SimilarityTransform(1, 0, -10.5, -20.25), 112, output);
        var p = (5 * 112 + 7) * 3;
        output[p].ShouldBe((byte)18);     // x = 17.5 → 17.5 rounds to 18
        output[p + 1].ShouldBe((byte)25); // y = 25.25 → 25
    }

    [Fact]
    public void A_quarter_turn_maps_rows_to_columns()
    {
        var source = Ramp(112, 112);
        var output = new byte[112 * 112 * 3];
        // toOutput: (x, y) → (111 − y, x), a 90° rotation; so output (u, v) takes source (v, 111 − u).
        ArcFaceAligner.Warp(source, new SimilarityTransform(0, 1, 111, 0), 112, output);
        var p = (30 * 112 + 100) * 3;
        output[p].ShouldBe((byte)30);
        output[p + 1].ShouldBe((byte)11);
    }

    [Fact]
    public void A_much_larger_face_is_averaged_not_aliased()
    {
        // One-pixel black/white stripes shrunk 4×: bilinear point samples would land on whole stripes; the box
        // prefilter must give grey everywhere.
        var pixels = new byte[448 * 448 * 3];
        for (var y = 0; y < 448; y++)
            for (var x = 0; x < 448; x++)
                if (x % 2 == 0) pixels.AsSpan((y * 448 + x) * 3, 3).Fill(255);
        var output = new byte[112 * 112 * 3];
        ArcFaceAligner.Warp(new RgbImage(448, 448, pixels), new SimilarityTransform(0.25, 0, 0, 0), 112, output);
        for (var i = 3 * 112 * 2; i < output.Length - 3 * 112 * 2; i += 3)
            if (i / 3 % 112 is > 1 and < 110) ((int)output[i]).ShouldBeInRange(110, 145);
    }

    [Fact]
    public void A_detected_face_is_aligned_with_its_eyes_on_the_template()
    {
        var image = yunet.Fixture("faceapi-bbt/amy/amy1.png");
        var face = yunet.Detector.Detect(image).ShouldHaveSingleItem();
        var aligner = new ArcFaceAligner();
        var output = new byte[112 * 112 * 3];
        aligner.Align(image, face.Landmarks, output);
        // The landmarks land within a few pixels of the template (least squares over five points; amy1 turns her head,
        // so the nose sits 5 px off the template).
        var t = SimilarityTransform.ToArcFaceTemplate(face.Landmarks);
        for (var i = 0; i < 5; i++)
        {
            var (x, y) = t.Apply(face.Landmarks[i].X, face.Landmarks[i].Y);
            x.ShouldBe(SimilarityTransform.ArcFaceTemplate112[2 * i], 6);
            y.ShouldBe(SimilarityTransform.ArcFaceTemplate112[2 * i + 1], 6);
        }
        // The face fills the middle of the crop: its centre is not black.
        var centre = (56 * 112 + 56) * 3;
        (output[centre] + output[centre + 1] + output[centre + 2]).ShouldBeGreaterThan(60);
    }
}
