using System.Numerics.Tensors;
using FaceSort.Core.Clustering;

namespace FaceSort.Core.Recognition;

/// <summary>A new face's recognised person (or null) and its similarity to that person's nearest prototype.</summary>
public readonly record struct Recognition(long? PersonId, float Similarity);

/// <summary>
/// Recognises new faces as known people: each face goes to the person with the most similar prototype when that
/// similarity reaches <see cref="RecognitionOptions.MinSimilarity"/>, never to a person it was rejected from, and two
/// faces of one photo never go to the same person (most similar first). A pure function: cost is new faces × prototypes.
/// </summary>
public sealed class IncrementalRecognizer(RecognitionOptions? options = null)
{
    public RecognitionOptions Options { get; } = options ?? new RecognitionOptions();

    /// <param name="faces">The new faces' unit embeddings.</param>
    /// <param name="photoOfFace">Photo id per new face.</param>
    /// <param name="isRejected">Whether (new face index, person id) is a user "not this person".</param>
    public Recognition[] Recognize(PersonPrototypes prototypes, EmbeddingMatrix faces, IReadOnlyList<long> photoOfFace, Func<int, long, bool>? isRejected = null)
    {
        var result = new Recognition[faces.Count];
        if (prototypes.Count == 0) return result;
        var candidates = new List<(int Face, long Person, float Similarity)>();
        var similarities = new float[prototypes.Count];
        var bestOfPerson = new Dictionary<long, float>();
        for (var i = 0; i < faces.Count; i++)
        {
            var row = faces.Row(i);
            for (var p = 0; p < prototypes.Count; p++) similarities[p] = TensorPrimitives.Dot(row, prototypes.Vectors.Row(p));
            if (TensorPrimitives.Max(similarities) < Options.MinSimilarity) continue;
            // Best prototype per person, then every person above the threshold is a candidate (the second best matters
            // when the best is taken by another face of the same photo).
            bestOfPerson.Clear();
            for (var p = 0; p < prototypes.Count; p++)
            {
                if (similarities[p] < Options.MinSimilarity) continue;
                var person = prototypes.PersonOfRow[p];
                if (!bestOfPerson.TryGetValue(person, out var s) || similarities[p] > s) bestOfPerson[person] = similarities[p];
            }
            foreach (var (person, s) in bestOfPerson)
                if (isRejected is null || !isRejected(i, person)) candidates.Add((i, person, s));
        }
        var taken = new HashSet<(long Photo, long Person)>();
        foreach (var (face, person, s) in candidates.OrderByDescending(c => c.Similarity).ThenBy(c => c.Face).ThenBy(c => c.Person))
        {
            if (result[face].PersonId is not null || !taken.Add((photoOfFace[face], person))) continue;
            result[face] = new Recognition(person, s);
        }
        return result;
    }
}
