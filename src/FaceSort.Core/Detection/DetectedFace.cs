namespace FaceSort.Core.Detection;

/// <summary>An axis-aligned box in pixels: top-left corner and size.</summary>
public readonly record struct FaceBox(float X, float Y, float Width, float Height)
{
    public float Right => X + Width;
    public float Bottom => Y + Height;
    public float CenterX => X + Width / 2;
    public float CenterY => Y + Height / 2;
    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    public float IntersectionOverUnion(FaceBox other)
    {
        var w = Math.Min(Right, other.Right) - Math.Max(X, other.X);
        var h = Math.Min(Bottom, other.Bottom) - Math.Max(Y, other.Y);
        if (w <= 0 || h <= 0) return 0;
        var inter = w * h;
        return inter / (Area + other.Area - inter);
    }

    public FaceBox Scale(float factor) => new(X * factor, Y * factor, Width * factor, Height * factor);
}

/// <summary>
/// Five facial landmarks in pixels, in the ArcFace template's order: the eye on the image's left (the subject's right
/// eye), the eye on the image's right, nose tip, mouth corner on the image's left, mouth corner on the image's right.
/// </summary>
public readonly record struct Landmarks5(
    float X0, float Y0, float X1, float Y1, float X2, float Y2, float X3, float Y3, float X4, float Y4)
{
    public const int Count = 5;

    public (float X, float Y) this[int i] => i switch
    {
        0 => (X0, Y0),
        1 => (X1, Y1),
        2 => (X2, Y2),
        3 => (X3, Y3),
        4 => (X4, Y4),
        _ => throw new ArgumentOutOfRangeException(nameof(i)),
    };

    public Landmarks5 Scale(float factor) => new(
        X0 * factor, Y0 * factor, X1 * factor, Y1 * factor, X2 * factor, Y2 * factor,
        X3 * factor, Y3 * factor, X4 * factor, Y4 * factor);


    /// <summary>Distance between the two eyes, a size measure that does not depend on the box style of a detector.</summary>
    public float EyeDistance => MathF.Sqrt((X1 - X0) * (X1 - X0) + (Y1 - Y0) * (Y1 - Y0));
}

/// <summary>One face found by a detector, in the pixel coordinates of the image it was given.</summary>
public sealed record DetectedFace(FaceBox Box, Landmarks5 Landmarks, float Score)
{
    public DetectedFace ScaleBy(float factor) => new(Box.Scale(factor), Landmarks.Scale(factor), Score);
}
