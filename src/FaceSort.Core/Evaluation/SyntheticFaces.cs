using System.Numerics.Tensors;
using FaceSort.Core.Clustering;

namespace FaceSort.Core.Evaluation;

/// <summary>A synthetic face collection: unit-length embeddings and the identity of each face.</summary>
/// <param name="Embeddings">One unit row per face.</param>
/// <param name="Identity">Identity index per face, 0 .. <see cref="Identities"/>−1.</param>
/// <param name="Identities">Number of identities drawn (some may have no face).</param>
public sealed record SyntheticFaceSet(EmbeddingMatrix Embeddings, int[] Identity, int Identities);

/// <summary>
/// Synthetic embeddings calibrated to MobileFaceNet's real similarities, for scale tests where no real collection is
/// large enough: identity centres uniform on the d-sphere, each face assigned to a uniformly drawn identity (10 faces
/// per identity on average), plus Gaussian noise of norm 1.1 so same-person cosine similarity averages ≈ 0.45 (glint12
/// 0.447, lfw 0.468 measured) and different-person ≈ 0.00 with sd ≈ 0.09 (0.10 measured). Deterministic per seed.
/// </summary>
public static class SyntheticFaces
{
    /// <summary>Faces per identity on average.</summary>
    public const int FacesPerIdentity = 10;

    /// <summary>Noise norm relative to the unit identity centre.</summary>
    public const float Noise = 1.1f;

    public static SyntheticFaceSet Generate(int n, int dimension = 128, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var rng = new Random(seed);
        int people = Math.Max(1, n / FacesPerIdentity);
        var centres = new float[people * dimension];
        for (int p = 0; p < people; p++) Unit(centres.AsSpan(p * dimension, dimension), rng, default, 0);
        var data = new float[(long)n * dimension];
        var identity = new int[n];
        for (int i = 0; i < n; i++)
        {
            int p = rng.Next(people);
            identity[i] = p;
            Unit(data.AsSpan(i * dimension, dimension), rng, centres.AsSpan(p * dimension, dimension), Noise);
        }
        return new SyntheticFaceSet(new EmbeddingMatrix(n, dimension, data), identity, people);
    }

    /// <summary>Share of a library-shaped set's faces that are one-off strangers.</summary>
    public const double LibraryStrangerShare = 0.2;

    /// <summary>Faces per person on average in a library-shaped set (strangers aside).</summary>
    public const int LibraryFacesPerPerson = 40;

    /// <summary>
    /// A collection shaped like a family library rather than a benchmark: <see cref="LibraryStrangerShare"/> of the
    /// faces are strangers seen once, and the rest belong to n·(1 − share)/<see cref="LibraryFacesPerPerson"/> people
    /// whose sizes follow Zipf's law (the r-th most photographed person has 1/r of the first's faces): at 100,000
    /// faces the first person has about 8,000 faces, the 100th about 80, most have a handful. Same per-face
    /// calibration as <see cref="Generate"/>. Why: the uniform set's identities all have about 10 faces, while a
    /// real library's cost and errors gather around its few big people and its many strangers.
    /// </summary>
    /// <param name="n">Faces to generate.</param>
    /// <param name="dimension">Embedding dimension.</param>
    /// <param name="seed">Random seed; the same seed gives the same faces.</param>
    /// <param name="varied">Each person seen in <see cref="LooksPerPerson"/> looks and each photo of its own quality
    /// (<see cref="LookSpread"/>, <see cref="FaceNoiseLogSpread"/>); false draws every face of a person at the same
    /// distance from one centre (the faces this method gave before the option existed).</param>
    public static SyntheticFaceSet GenerateLibrary(int n, int dimension = 128, int seed = 1, bool varied = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var rng = new Random(seed);
        int strangers = (int)(n * LibraryStrangerShare);
        int people = Math.Max(1, (n - strangers) / LibraryFacesPerPerson);
        var cumulative = new double[people];
        double total = 0;
        for (int r = 0; r < people; r++) cumulative[r] = total += 1.0 / (r + 1);
        var centres = new float[people * dimension];
        for (int p = 0; p < people; p++) Unit(centres.AsSpan(p * dimension, dimension), rng, default, 0);
        int looks = varied ? LooksPerPerson : 1;
        var lookCentres = varied ? new float[(long)people * looks * dimension] : centres;
        if (varied)
            for (int p = 0; p < people; p++)
                for (int l = 0; l < looks; l++)
                    Unit(lookCentres.AsSpan((p * looks + l) * dimension, dimension), rng, centres.AsSpan(p * dimension, dimension), LookSpread);
        var data = new float[(long)n * dimension];
        var identity = new int[n];
        var centre = new float[dimension];
        for (int i = 0; i < n; i++)
        {
            var row = data.AsSpan(i * dimension, dimension);
            if (i < n - strangers)
            {
                int p = Array.BinarySearch(cumulative, rng.NextDouble() * total);
                if (p < 0) p = Math.Min(~p, people - 1);
                identity[i] = p;
                int look = varied ? p * looks + rng.Next(looks) : p;
                float noise = varied ? VariedFaceNoise * MathF.Exp(FaceNoiseLogSpread * Gaussian(rng)) : Noise;
                Unit(row, rng, lookCentres.AsSpan(look * dimension, dimension), noise);
            }
            else
            {
                identity[i] = people + (i - (n - strangers));
                Unit(centre, rng, default, 0);
                Unit(row, rng, centre, Noise);
            }
        }
        Shuffle(data, identity, dimension, rng);
        return new SyntheticFaceSet(new EmbeddingMatrix(n, dimension, data), identity, people + strangers);
    }

