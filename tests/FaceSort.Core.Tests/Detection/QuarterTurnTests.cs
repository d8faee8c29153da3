using FaceSort.Core.Detection;
using FaceSort.Core.Imaging;

namespace FaceSort.Core.Tests.Detection;

public sealed class QuarterTurnTests
{
    /// <summary>A 5×3 image whose every pixel holds its own coordinates (R = x, G = y), so each one can be followed.</summary>
    private static RgbImage Coordinates(int width = 5, int height = 3)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                (pixels[(y * width + x) * 3], pixels[(y * width + x) * 3 + 1], pixels[(y * width + x) * 3 + 2]) = ((byte)x, (byte)y, 7);
        return new RgbImage(width, height, pixels);
    }

    [Theory]
    [InlineData(1, 2, 0)] // a quarter clockwise: the top-left pixel goes to the top-right corner
    [InlineData(2, 4, 2)] // half a turn: to the bottom-right corner
    [InlineData(3, 0, 4)] // three quarters: to the bottom-left corner
    public void A_turned_copy_moves_every_pixel_as_a_clockwise_turn_does(int turns, int topLeftX, int topLeftY)
    {
        var image = Coordinates();
        var turned = new QuarterTurn(turns).Apply(image);
        (turned.Width, turned.Height).ShouldBe(turns == 2 ? (5, 3) : (3, 5));
        var at = (topLeftY * turned.Width + topLeftX) * 3;
        (turned.Pixels[at], turned.Pixels[at + 1]).ShouldBe(((byte)0, (byte)0), "the original's top-left pixel");
        // The remaining quarter turns bring back the original, pixel for pixel.
        var back = turned;
        for (var t = turns; t < 4; t++) back = new QuarterTurn(1).Apply(back);
        back.Pixels.ShouldBe(image.Pixels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_face_found_in_a_turned_copy_maps_back_onto_the_same_pixels(int turns)
    {
        // A face box and landmarks given in the original's pixels, moved into the turned copy by following pixels
        // (the centre of pixel (x, y) is at x + 0.5, y + 0.5), must come back where they were.
        const int width = 40, height = 30;
        var image = Coordinates(width, height);
        var turned = new QuarterTurn(turns).Apply(image);
        (float X, float Y) Forward(float x, float y)
        {
            int px = (int)x, py = (int)y;
            for (var i = 0; i < turned.Pixels.Length; i += 3)
                if (turned.Pixels[i] == px && turned.Pixels[i + 1] == py)
                {
                    var p = i / 3;
                    return (p % turned.Width + (x - px), p / turned.Width + (y - py));
                }
            throw new InvalidOperationException("pixel not found");
        }

        // Whole pixels of the original, as a box's corners: their centres follow the turn, so map the centres.
        var corners = new[] { (10.5f, 5.5f), (20.5f, 17.5f) };
        var mapped = corners.Select(c => Forward(c.Item1, c.Item2)).ToArray();
        float left = Math.Min(mapped[0].X, mapped[1].X) - 0.5f, top = Math.Min(mapped[0].Y, mapped[1].Y) - 0.5f;
        float right = Math.Max(mapped[0].X, mapped[1].X) + 0.5f, bottom = Math.Max(mapped[0].Y, mapped[1].Y) + 0.5f;
        var points = new[] { (12.5f, 8.5f), (18.5f, 8.5f), (15.5f, 11.5f), (13.5f, 14.5f), (17.5f, 14.5f) }.Select(p => Forward(p.Item1, p.Item2)).ToArray();
        var found = new DetectedFace(new FaceBox(left, top, right - left, bottom - top),
            new Landmarks5(points[0].X, points[0].Y, points[1].X, points[1].Y, points[2].X, points[2].Y, points[3].X, points[3].Y, points[4].X, points[4].Y), 0.9f);

        var back = new QuarterTurn(turns).Undo(found, width, height);

        back.Box.X.ShouldBe(10f, 1e-4f);
        back.Box.Y.ShouldBe(5f, 1e-4f);
        back.Box.Right.ShouldBe(21f, 1e-4f);
        back.Box.Bottom.ShouldBe(18f, 1e-4f);
        back.Landmarks.X0.ShouldBe(12.5f, 1e-4f);
        back.Landmarks.Y0.ShouldBe(8.5f, 1e-4f);
        back.Landmarks.X2.ShouldBe(15.5f, 1e-4f);
        back.Landmarks.Y2.ShouldBe(11.5f, 1e-4f);
        back.Landmarks.X4.ShouldBe(17.5f, 1e-4f);
        back.Landmarks.Y4.ShouldBe(14.5f, 1e-4f);
        back.Score.ShouldBe(0.9f);
    }
}
