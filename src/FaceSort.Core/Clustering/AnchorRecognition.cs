using System.Numerics.Tensors;
using FaceSort.Core.Recognition;

namespace FaceSort.Core.Clustering;

/// <summary>
/// The batch twin of incremental recognition: once clustering has found the big groups (anchors), every smaller group
/// and every left-over face is recognised against the anchors' prototypes as a newly scanned face would be
/// (<see cref="IncrementalRecognizer"/>: several prototypes per person, similarity ≥ the recognition threshold). A
/// group joins the anchor most of its faces recognise, unless a cannot-link forbids it. This catches the pieces that
/// average linkage leaves apart — a person photographed over decades splits into an old and a young group plus small
/// groups in between — and makes one-go clustering agree with a library grown batch by batch.
/// Cost: a face is compared only with the anchors its kNN neighbours belong to, so it stays linear in the faces.
/// </summary>
internal static class AnchorRecognition
{
    /// <param name="groups">Group id per face (a face alone is a group of one); changed in place.</param>
    /// <param name="cache">Prototypes of earlier rounds by anchor, with the anchor's size they were built for: an
    /// anchor that did not grow keeps them.</param>
    /// <param name="shots">Which faces are one shot: a group's size is counted in shots (six edits of one photo are
    /// not an anchor).</param>
    /// <returns>How many groups joined an anchor.</returns>
    /// <param name="votes">Whether a face may vote (null: every face). A face too poor to seed a cluster is too poor to be
    /// recognised by prototype similarity: blurred faces pass the threshold against whichever person their blur
    /// resembles.</param>
    public static int Apply(
        EmbeddingMatrix m, KnnGraph graph, int[] groups, ConflictIndex conflicts, Shots shots, int anchorSize, RecognitionOptions recognition,
        Dictionary<int, (int Size, List<float[]> Prototypes)> cache, bool[]? votes = null)
    {
        var members = GroupJoining.MembersOf(groups);
        var anchors = members.Where(g => g.Value.Count >= anchorSize && shots.Count(g.Value) >= anchorSize).Select(g => g.Key).ToHashSet();
        var prototypes = new Dictionary<int, List<float[]>>();
        var stale = members.Where(g => anchors.Contains(g.Key) && (!cache.TryGetValue(g.Key, out var built) || built.Size != g.Value.Count))
            .Select(g => g.Key).ToArray();
        // Anchors are independent, so they are built on all cores: a person of thousands of faces takes seconds, and
        // each round rebuilds every anchor that grew (300,000 library-shaped faces: 2.5 s, then 2.0 s, one core).
        var rebuilt = new List<float[]>[stale.Length];
        Parallel.For(0, stale.Length, k => rebuilt[k] = PersonPrototypes.OfOnePerson(m, members[stale[k]], recognition));
        for (int k = 0; k < stale.Length; k++) cache[stale[k]] = (members[stale[k]].Count, rebuilt[k]);
        foreach (int group in anchors) prototypes[group] = cache[group].Prototypes;
        if (prototypes.Count == 0) return 0;

        // Each face of a smaller group votes for the anchor of its most similar prototype, if above the threshold.
        var proposals = new List<(double Confidence, int Group, int Anchor)>();
        var candidates = new HashSet<int>();
        foreach (var (group, faces) in members)
        {
            if (anchors.Contains(group)) continue;
            var tally = new Dictionary<int, (int Count, double Sum)>();
            foreach (int face in faces)
            {
                if (votes is not null && !votes[face]) continue;
                candidates.Clear();
                foreach (int b in graph.NeighboursOf(face))
                    if (b >= 0 && prototypes.ContainsKey(groups[b])) candidates.Add(groups[b]);
                int best = -1;
                float bestSimilarity = recognition.MinSimilarity;
                foreach (int anchor in candidates)
                    foreach (var prototype in prototypes[anchor])
                    {
                        float s = TensorPrimitives.Dot(m.Row(face), prototype);
                        if (s > bestSimilarity || (s == bestSimilarity && anchor < best)) (bestSimilarity, best) = (s, anchor);
                    }
                if (best < 0) continue;
                var v = tally.GetValueOrDefault(best);
                tally[best] = (v.Count + 1, v.Sum + bestSimilarity);
            }
            if (tally.Count == 0) continue;
            var (winner, count, sum) = GroupJoining.Winner(tally);
            if (2 * count >= faces.Count) proposals.Add((sum / count, group, winner));
        }

        // Most confident first; a group never joins an anchor holding a face it cannot be with (same photo, user).
        return GroupJoining.Apply(proposals, group => members[group], members, groups, conflicts);
    }
}
