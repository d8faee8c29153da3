using System.Numerics.Tensors;
using FaceSort.Core.Clustering;

namespace FaceSort.Core.Recognition;

/// <summary>
/// The incremental twin of the default clusterer's merge rule, for two people: they are one when clustering the
/// library in one go would have merged them by <see cref="FaceSortOptions.Merges"/>, on the mean similarity over
/// (evenly spaced samples of) their cross pairs. Phase 2's distance is taken at its cap, MergeDistance + SizeBonus:
/// its spread rule needs every cluster of the collection, and the cohesion share is what decides on every set
/// measured (docs/clustering.md).
/// Why: recognition compares a new face with a person's few prototypes, so a person's new look arriving over several
/// batches (a decade later, a beard) grows into a second person that nothing compares with the first again.
/// </summary>
public static class AlikePeople
{
    /// <summary>The most similar candidate <paramref name="faces"/> are one person with (ties: first listed), or null.
    /// A candidate holding a face of one of their photos never is (two faces of one photo are two people).</summary>
    public static long? BestMatch(
        IReadOnlyList<PersonFace> faces, IEnumerable<(long Person, IReadOnlyList<PersonFace> Faces)> candidates, FaceSortOptions options)
    {
        if (faces.Count == 0) return null;
        var (sum, count) = SampleSum(faces, options.MaxSample);
        var cohesion = Cohesion.OfSum(sum, count);
        var photos = faces.Select(f => f.PhotoId).ToHashSet();
        long? best = null;
        var bestMean = float.NegativeInfinity;
        foreach (var (person, other) in candidates)
        {
            if (other.Count == 0 || other.Any(f => photos.Contains(f.PhotoId))) continue;
            var (otherSum, otherCount) = SampleSum(other, options.MaxSample);
            var mean = TensorPrimitives.Dot(sum, otherSum) / ((float)count * otherCount);
            var alike = options.Merges(1 - mean, faces.Count, other.Count, options.MergeDistance + options.SizeBonus,
                (cohesion, otherSum, otherCount), static s => (s.cohesion, Cohesion.OfSum(s.otherSum, s.otherCount)));
            if (alike && mean > bestMean) (best, bestMean) = (person, mean);
        }
        return best;
    }

    private static (float[] Sum, int Count) SampleSum(IReadOnlyList<PersonFace> faces, int maxSample)
    {
        var count = Math.Min(faces.Count, maxSample);
        var sum = new float[faces[0].Embedding.Length];
        for (var k = 0; k < count; k++) TensorPrimitives.Add(sum, faces[(int)((long)k * faces.Count / count)].Embedding, sum);
        return (sum, count);
    }
}
