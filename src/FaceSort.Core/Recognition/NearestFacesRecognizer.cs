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
/// <param name="shotSimilarity">A person's faces at least this alike are one shot (edited copies of one photo, a
/// burst: <see cref="Clustering.FaceSortOptions.ShotSimilarity"/>), and the most similar faces come from distinct
/// shots, as in one go: a face that resembles one photo saved three times resembles one photo. Above 1 counts faces.</param>
public sealed class NearestFacesRecognizer(RecognitionOptions? options = null, float spread = 0, float shotSimilarity = 2)
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
        // People found big enough: a person only gains faces here, so the answer stands for the rest of the call.
        var bigEnough = new HashSet<long>();
        var similarities = Array.Empty<float>();
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
                    if (!people.TryGetValue(person, out var faces) || !BigEnough(person, faces) || isRejected(face.Id, person)) continue;
                    float score = TopMean(face.Embedding, faces);
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

        // Big enough in shots, as one go counts a person: three photos each saved twice are three photos.
        bool BigEnough(long person, List<PersonFace> faces)
        {
            if (bigEnough.Contains(person)) return true;
            bool big = faces.Count >= minPeople
                && (shotSimilarity > 1 || Clustering.Shots.AtLeast(faces.Select(f => f.Embedding), minPeople, shotSimilarity));
            if (big) bigEnough.Add(person);
            return big;
        }

        // The mean of the most similar faces, one per shot: most similar first, a face skipped when it is a shot of one
        // already taken. The most similar are picked one at a time (a SIMD pass each) rather than by sorting every face
        // of the person: only the top few and their copies are ever looked at, and a person may have thousands.
        float TopMean(float[] embedding, List<PersonFace> faces)
        {
            top.Clear();
            if (shotSimilarity > 1)
            {
                foreach (var known in faces) top.Add(TensorPrimitives.Dot(embedding, known.Embedding));
                return top.Mean;
            }
            if (similarities.Length < faces.Count) similarities = new float[Math.Max(faces.Count, 2 * similarities.Length)];
            var left = similarities.AsSpan(0, faces.Count);
            for (int i = 0; i < faces.Count; i++) left[i] = TensorPrimitives.Dot(embedding, faces[i].Embedding);
            var taken = new List<float[]>(Options.NearestFaces);
            while (taken.Count < Options.NearestFaces)
            {
                int index = TensorPrimitives.IndexOfMax<float>(left);
                if (index < 0 || float.IsNegativeInfinity(left[index])) break;
                float similarity = left[index];
                left[index] = float.NegativeInfinity;
                var candidate = faces[index].Embedding;
                if (taken.Any(t => TensorPrimitives.Dot(t, candidate) >= shotSimilarity)) continue;
                taken.Add(candidate);
                top.Add(similarity);
            }
            return top.Mean;
        }
    }
}
