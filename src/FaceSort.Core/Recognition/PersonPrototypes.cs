using System.Numerics.Tensors;
using FaceSort.Core.Clustering;

namespace FaceSort.Core.Recognition;

/// <summary>Prototype embeddings (unit rows) and the person each row stands for.</summary>
public sealed record PersonPrototypes(EmbeddingMatrix Vectors, long[] PersonOfRow)
{
    public int Count => PersonOfRow.Length;

    /// <summary>Only the prototypes of the given people.</summary>
    public PersonPrototypes Restrict(IReadOnlySet<long> people)
    {
        var rows = Enumerable.Range(0, Count).Where(r => people.Contains(PersonOfRow[r])).ToList();
        var data = new float[rows.Count * Vectors.Dimension];
        for (var i = 0; i < rows.Count; i++) Vectors.Row(rows[i]).CopyTo(data.AsSpan(i * Vectors.Dimension));
        return new PersonPrototypes(new EmbeddingMatrix(rows.Count, Vectors.Dimension, data), [.. rows.Select(r => PersonOfRow[r])]);
    }

    /// <summary>
    /// Several prototypes per person: the person's faces are split into k sub-groups (k-means on the unit sphere, seeded
    /// by farthest points so distinct looks each get one) and each prototype is the per-dimension median of its group,
    /// renormalised — a median ignores the odd wrong or blurry face that would drag a mean.
    /// </summary>
    public static PersonPrototypes Build(IEnumerable<(long PersonId, IReadOnlyList<float[]> Faces)> people, RecognitionOptions options)
    {
        var rows = new List<float[]>();
        var owners = new List<long>();
        var dimension = 0;
        foreach (var (personId, faces) in people)
        {
            if (faces.Count == 0) continue;
            dimension = faces[0].Length;
            foreach (var prototype in OfOnePerson(faces, options))
            {
                rows.Add(prototype);
                owners.Add(personId);
            }
        }
        dimension = Math.Max(dimension, 1);
        var data = new float[rows.Count * dimension];
        for (var i = 0; i < rows.Count; i++) rows[i].CopyTo(data, i * dimension);
        return new PersonPrototypes(new EmbeddingMatrix(rows.Count, dimension, data), [.. owners]);
    }

    /// <summary>Stacks already built prototypes (e.g. from the library's cache) into one matrix.</summary>
    public static PersonPrototypes FromPrototypes(IEnumerable<(long PersonId, IReadOnlyList<float[]> Prototypes)> people, int dimension)
    {
        var data = new List<float>();
        var owners = new List<long>();
        foreach (var (person, prototypes) in people)
            foreach (var prototype in prototypes)
            {
                data.AddRange(prototype);
                owners.Add(person);
            }
        return new PersonPrototypes(new EmbeddingMatrix(owners.Count, dimension, [.. data]), [.. owners]);
    }

    /// <summary>The prototypes of one person's faces (unit rows).</summary>
    public static List<float[]> OfOnePerson(IReadOnlyList<float[]> faces, RecognitionOptions options)
    {
        var n = faces.Count;
        var k = Math.Clamp(n / Math.Max(1, options.FacesPerPrototype), 1, Math.Max(1, options.PrototypesPerPerson));
        // Farthest-point seeds: the first face, then each time the face least similar to every seed so far.
        var seeds = new List<int> { 0 };
        var best = new float[n];
        for (var i = 0; i < n; i++) best[i] = TensorPrimitives.Dot(faces[i], faces[0]);
        while (seeds.Count < k)
        {
            var far = 0;
            for (var i = 1; i < n; i++) if (best[i] < best[far]) far = i;
            seeds.Add(far);
            for (var i = 0; i < n; i++) best[i] = Math.Max(best[i], TensorPrimitives.Dot(faces[i], faces[far]));
        }
        var centres = seeds.Select(s => (float[])faces[s].Clone()).ToList();
        var group = new int[n];
        for (var round = 0; round < options.Iterations; round++)
        {
            for (var i = 0; i < n; i++)
            {
                var g = 0;
                var s = float.MinValue;
                for (var c = 0; c < centres.Count; c++)
                {
                    var d = TensorPrimitives.Dot(faces[i], centres[c]);
                    if (d > s) (s, g) = (d, c);
                }
                group[i] = g;
            }
            for (var c = 0; c < centres.Count; c++)
            {
                var members = Enumerable.Range(0, n).Where(i => group[i] == c).ToList();
                if (members.Count > 0) centres[c] = Median(faces, members);
            }
        }
        return centres;
    }

    private static float[] Median(IReadOnlyList<float[]> faces, List<int> members)
    {
        var dimension = faces[0].Length;
        var result = new float[dimension];
        var column = new float[members.Count];
        for (var d = 0; d < dimension; d++)
        {
            for (var m = 0; m < members.Count; m++) column[m] = faces[members[m]][d];
            Array.Sort(column);
            var mid = column.Length / 2;
            result[d] = column.Length % 2 == 1 ? column[mid] : (column[mid - 1] + column[mid]) / 2;
        }
        var norm = TensorPrimitives.Norm(result);
        if (norm > 0) TensorPrimitives.Divide(result, norm, result);
        return result;
    }
}
