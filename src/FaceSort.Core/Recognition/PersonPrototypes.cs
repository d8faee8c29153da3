using System.Buffers;
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
    public static List<float[]> OfOnePerson(IReadOnlyList<float[]> faces, RecognitionOptions options) =>
        OfOnePerson(new ArrayRows(faces), options);

    /// <summary>The prototypes of the faces <paramref name="rows"/> of <paramref name="m"/>, read in place: clustering
    /// builds them for every big group, and copying each face first was 430 MB of garbage at 1,000,000 faces.</summary>
    public static List<float[]> OfOnePerson(EmbeddingMatrix m, IReadOnlyList<int> rows, RecognitionOptions options) =>
        OfOnePerson(new MatrixRows(m, rows), options);

    private static List<float[]> OfOnePerson<TRows>(TRows faces, RecognitionOptions options) where TRows : IRows
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
        var centres = seeds.Select(s => faces[s].ToArray()).ToList();
        var group = new int[n];
        var members = new List<int>(n);
        // Pooled: a person of thousands of faces needs megabytes, rebuilt each time the person grows.
        var columns = ArrayPool<float>.Shared.Rent(n * faces[0].Length);
        for (var round = 0; round < options.Iterations; round++)
        {
            var moved = false;
            for (var i = 0; i < n; i++)
            {
                var g = 0;
                var s = float.MinValue;
                for (var c = 0; c < centres.Count; c++)
                {
                    var d = TensorPrimitives.Dot(faces[i], centres[c]);
                    if (d > s) (s, g) = (d, c);
                }
                moved |= group[i] != g;
                group[i] = g;
            }
            // Same groups, same medians: every later round would repeat this one.
            if (round > 0 && !moved) break;
            for (var c = 0; c < centres.Count; c++)
            {
                members.Clear();
                for (var i = 0; i < n; i++) if (group[i] == c) members.Add(i);
                if (members.Count > 0) centres[c] = Median(faces, members, columns);
            }
        }
        ArrayPool<float>.Shared.Return(columns);
        return centres;
    }

    /// <summary>Per-dimension median of the rows <paramref name="rows"/> of <paramref name="m"/>, renormalised;
    /// <paramref name="buffer"/> holds at least rows × dimension floats.</summary>
    internal static float[] MedianOf(EmbeddingMatrix m, IReadOnlyList<int> rows, float[] buffer) =>
        Median(new MatrixRows(m, rows), [.. Enumerable.Range(0, rows.Count)], buffer);

    /// <summary>Per-dimension median of the members, renormalised. The members are copied once into one column per
    /// dimension and each median is selected, not sorted: a person of thousands of faces rebuilt while clustering
    /// was seconds of sorting (docs/clustering-scale.md).</summary>
    private static float[] Median<TRows>(TRows faces, List<int> members, float[] buffer) where TRows : IRows
    {
        var dimension = faces[0].Length;
        var count = members.Count;
        for (var m = 0; m < count; m++)
        {
            var row = faces[members[m]];
            for (var d = 0; d < dimension; d++) buffer[d * count + m] = row[d];
        }
        var result = new float[dimension];
        var mid = count / 2;
        for (var d = 0; d < dimension; d++)
        {
            var column = buffer.AsSpan(d * count, count);
            var upper = Selection.Select(column, mid);
            // Selection leaves every element before mid no larger than column[mid]: the lower middle is their largest.
            result[d] = count % 2 == 1 ? upper : (TensorPrimitives.Max(column[..mid]) + upper) / 2;
        }
        var norm = TensorPrimitives.Norm(result);
        if (norm > 0) TensorPrimitives.Divide(result, norm, result);
        return result;
    }

    /// <summary>A person's faces as rows, wherever they are kept; a struct, so the generic code reads them directly.</summary>
    private interface IRows
    {
        int Count { get; }
        ReadOnlySpan<float> this[int i] { get; }
    }

    private readonly struct ArrayRows(IReadOnlyList<float[]> faces) : IRows
    {
        public int Count => faces.Count;
        public ReadOnlySpan<float> this[int i] => faces[i];
    }

    private readonly struct MatrixRows(EmbeddingMatrix m, IReadOnlyList<int> rows) : IRows
    {
        public int Count => rows.Count;
        public ReadOnlySpan<float> this[int i] => m.Row(rows[i]);
    }
}