    /// <summary>Looks per person in a varied library-shaped set (<see cref="SyntheticShape.Varied"/>).</summary>
    public const int LooksPerPerson = 4;

    /// <summary>How far a person's looks (ages, glasses, hair, one period's photos) lie from the person's centre, as
    /// noise of this norm around it.</summary>
    public const float LookSpread = 0.5f;

    /// <summary>Median noise norm of a face around its look in a varied set; each face's is this times
    /// exp(<see cref="FaceNoiseLogSpread"/>·g), g standard normal: a sharp frontal photo lies close to its look, a
    /// blurred profile far from it.</summary>
    public const float VariedFaceNoise = 0.85f;

    /// <summary>
    /// Log-normal spread of the per-face noise. Why these four numbers: with one noise for every face (<see cref="Noise"/>)
    /// the similarities of two faces of one person have the right mean (0.45) but a standard deviation of 0.06, where
    /// glint12's people (aging, sunglasses, profiles, label noise; ~115 faces each) measure 0.18; its 5 % quantile is
    /// 0.13, the synthetic one 0.35, so every face of a synthetic person was easy. Fitted by a grid on 12 people of
    /// 115 faces against glint12's quantiles of same-person pair similarity and of each face's mean similarity to its 3
    /// most similar faces of its person (docs/clustering-scale.md): pairs 5 / 50 / 90 % at 0.17 / 0.46 / 0.68
    /// (glint12 0.13 / 0.47 / 0.68), 3 most similar at 0.42 / 0.73 / 0.89 (0.45 / 0.72 / 0.83). glint12 is the set
    /// with such people; a clusterer tuned on these faces would be tuned on glint12 (FaceSort's defaults are not).
    /// </summary>
    public const float FaceNoiseLogSpread = 0.6f;

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static float Gaussian(Random rng) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));

    /// <summary>Strangers are drawn last; shuffling spreads them through the collection as photos arrive.</summary>
    private static void Shuffle(float[] data, int[] identity, int dimension, Random rng)
    {
        var swap = new float[dimension];
        for (int i = identity.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (identity[i], identity[j]) = (identity[j], identity[i]);
            var a = data.AsSpan(i * dimension, dimension);
            var b = data.AsSpan(j * dimension, dimension);
            a.CopyTo(swap);
            b.CopyTo(a);
            swap.CopyTo(b);
        }
    }

    /// <summary>A random unit vector: a Gaussian direction when <paramref name="centre"/> is empty, else the centre plus
    /// Gaussian noise of norm about <paramref name="noise"/>, normalised.</summary>
    internal static void Unit(Span<float> v, Random rng, ReadOnlySpan<float> centre, float noise)
    {
        int d = v.Length;
        float scale = noise / MathF.Sqrt(d);
        for (int k = 0; k < d; k++)
        {
            float g = Gaussian(rng);
            v[k] = centre.IsEmpty ? g : centre[k] + scale * g;
        }
        float s = TensorPrimitives.Norm(v);
        TensorPrimitives.Divide(v, s, v);
    }
}
