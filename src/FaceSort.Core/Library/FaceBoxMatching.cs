using FaceSort.Core.Detection;

namespace FaceSort.Core.Library;

/// <summary>
/// Which old face is which new face when the same picture is processed again (another detector or embedder): pairs
/// by box overlap, greedily from the most overlapping, one to one. A face that moved less than
/// <see cref="MinOverlap"/> has no partner: the old one is dropped, the new one is new.
/// </summary>
public static class FaceBoxMatching
{
    /// <summary>Two detectors' boxes of one face overlap by 0.5–0.9 (YuNet's boxes include more forehead than
    /// SCRFD's); boxes of two neighbouring faces rarely pass 0.3.</summary>
    public const float MinOverlap = 0.4f;

    /// <returns>(old index, new index) pairs.</returns>
    public static IReadOnlyList<(int Old, int New)> Match(IReadOnlyList<FaceBox> old, IReadOnlyList<FaceBox> fresh)
    {
        var candidates = new List<(float Overlap, int Old, int New)>();
        for (var o = 0; o < old.Count; o++)
            for (var n = 0; n < fresh.Count; n++)
            {
                var overlap = old[o].IntersectionOverUnion(fresh[n]);
                if (overlap >= MinOverlap) candidates.Add((overlap, o, n));
            }
        return GreedyPairing.Pick(candidates, old.Count, fresh.Count);
    }
}

/// <summary>One-to-one pairs from scored candidates, best score first (ties: lower old, then lower new index).</summary>
internal static class GreedyPairing
{
    public static IReadOnlyList<(int Old, int New)> Pick(List<(float Score, int Old, int New)> candidates, int oldCount, int newCount)
    {
        candidates.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Old != b.Old ? a.Old.CompareTo(b.Old) : a.New.CompareTo(b.New));
        var oldTaken = new bool[oldCount];
        var newTaken = new bool[newCount];
        var pairs = new List<(int, int)>();
        foreach (var (_, o, n) in candidates)
        {
            if (oldTaken[o] || newTaken[n]) continue;
            oldTaken[o] = newTaken[n] = true;
            pairs.Add((o, n));
        }
        return pairs;
    }
}
