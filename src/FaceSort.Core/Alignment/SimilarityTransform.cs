using FaceSort.Core.Detection;

namespace FaceSort.Core.Alignment;

/// <summary>
/// A 2-D similarity (rotation, uniform scale, translation), x' = A·x − B·y + Tx, y' = B·x + A·y + Ty, where
/// A = scale·cos θ and B = scale·sin θ.
/// </summary>
public readonly record struct SimilarityTransform(double A, double B, double Tx, double Ty)
{
    /// <summary>The ArcFace 112×112 template, in <see cref="Landmarks5"/>'s order (image-left eye first).</summary>
    public static ReadOnlySpan<double> ArcFaceTemplate112 =>
    [
        38.2946, 51.6963, 73.5318, 51.5014, 56.0252, 71.7366, 41.5493, 92.3655, 70.7299, 92.2041,
    ];

    public double Scale => Math.Sqrt(A * A + B * B);

    public double RotationRadians => Math.Atan2(B, A);

    public (double X, double Y) Apply(double x, double y) => (A * x - B * y + Tx, B * x + A * y + Ty);

    public SimilarityTransform Inverse()
    {
        var d = A * A + B * B;
        if (d == 0) throw new InvalidOperationException("a zero-scale transform has no inverse");
        double ia = A / d, ib = -B / d;
        return new SimilarityTransform(ia, ib, -(ia * Tx - ib * Ty), -(ib * Tx + ia * Ty));
    }

    /// <summary>
    /// The least-squares similarity taking <paramref name="source"/> points onto <paramref name="destination"/> points
    /// (interleaved x, y), without reflection. In 2-D Umeyama's estimate (as skimage's SimilarityTransform and
    /// InsightFace's norm_crop use) has this closed form: with centred points p and q,
    /// A = Σ(p·q) / Σ|p|², B = Σ(p × q) / Σ|p|².
    /// </summary>
    public static SimilarityTransform Estimate(ReadOnlySpan<double> source, ReadOnlySpan<double> destination)
    {
        if (source.Length != destination.Length || source.Length < 4 || source.Length % 2 != 0)
            throw new ArgumentException("need the same number (≥ 2) of source and destination points");
        var n = source.Length / 2;
        double msx = 0, msy = 0, mdx = 0, mdy = 0;
        for (var i = 0; i < n; i++)
        {
            msx += source[2 * i];
            msy += source[2 * i + 1];
            mdx += destination[2 * i];
            mdy += destination[2 * i + 1];
        }
        msx /= n;
        msy /= n;
        mdx /= n;
        mdy /= n;
        double dot = 0, cross = 0, norm = 0;
        for (var i = 0; i < n; i++)
        {
            double px = source[2 * i] - msx, py = source[2 * i + 1] - msy;
            double qx = destination[2 * i] - mdx, qy = destination[2 * i + 1] - mdy;
            dot += px * qx + py * qy;
            cross += px * qy - py * qx;
            norm += px * px + py * py;
        }
        if (norm == 0) throw new ArgumentException("source points all coincide", nameof(source));
        double a = dot / norm, b = cross / norm;
        return new SimilarityTransform(a, b, mdx - (a * msx - b * msy), mdy - (b * msx + a * msy));
    }

    /// <summary>The transform from a face's landmarks (source image pixels) onto the ArcFace template scaled to <paramref name="outputSize"/>.</summary>
    public static SimilarityTransform ToArcFaceTemplate(Landmarks5 landmarks, int outputSize = 112)
    {
        Span<double> source = stackalloc double[10];
        Span<double> target = stackalloc double[10];
        var k = outputSize / 112.0;
        for (var i = 0; i < Landmarks5.Count; i++)
        {
            var (x, y) = landmarks[i];
            source[2 * i] = x;
            source[2 * i + 1] = y;
            target[2 * i] = ArcFaceTemplate112[2 * i] * k;
            target[2 * i + 1] = ArcFaceTemplate112[2 * i + 1] * k;
        }
        return Estimate(source, target);
    }
}
