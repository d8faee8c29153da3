using FaceSort.Core.Embedding;

namespace FaceSort.Core.Tests.Embedding;

public sealed class FaceContrastTests
{
    private const int Size = 112;

    [Fact]
    public void Each_channel_is_stretched_to_the_full_range_over_the_face_square()
    {
        // Red 60–180, green 100–140, blue flat 90 inside the face square; pure white outside it, which must not count.
        var face = new byte[Size * Size * 3];
        var random = new Random(5);
        for (var y = 0; y < Size; y++)
        for (var x = 0; x < Size; x++)
        {
            var p = (y * Size + x) * 3;
            var inside = y is >= 24 and < 104 && x is >= 16 and < 96;
            face[p] = inside ? (byte)random.Next(60, 181) : (byte)255;
            face[p + 1] = inside ? (byte)random.Next(100, 141) : (byte)255;
            face[p + 2] = inside ? (byte)90 : (byte)255;
        }
        var lookup = new float[3 * 256];

        FaceContrast.Lookup(face, Size, percent: 1, mean: 127.5f, invStd: 1 / 127.5f, lookup);

        // 1 % of the pixels set aside at each end: the range's ends land within a few levels of ±1.
        lookup[61].ShouldBe(-1f, 0.06f);
        lookup[179].ShouldBe(1f, 0.06f);
        lookup[30].ShouldBe(-1f);       // below the range: clamped
        lookup[255].ShouldBe(1f);
        lookup[256 + 100].ShouldBe(-1f, 0.1f);
        lookup[256 + 140].ShouldBe(1f, 0.1f);
        // A flat channel has no range to stretch: it is only normalised.
        lookup[512 + 90].ShouldBe((90 - 127.5f) / 127.5f, 1e-6f);
    }

    [Fact]
    public void With_percent_zero_every_value_is_only_normalised()
    {
        var face = new byte[Size * Size * 3];
        new Random(7).NextBytes(face);
        var lookup = new float[3 * 256];

        FaceContrast.Lookup(face, Size, percent: 0, mean: 127.5f, invStd: 1 / 128f, lookup);

        for (var c = 0; c < 3; c++)
        for (var v = 0; v < 256; v++)
            lookup[c * 256 + v].ShouldBe((v - 127.5f) * (1 / 128f));
    }
}
