using System.Numerics.Tensors;

namespace FaceSort.Core.Clustering;

/// <summary>How alike a group of unit embeddings is to itself, and phase 2's test of two groups against it.</summary>
public static class Cohesion
{
    /// <summary>Mean similarity of two different members, from the sum of <paramref name="count"/> unit vectors: the
    /// squared norm of the sum is the count plus every ordered pair's dot. 1 for fewer than two.</summary>
    public static float OfSum(ReadOnlySpan<float> sum, int count) =>
        count < 2 ? 1 : (float)((TensorPrimitives.Dot(sum, sum) - count) / ((double)count * (count - 1)));

    /// <summary>Whether two groups resemble each other at least <paramref name="share"/> of how much each resembles
    /// itself (<see cref="FaceSortOptions.CohesionShare"/>): cross ≥ share · √(cohesion A · cohesion B).</summary>
    public static bool AlikeAsThemselves(float crossSimilarity, float cohesionA, float cohesionB, float share) =>
        crossSimilarity >= share * MathF.Sqrt(Math.Max(0f, cohesionA * cohesionB));
}
