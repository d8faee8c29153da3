namespace FaceSort.Core.Clustering;

/// <summary>
/// Which faces are one shot: a photo saved again with an edit (brightness, a filter, a crop, recompressed, resized;
/// a mirror image less often) and the frames of one burst embed nearly alike, while two photos of one person seldom do
/// and two people never do.
/// The default counts a group's size in shots where size stands for how often a person was photographed (people,
/// phase 2, anchors, the nearest-faces look, a person's minimum size): six edits of one stranger's photo are one
/// stranger, not a person of six, and a person's odd photo saved twice is still an odd photo that the last step may
/// place. Every face still counts in the similarities. docs/clustering.md, "Duplicates".
/// </summary>
internal sealed class Shots
{
    private readonly int[]? _of;

    private Shots(int[]? of) => _of = of;

    /// <summary>Every face a shot of its own.</summary>
    public static Shots None { get; } = new(null);

    /// <summary>True when some shot has more than one face.</summary>
    public bool Any => _of is not null;

    /// <summary>
    /// Faces joined by kNN edges of similarity ≥ <paramref name="similarity"/> (never two that cannot be one person:
    /// faces of one photo, a user's "not them"); the shot's id is its lowest face. <see cref="None"/> when no edge
    /// qualifies or <paramref name="similarity"/> is above 1.
    /// </summary>
    public static Shots From(KnnGraph graph, ConflictIndex conflicts, float similarity)
    {
        if (similarity > 1) return None;
        UnionFind? sets = null;
        // Members of each shot of more than one face, by root: a shot never holds two faces that cannot be one person,
        // not even through a third face close to both.
        var members = new Dictionary<int, List<int>>();
        for (int i = 0; i < graph.Count; i++)
        {
            var neighbours = graph.NeighboursOf(i);
            var similarities = graph.SimilaritiesOf(i);
            for (int j = 0; j < neighbours.Length; j++)
            {
                int b = neighbours[j];
                if (b < 0 || b == i || similarities[j] < similarity) continue;
                sets ??= new UnionFind(graph.Count);
                int ra = sets.Find(i), rb = sets.Find(b);
                if (ra == rb) continue;
                var ma = members.GetValueOrDefault(ra) ?? [ra];
                var mb = members.GetValueOrDefault(rb) ?? [rb];
                if (!conflicts.IsEmpty && ma.Any(f => conflicts.ConflictsWithAny(f, mb))) continue;
                sets.Union(ra, rb);
                members.Remove(ra);
                members.Remove(rb);
                ma.AddRange(mb);
                members[sets.Find(ra)] = ma;
            }
        }
        return sets is null ? None : new Shots(sets.Roots());
    }

    /// <summary>
    /// Whether <paramref name="faces"/> hold at least <paramref name="count"/> shots: each face not at least
    /// <paramref name="similarity"/> alike to a face already counted counts another. It stops once the count is reached,
    /// so a person of thousands of faces costs a few dot products. Without the graph's chains it may count a shot twice,
    /// never two shots once.
    /// </summary>
    public static bool AtLeast(IEnumerable<float[]> faces, int count, float similarity)
    {
        var counted = new List<float[]>(count);
        foreach (var face in faces)
        {
            if (counted.Exists(c => System.Numerics.Tensors.TensorPrimitives.Dot(c, face) >= similarity)) continue;
            counted.Add(face);
            if (counted.Count >= count) return true;
        }
        return false;
    }

    /// <summary>The shot of <paramref name="face"/> (its lowest face).</summary>
    public int Of(int face) => _of is null ? face : _of[face];

    /// <summary>How many distinct shots <paramref name="faces"/> hold.</summary>
    public int Count(List<int> faces)
    {
        if (_of is null || faces.Count <= 1) return faces.Count;
        var seen = new HashSet<int>();
        foreach (int f in faces) seen.Add(_of[f]);
        return seen.Count;
    }
}
