using System.Numerics.Tensors;
using FaceSort.Core.Clustering;
using FaceSort.Core.Corrections;
using FaceSort.Core.Evaluation;
using FaceSort.Core.Tests.Clustering;

namespace FaceSort.Core.Tests.Corrections;

public sealed class TypicalFaceTests
{
    private static readonly EmbeddingSet Lfw = EmbeddingSetFile.Load(OtherClusterersTests.Fixture("lfw"));

    [Fact]
    public void No_faces_one_face_and_identical_faces_keep_the_given_order()
    {
        TypicalFace.LeastAlikeFirst(new EmbeddingMatrix(0, 4, [])).Order.ShouldBeEmpty();
        var one = TypicalFace.LeastAlikeFirst(new EmbeddingMatrix(1, 2, [0.6f, 0.8f]));
        one.Order.ShouldBe([0]);
        one.Likeness[0].ShouldBe(1f, 1e-6f);
        TypicalFace.LeastAlikeFirst(new EmbeddingMatrix(3, 2, [1, 0, 1, 0, 1, 0])).Order.ShouldBe([0, 1, 2]);
    }

    [Fact]
    public void The_odd_face_out_comes_first_and_the_typical_face_is_a_unit_vector()
    {
        // Four faces around (1, 0, 0) and one at (0, 1, 0), given third.
        float[] data = [0.99f, 0.1f, 0, 0.99f, 0, 0.1f, 0, 1, 0, 0.99f, -0.1f, 0, 0.99f, 0, -0.1f];
        var faces = Unit(new EmbeddingMatrix(5, 3, data));

        var (order, likeness) = TypicalFace.LeastAlikeFirst(faces);

        order[0].ShouldBe(2);
        likeness[2].ShouldBeLessThan(0.2f);
        TensorPrimitives.Norm(TypicalFace.Of(faces)).ShouldBe(1f, 1e-5f);
    }

    /// <summary>
    /// Real faces (lfw's main faces, the peer pipeline's embeddings): each person of 5 or more photos with 2 photos of
    /// another person put in, 468 people made wrong. The 2 come first in every one of them; ordered by the mean face
    /// instead, some do not (the intruders pull the mean towards themselves), which this test counts so that it stays
    /// a test of the typical face and not of any order.
    /// </summary>
    [Fact]
    public void Two_photos_of_someone_else_put_in_a_person_come_first()
    {
        var byPerson = Lfw.ScoredFaces.Select((face, k) => (face, identity: Lfw.Truth[k])).Where(x => x.face >= 0)
            .GroupBy(x => x.identity, x => x.face).ToDictionary(g => g.Key, g => g.ToArray());
        int cases = 0, missed = 0, missedByTheMean = 0;
        foreach (var (person, own) in byPerson.Where(p => p.Value.Length >= 5))
            foreach (var (other, theirs) in byPerson.Where(p => p.Key != person && p.Value.Length >= 2))
            {
                var intruders = theirs[..2];
                var faces = own.Concat(intruders).Order().ToArray();
                var matrix = Rows(faces);
                var first = TypicalFace.LeastAlikeFirst(matrix).Order[..2].Select(i => faces[i]).ToHashSet();
                cases++;
                if (!first.SetEquals(intruders)) missed++;
                if (!ByTheMean(matrix)[..2].Select(i => faces[i]).ToHashSet().SetEquals(intruders)) missedByTheMean++;
            }

        cases.ShouldBe(468);
        missed.ShouldBe(0);
        missedByTheMean.ShouldBeGreaterThan(0);
    }

    private static int[] ByTheMean(EmbeddingMatrix faces)
    {
        var mean = new float[faces.Dimension];
        for (var i = 0; i < faces.Count; i++) TensorPrimitives.Add(mean, faces.Row(i), mean);
        var similarity = Enumerable.Range(0, faces.Count).Select(i => TensorPrimitives.Dot(faces.Row(i), mean)).ToArray();
        return [.. Enumerable.Range(0, faces.Count).OrderBy(i => similarity[i])];
    }

    private static EmbeddingMatrix Rows(int[] faces)
    {
        var d = Lfw.Faces.Dimension;
        var data = new float[faces.Length * d];
        for (var i = 0; i < faces.Length; i++) Lfw.Faces.Row(faces[i]).CopyTo(data.AsSpan(i * d, d));
        return new EmbeddingMatrix(faces.Length, d, data);
    }

    private static EmbeddingMatrix Unit(EmbeddingMatrix m)
    {
        for (var i = 0; i < m.Count; i++)
        {
            var row = m.Data.AsSpan(i * m.Dimension, m.Dimension);
            TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        }
        return m;
    }
}
