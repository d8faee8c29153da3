using System.Numerics.Tensors;
using FaceSort.Core.Clustering;

namespace FaceSort.Core.Reporting;

/// <summary>
/// Cosine similarities of face pairs, the raw material of the similarity histograms. Rows must be unit length.
/// When there are more pairs than asked for, pairs are drawn at random with a fixed seed (each pair equally likely),
/// so the histogram's shape is kept at any size.
/// </summary>
public static class PairSimilarities
{
    /// <summary>Similarities of pairs with the same label and of pairs with different labels; faces labelled −1 take no part.</summary>
    public static (float[] Same, float[] Different) SameAndDifferent(EmbeddingMatrix faces, int[] labels, int maxPairs, int seed)
    {
        var byLabel = new Dictionary<int, List<int>>();
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0) continue;
            if (!byLabel.TryGetValue(labels[i], out var list)) byLabel[labels[i]] = list = [];
            list.Add(i);
        }
        var labelled = byLabel.Values.SelectMany(l => l).Order().ToArray();
        long samePairs = 0;
        foreach (var group in byLabel.Values) samePairs += (long)group.Count * (group.Count - 1) / 2;
        var allPairs = (long)labelled.Length * (labelled.Length - 1) / 2;
        var differentPairs = allPairs - samePairs;
        var random = new Random(seed);
        return (Same(faces, byLabel, samePairs, maxPairs, random), Different(faces, labels, labelled, differentPairs, maxPairs, random));
    }

    /// <summary>For up to <paramref name="maxQueries"/> faces (a fixed-seed sample), the similarity to their nearest other face.</summary>
    public static float[] NearestNeighbour(EmbeddingMatrix faces, int maxQueries, int seed)
    {
        var n = faces.Count;
        if (n < 2) return [];
        var queries = Sample(n, maxQueries, new Random(seed));
        var result = new float[queries.Length];
        Parallel.For(0, queries.Length, q =>
        {
            var i = queries[q];
            var row = faces.Row(i);
            var best = float.NegativeInfinity;
            for (var j = 0; j < n; j++)
            {
                if (j == i) continue;
                var s = TensorPrimitives.Dot(row, faces.Row(j));
                if (s > best) best = s;
            }
            result[q] = best;
        });
        return result;
    }

    private static float[] Same(EmbeddingMatrix faces, Dictionary<int, List<int>> byLabel, long samePairs, int maxPairs, Random random)
    {
        if (samePairs <= maxPairs)
        {
            var all = new List<float>((int)samePairs);
            foreach (var group in byLabel.Values.OrderBy(g => g[0]))
                for (var a = 0; a < group.Count; a++)
                    for (var b = a + 1; b < group.Count; b++)
                        all.Add(TensorPrimitives.Dot(faces.Row(group[a]), faces.Row(group[b])));
            return [.. all];
        }
        // A face drawn uniformly among faces of groups of two or more, then a partner in its group: a group of c
        // faces is drawn with weight c·(c−1), exactly its share of the same-label pairs.
        var owners = byLabel.Values.Where(g => g.Count > 1).OrderBy(g => g[0]).SelectMany(g => g.Select(i => (Face: i, Group: g))).ToArray();
        var sample = new float[maxPairs];
        for (var k = 0; k < maxPairs; k++)
        {
            var (face, group) = owners[random.Next(owners.Length)];
            int other;
            do other = group[random.Next(group.Count)]; while (other == face);
            sample[k] = TensorPrimitives.Dot(faces.Row(face), faces.Row(other));
        }
        return sample;
    }

    private static float[] Different(EmbeddingMatrix faces, int[] labels, int[] labelled, long differentPairs, int maxPairs, Random random)
    {
        if (differentPairs <= maxPairs)
        {
            var all = new List<float>((int)differentPairs);
            for (var a = 0; a < labelled.Length; a++)
                for (var b = a + 1; b < labelled.Length; b++)
                    if (labels[labelled[a]] != labels[labelled[b]])
                        all.Add(TensorPrimitives.Dot(faces.Row(labelled[a]), faces.Row(labelled[b])));
            return [.. all];
        }
        // Rejection sampling: uniform over all pairs, keeping those with different labels. There are more than
        // maxPairs of them, so at least that share of draws succeeds unless one label holds nearly every face.
        var sample = new List<float>(maxPairs);
        for (long tries = 0; sample.Count < maxPairs && tries < 50L * maxPairs; tries++)
        {
            int a = labelled[random.Next(labelled.Length)], b = labelled[random.Next(labelled.Length)];
            if (labels[a] != labels[b]) sample.Add(TensorPrimitives.Dot(faces.Row(a), faces.Row(b)));
        }
        return [.. sample];
    }

    /// <summary>All of 0..n−1 when n ≤ max, else max distinct indices drawn with the given generator, in increasing order.</summary>
    internal static int[] Sample(int n, int max, Random random)
    {
        if (n <= max) return [.. Enumerable.Range(0, n)];
        var indices = Enumerable.Range(0, n).ToArray();
        for (var k = 0; k < max; k++)
        {
            var pick = k + random.Next(n - k);
            (indices[k], indices[pick]) = (indices[pick], indices[k]);
        }
        var chosen = indices[..max];
        Array.Sort(chosen);
        return chosen;
    }
}
