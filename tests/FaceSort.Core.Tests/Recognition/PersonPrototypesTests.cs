using FaceSort.Core.Recognition;

namespace FaceSort.Core.Tests.Recognition;

public sealed class PersonPrototypesTests
{
    private static readonly RecognitionOptions OnePrototype = new(FacesPerPrototype: 100_000, Iterations: 1);

    [Fact]
    public void One_prototype_is_the_renormalised_per_dimension_median()
    {
        // x: 0, 0.6, 1 → 0.6; y: 0, 0.8, 1 → 0.8; already unit length.
        var odd = PersonPrototypes.OfOnePerson([[1f, 0f], [0f, 1f], [0.6f, 0.8f]], OnePrototype);
        odd.Count.ShouldBe(1);
        odd[0][0].ShouldBe(0.6f, 1e-6f);
        odd[0][1].ShouldBe(0.8f, 1e-6f);

        // An even count takes the mean of the two middle values: x (0.6 + 0.8) / 2 = 0.7, y (0.6 + 0.8) / 2 = 0.7.
        var even = PersonPrototypes.OfOnePerson([[1f, 0f], [0f, 1f], [0.6f, 0.8f], [0.8f, 0.6f]], OnePrototype);
        even[0][0].ShouldBe(MathF.Sqrt(0.5f), 1e-6f);
        even[0][1].ShouldBe(MathF.Sqrt(0.5f), 1e-6f);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(999)]
    [InlineData(1000)]
    public void Selected_medians_equal_sorted_medians(int faces)
    {
        var random = new Random(faces);
        var rows = Enumerable.Range(0, faces)
            // Values rounded to a coarse grid, so columns hold many ties.
            .Select(_ => Enumerable.Range(0, 16).Select(_ => MathF.Round((float)random.NextDouble() * 8) / 8 - 0.5f).ToArray())
            .ToList();
        var prototype = PersonPrototypes.OfOnePerson(rows, OnePrototype)[0];

        var expected = new float[16];
        for (int d = 0; d < 16; d++)
        {
            var column = rows.Select(r => r[d]).Order().ToArray();
            int mid = column.Length / 2;
            expected[d] = column.Length % 2 == 1 ? column[mid] : (column[mid - 1] + column[mid]) / 2;
        }
        float norm = MathF.Sqrt(expected.Sum(v => v * v));
        for (int d = 0; d < 16; d++) prototype[d].ShouldBe(norm > 0 ? expected[d] / norm : 0f, 1e-6f);
    }

    [Fact]
    public void Prototypes_read_in_place_from_the_matrix_equal_those_of_copied_rows()
    {
        // Clustering reads a group's rows of the embedding matrix in place; the library path passes copies.
        var set = FaceSort.Core.Evaluation.SyntheticFaces.Generate(300, seed: 9);
        var rows = Enumerable.Range(0, 300).Where(i => i % 3 != 1).ToList();
        var options = new RecognitionOptions();
        var inPlace = PersonPrototypes.OfOnePerson(set.Embeddings, rows, options);
        var copied = PersonPrototypes.OfOnePerson(rows.Select(i => set.Embeddings.Row(i).ToArray()).ToList(), options);
        inPlace.Count.ShouldBeGreaterThan(1, "several prototypes: the k-means path is exercised");
        inPlace.Count.ShouldBe(copied.Count);
        for (int p = 0; p < inPlace.Count; p++) inPlace[p].ShouldBe(copied[p]);
    }

    [Fact]
    public void Selection_puts_the_kth_smallest_in_place_and_partitions_around_it()
    {
        var random = new Random(5);
        foreach (int length in new[] { 1, 2, 3, 10, 101, 1000 })
            for (int trial = 0; trial < 20; trial++)
            {
                var values = Enumerable.Range(0, length).Select(_ => (float)random.Next(-20, 20)).ToArray();
                var sorted = values.Order().ToArray();
                int k = random.Next(length);
                Selection.Select(values, k).ShouldBe(sorted[k]);
                values[k].ShouldBe(sorted[k]);
                values.Take(k).ShouldAllBe(v => v <= sorted[k]);
                values.Skip(k + 1).ShouldAllBe(v => v >= sorted[k]);
                values.Order().ToArray().ShouldBe(sorted, "a permutation of the input");
            }
    }
}
