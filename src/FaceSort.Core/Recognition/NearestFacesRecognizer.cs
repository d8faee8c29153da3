using System.Numerics.Tensors;
using FaceSort.Core.Library;

namespace FaceSort.Core.Recognition;

/// <summary>A known person's faces as the second look needs them: the photo (two faces of one photo are two people)
/// and the unit embedding.</summary>
public readonly record struct PersonFace(long PhotoId, float[] Embedding);

/// <summary>
/// The incremental twin of the default clusterer's last step (<c>NearestFacesRecognition</c>): a face no prototype
/// recognised, alone or in a new pair, joins the person whose <see cref="RecognitionOptions.NearestFaces"/> most similar
/// faces are on average at least <see cref="RecognitionOptions.NearestFacesSimilarity"/> alike — all faces of a pair
/// agreeing, never a person it was rejected from or that already has a face of its photo. A pure function.
/// </summary>
/// <param name="spread">Spread of chance similarities in the library (<see cref="StrangerBar"/>): the bar rises against
/// people bigger than lfw's. 0 keeps <see cref="RecognitionOptions.NearestFacesSimilarity"/> for every person.</param>
public sealed class NearestFacesRecognizer(RecognitionOptions? options = null, float spread = 0)
{
    public RecognitionOptions Options { get; } = options ?? new RecognitionOptions();

    /// <param name="units">Faces that join or stay out together (a face alone, or a new pair).</param>
    /// <param name="candidates">People to compare a face with (those its prototypes resemble most), by face id.</param>
    /// <param name="people">Faces of those people; people with fewer than
    /// <see cref="RecognitionOptions.NearestFacesPersonSize"/> faces are skipped. Grows with the faces that join.</param>
    /// <param name="isRejected">Whether (face id, person id) is a user "not this person".</param>
    /// <returns>The person each unit joins, or null.</returns>
    public long?[] Recognize(
        IReadOnlyList<IReadOnlyList<FaceRecord>> units, Func<long, IEnumerable<long>> candidates,
        Dictionary<long, List<PersonFace>> people, Func<long, long, bool> isRejected)
    {
        var result = new long?[units.Count];
        int minPeople = Math.Max(Options.NearestFacesPersonSize, Options.NearestFaces);
        if (Options.NearestFaces <= 0) return result;
        var top = new TopSimilarities(Options.NearestFaces);
        var proposals = new List<(float Confidence, int Unit, long Person)>();
        for (int u = 0; u < units.Count; u++)
        {
            long? agreed = null;
            float sum = 0;
            foreach (var face in units[u])
            {
                long best = -1;
                float bestScore = float.NegativeInfinity;
                foreach (long person in candidates(face.Id))
                {
                    if (!people.TryGetValue(person, out var faces) || faces.Count < minPeople || isRejected(face.Id, person)) continue;
                    top.Clear();
                    foreach (var known in faces) top.Add(TensorPrimitives.Dot(face.Embedding, known.Embedding));
                    float score = top.Mean;
                    if (score < StrangerBar.ForPerson(Options.NearestFacesSimilarity, Options, spread, faces.Count)) continue;
                    if (score > bestScore || (score == bestScore && person < best)) (bestScore, best) = (score, person);
                }
                if (best < 0 || (agreed is { } a && a != best)) { agreed = null; break; }
                agreed = best;
                sum += bestScore;
            }
            if (agreed is { } p) proposals.Add((sum / units[u].Count, u, p));
        }
        foreach (var (_, u, person) in proposals.OrderByDescending(p => p.Confidence).ThenBy(p => p.Unit))
        {
            var faces = people[person];
            if (units[u].Any(f => faces.Any(known => known.PhotoId == f.PhotoId))) continue;
            result[u] = person;
            faces.AddRange(units[u].Select(f => new PersonFace(f.PhotoId, f.Embedding)));
        }
        return result;
    }
}
