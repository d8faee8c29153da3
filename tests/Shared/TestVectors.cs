namespace FaceSort.Tests.Shared;

/// <summary>
/// Hand-made embeddings for libraries built without the models: a person is a direction (an axis), their photos random
/// unit vectors around it. Shared by the test projects as a linked source file (they reference no test project).
/// </summary>
internal static class TestVectors
{
    /// <summary>A unit vector along axis <paramref name="i"/> of a <paramref name="dimension"/>-d space.</summary>
    public static float[] Axis(int i, int dimension = 16)
    {
        var v = new float[dimension];
        v[i] = 1;
        return v;
    }

    /// <summary><paramref name="centre"/> moved by uniform noise of width <paramref name="spread"/> per component,
    /// renormalised: 0.35 gives another photo of the person, 0.05 a copy of one photo.</summary>
    public static float[] Near(float[] centre, int seed, float spread = 0.35f)
    {
        var random = new Random(seed);
        var v = centre.Select(c => c + (float)(random.NextDouble() - 0.5) * spread).ToArray();
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return [.. v.Select(x => x / norm)];
    }
}
