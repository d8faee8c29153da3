using System.Buffers;
using System.Numerics.Tensors;
using FaceSort.Core.Clustering;
using FaceSort.Core.Recognition;

namespace FaceSort.Core.Corrections;

/// <summary>
/// A person's typical face, and how much each of their faces looks like it: the order in which a person is best checked,
/// least alike first. A sibling merged into a person, a stranger, a face put there by mistake resemble the person's
/// typical face less than the person's own faces do, so they come first (docs/corrections.md, "Least alike first").
/// </summary>
public static class TypicalFace
{
    // The per-dimension median of every face, then twice the median of the 70 % of faces nearest the last estimate: a
    // median ignores a few odd faces, and the trimming keeps a merged-in minority (a sibling who is a third of the
    // person) from pulling the typical face towards itself. Chosen on glint12 (FaceSort's own scan), each person with
    // 20 % as many faces of another person put in: those faces filled 0.934 of the first places this way, 0.910 with
    // the plain median and 0.889 with the mean; at 50 %, 0.959, 0.881 and 0.812 (docs/corrections.md).
    private const int Refinements = 2;
    private const double KeptShare = 0.7;
    // Below 3 kept faces (a person of 4 or fewer) the median would be one face's own direction: the plain median stays.
    private const int MinimumKept = 3;
    private const int MaxSample = 2_000;

    /// <summary>The typical face of <paramref name="faces"/> (unit rows), as a unit vector; zeros for no faces.</summary>
    public static float[] Of(EmbeddingMatrix faces)
    {
        ArgumentNullException.ThrowIfNull(faces);
        if (faces.Count == 0) return new float[faces.Dimension];
        // A bigger person's typical face is taken from faces spread evenly over it: the median of 2,000 of them is the
        // median of all of them to within a little, and a person of 20,000 faces is ordered in a tenth of the time.
        var step = Math.Max(1, (faces.Count + MaxSample - 1) / MaxSample);
        var sample = Enumerable.Range(0, (faces.Count + step - 1) / step).Select(i => i * step).ToArray();
        var columns = ArrayPool<float>.Shared.Rent(sample.Length * faces.Dimension);
        var typical = PersonPrototypes.MedianOf(faces, sample, columns);
        var likeness = new float[sample.Length];
        var kept = new int[Math.Max(1, (int)(sample.Length * KeptShare))];
        for (var round = 0; round < Refinements && kept.Length >= MinimumKept; round++)
        {
            for (var i = 0; i < sample.Length; i++) likeness[i] = TensorPrimitives.Dot(faces.Row(sample[i]), typical);
            var order = sample.ToArray();
            Array.Sort(likeness, order);
            // The most alike faces are at the end of the ascending order.
            order.AsSpan(sample.Length - kept.Length).CopyTo(kept);
            typical = PersonPrototypes.MedianOf(faces, kept, columns);
        }
        ArrayPool<float>.Shared.Return(columns);
        return typical;
    }

    /// <summary>Each face's cosine similarity to the typical face of all of them.</summary>
    public static float[] Likeness(EmbeddingMatrix faces)
    {
        var likeness = new float[faces.Count];
        Similarities(faces, Of(faces), likeness);
        return likeness;
    }

    /// <summary>Face indices, least alike first (ties in the given order), with each face's likeness.</summary>
    public static (int[] Order, float[] Likeness) LeastAlikeFirst(EmbeddingMatrix faces)
    {
        var likeness = Likeness(faces);
        var order = Enumerable.Range(0, faces.Count).ToArray();
        // A stable order: ties keep the faces' given (photo) order.
        Array.Sort(order, (a, b) => likeness[a] != likeness[b] ? likeness[a].CompareTo(likeness[b]) : a.CompareTo(b));
        return (order, likeness);
    }

    private static void Similarities(EmbeddingMatrix faces, ReadOnlySpan<float> typical, Span<float> likeness)
    {
        for (var i = 0; i < faces.Count; i++) likeness[i] = TensorPrimitives.Dot(faces.Row(i), typical);
    }
}
