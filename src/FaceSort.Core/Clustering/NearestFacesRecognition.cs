using System.Numerics.Tensors;
using FaceSort.Core.Recognition;

namespace FaceSort.Core.Clustering;

/// <summary>
/// The last step of the default: what anchor recognition could not place. A face left alone, or in a pair, joins a
/// person of at least <see cref="RecognitionOptions.NearestFacesPersonSize"/> faces when its
/// <see cref="RecognitionOptions.NearestFaces"/> most similar faces of that person are, on average, at least as alike
/// as the bar (<see cref="RecognitionOptions.NearestFacesSimilarity"/>, raised for collections of many people and
/// against big people by <see cref="StrangerBar"/>); a pair joins only when both of its faces agree. Why nearest faces and not prototypes: a
/// person photographed over decades is a spread-out cloud, and an unusual photo (a child, sunglasses, a profile)
/// resembles a few of that person's photos much more than any median of them. Why a separate, lower bar than the merge threshold: the face
/// only ever joins an existing person, it never seeds or bridges one, so two strangers cannot be chained together.
/// Cost: the top similarities come from the kNN graph; only a person with fewer than that many faces among a
/// face's graph neighbours, yet close enough that it could still pass, is measured against all its members.
/// </summary>
internal static class NearestFacesRecognition
{
    /// <param name="groups">Group id per face (a face alone is a group of one); changed in place.</param>
    /// <param name="shots">Which faces are one shot: sizes are counted in shots, and a person's most similar faces are
    /// from distinct shots (three edits of one photo are one photo's resemblance, not three).</param>
    /// <returns>How many groups joined a person.</returns>
    public static int Apply(EmbeddingMatrix m, KnnGraph graph, int[] groups, ConflictIndex conflicts, Shots shots, RecognitionOptions options)
    {
        int nearest = options.NearestFaces;
        int minPersonSize = Math.Max(options.NearestFacesPersonSize, nearest);
        var members = GroupJoining.MembersOf(groups);
        // Sizes in shots, fixed for this pass: persons are decided against as they were.
        var size = members.ToDictionary(g => g.Key, g => shots.Count(g.Value));
        int people = size.Count(g => g.Value >= minPersonSize);
        if (people == 0) return 0;
        var personFaces = Enumerable.Range(0, groups.Length).Where(i => size[groups[i]] >= minPersonSize).ToList();
        float spread = ChanceSimilarity.Spread(m, personFaces, (a, b) => groups[a] != groups[b]);
        float minSimilarity = StrangerBar.For(options, people, spread);
        var smallGroups = members.Where(g => size[g.Key] < minPersonSize).ToList();

        // The bar against each person depends only on its size, which stays fixed during this pass.
        var barOf = new Dictionary<int, float>();
        var proposals = new List<(double Confidence, int Group, int Person)>();
        var near = new Dictionary<int, List<(float Similarity, int Shot)>>();
        var bestOfShot = new Dictionary<int, float>();
        var top = new TopSimilarities(nearest);
        foreach (var (group, faces) in smallGroups)
        {
            var votes = new Dictionary<int, (int Count, double Sum)>();
            foreach (int face in faces)
            {
                var (person, similarity) = BestPerson(face);
                if (person < 0) continue;
                var v = votes.GetValueOrDefault(person);
                votes[person] = (v.Count + 1, v.Sum + similarity);
            }
            if (votes.Count == 0) continue;
            var (winner, count, sum) = GroupJoining.Winner(votes);
            // Unanimous: the bar is lower than anchor recognition's, so one face of a pair is not enough.
            if (count == faces.Count) proposals.Add((sum / count, group, winner));
        }

        // Decided against the persons as they were: a face joining one does not make it reach further this pass.
        return GroupJoining.Apply(proposals, group => members[group], members, groups, conflicts);

        (int Person, float Similarity) BestPerson(int face)
        {
            near.Clear();
            var neighbours = graph.NeighboursOf(face);
            var similarities = graph.SimilaritiesOf(face);
            float farthest = float.PositiveInfinity;
            for (int j = 0; j < neighbours.Length; j++)
            {
                int b = neighbours[j];
                if (b < 0) continue;
                farthest = Math.Min(farthest, similarities[j]);
                int g = groups[b];
                if (g == groups[face] || size[g] < minPersonSize) continue;
                if (!near.TryGetValue(g, out var list)) near[g] = list = [];
                list.Add((similarities[j], shots.Of(b)));
            }
            int best = -1;
            float bestScore = float.NegativeInfinity;
            foreach (var (person, list) in near)
            {
                if (!barOf.TryGetValue(person, out float bar))
                    barOf[person] = bar = StrangerBar.ForPerson(minSimilarity, options, spread, size[person]);
                list.Sort((a, b) => b.Similarity.CompareTo(a.Similarity));
                if (shots.Any) DistinctShots(list);
                float score;
                if (list.Count >= nearest) score = Mean(list, nearest);
                else
                {
                    // The person's other faces are all less similar than the farthest graph neighbour: if even that
                    // bound cannot pass, skip the exact measurement.
                    float bound = (Sum(list, list.Count) + (nearest - list.Count) * farthest) / nearest;
                    if (bound < Math.Max(bar, bestScore)) continue;
                    score = ExactTopMean(face, members[person]);
                }
                if (score < bar) continue;
                if (score > bestScore || (score == bestScore && person < best)) (bestScore, best) = (score, person);
            }
            return (best, bestScore);
        }

        float ExactTopMean(int face, List<int> personFaces)
        {
            top.Clear();
            var row = m.Row(face);
            if (!shots.Any)
            {
                foreach (int f in personFaces) top.Add(TensorPrimitives.Dot(row, m.Row(f)));
                return top.Mean;
            }
            bestOfShot.Clear();
            foreach (int f in personFaces)
            {
                float s = TensorPrimitives.Dot(row, m.Row(f));
                int shot = shots.Of(f);
                if (!bestOfShot.TryGetValue(shot, out float b) || s > b) bestOfShot[shot] = s;
            }
            foreach (float s in bestOfShot.Values) top.Add(s);
            return top.Mean;
        }
    }

    /// <summary>Keeps each shot's first (most similar) entry of a list sorted most similar first.</summary>
    private static void DistinctShots(List<(float Similarity, int Shot)> descending)
    {
        int kept = 0;
        for (int i = 0; i < descending.Count; i++)
        {
            bool seen = false;
            for (int k = 0; k < kept && !seen; k++) seen = descending[k].Shot == descending[i].Shot;
            if (!seen) descending[kept++] = descending[i];
        }
        descending.RemoveRange(kept, descending.Count - kept);
    }

    private static float Mean(List<(float Similarity, int Shot)> descending, int count) => Sum(descending, count) / count;

    private static float Sum(List<(float Similarity, int Shot)> values, int count)
    {
        float s = 0;
        for (int i = 0; i < count; i++) s += values[i].Similarity;
        return s;
    }
}
