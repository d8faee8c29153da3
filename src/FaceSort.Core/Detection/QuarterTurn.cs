using FaceSort.Core.Imaging;

namespace FaceSort.Core.Detection;

/// <summary>
/// A photo turned clockwise by a whole number of quarter turns, and the way back for what a detector finds in it. A
/// scanned print or a photo whose EXIF orientation was lost shows its faces sideways or upside down, and a face
/// detector trained on upright faces misses most of them (docs/detection.md, "Turned photos").
/// </summary>
internal readonly record struct QuarterTurn(int Turns)
{
    /// <summary>The three turns tried after the upright photo, a quarter clockwise first: a camera held upright whose
    /// orientation tag was lost, the commonest case, shows its photo a quarter turn one way or the other.</summary>
    public static readonly QuarterTurn[] Retries = [new(1), new(3), new(2)];

    /// <summary>A copy of <paramref name="image"/> turned clockwise by <see cref="Turns"/> quarter turns.</summary>
    public RgbImage Apply(RgbImage image)
    {
        int w = image.Width, h = image.Height;
        var (tw, th) = Turns % 2 == 0 ? (w, h) : (h, w);
        var src = image.Pixels;
        var dst = new byte[tw * th * 3];
        // Walk the source row by row (sequential reads); each source pixel has one place in the turned image.
        for (var y = 0; y < h; y++)
        {
            var row = y * w * 3;
            for (var x = 0; x < w; x++)
            {
                var (tx, ty) = Turns switch
                {
                    1 => (h - 1 - y, x),
                    2 => (w - 1 - x, h - 1 - y),
                    3 => (y, w - 1 - x),
                    _ => (x, y),
                };
                var s = row + x * 3;
                var d = (ty * tw + tx) * 3;
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }
        return new RgbImage(tw, th, dst);
    }

    /// <summary>
    /// A face found in the turned copy of a <paramref name="width"/> × <paramref name="height"/> image, in that image's
    /// pixels. Each landmark keeps its meaning (the subject's right eye stays first), so the aligner's similarity
    /// transform turns the face upright.
    /// </summary>
    public DetectedFace Undo(DetectedFace face, int width, int height)
    {
        var b = face.Box;
        var box = Turns switch
        {
            1 => new FaceBox(b.Y, height - b.Right, b.Height, b.Width),
            2 => new FaceBox(width - b.Right, height - b.Bottom, b.Width, b.Height),
            3 => new FaceBox(width - b.Bottom, b.X, b.Height, b.Width),
            _ => b,
        };
        var l = face.Landmarks;
        var turns = Turns;
        var (x0, y0) = Point(l.X0, l.Y0);
        var (x1, y1) = Point(l.X1, l.Y1);
        var (x2, y2) = Point(l.X2, l.Y2);
        var (x3, y3) = Point(l.X3, l.Y3);
        var (x4, y4) = Point(l.X4, l.Y4);
        return new DetectedFace(box, new Landmarks5(x0, y0, x1, y1, x2, y2, x3, y3, x4, y4), face.Score);

        (float X, float Y) Point(float x, float y) => turns switch
        {
            1 => (y, height - x),
            2 => (width - x, height - y),
            3 => (width - y, x),
            _ => (x, y),
        };
    }
}
