using System.Globalization;
using FaceSort.Core.Clustering;
using FaceSort.Core.Library;

namespace FaceSort.Core.Corrections;

/// <summary>A face of a person and its cosine similarity to the person's typical face (null: not comparable).</summary>
public sealed record FaceLikeness(long FaceId, float? Likeness);

/// <summary>
/// A person's faces in the order to check them: least like the person's typical face first (<see cref="TypicalFace"/>),
/// so a sibling merged in or a stranger is on the first screen of a person of thousands of faces instead of anywhere in
/// it. The person page asks for it a page at a time, so the last person's order is kept until their faces change.
/// </summary>
public sealed class FacesToCheck(LibraryDatabase database)
{
    private readonly Lock gate = new();
    private (long Person, string State, IReadOnlyList<FaceLikeness> Faces)? last;

    public IReadOnlyList<FaceLikeness> Of(long personId) => Ordered(personId).Faces;

    /// <summary>The person's faces in the order to check them, and the <see cref="Version"/> of the faces they were
    /// ordered from (read before them: a change made meanwhile gives a later version, never an order the version hides).</summary>
    public (IReadOnlyList<FaceLikeness> Faces, string Version) Ordered(long personId)
    {
        var state = Version(personId);
        lock (gate)
            if (last is { } kept && kept.Person == personId && kept.State == state) return (kept.Faces, state);
        var faces = Order(personId);
        lock (gate) last = (personId, state, faces);
        return (faces, state);
    }

    private List<FaceLikeness> Order(long personId)
    {
        var store = new FaceStore(database);
        var faces = store.EmbeddingsOfPerson(personId);
        var space = store.CurrentSpace();
        // Faces of another embedder (photos waiting for their next scan after a change of models) live in another
        // space: they cannot be compared, and come last in photo order.
        bool Comparable((long FaceId, string Embedder, float[] Embedding) f) => space is { } s && f.Embedder == s.Embedder && f.Embedding.Length == s.Dimension;
        var comparable = faces.Where(Comparable).ToList();
        var ordered = new List<FaceLikeness>(faces.Count);
        if (comparable.Count > 0)
        {
            var dimension = space!.Value.Dimension;
            var data = new float[comparable.Count * dimension];
            for (var i = 0; i < comparable.Count; i++) comparable[i].Embedding.CopyTo(data, i * dimension);
            var (order, likeness) = TypicalFace.LeastAlikeFirst(new EmbeddingMatrix(comparable.Count, dimension, data));
            foreach (var i in order) ordered.Add(new FaceLikeness(comparable[i].FaceId, likeness[i]));
        }
        ordered.AddRange(faces.Where(f => !Comparable(f)).Select(f => new FaceLikeness(f.FaceId, null)));
        return ordered;
    }

    /// <summary>What a person's faces, and so their order, depend on: which faces the person has (their count, their ids'
    /// sum, the latest assignment) and the embedding space; any change makes another version. A page that asks for a
    /// person's faces a chunk at a time compares it, so a chunk of a changed person is not one of another order.</summary>
    public string Version(long personId)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), TOTAL(face_id), MAX(assigned_at) FROM assignments WHERE person_id = $p";
        command.Parameters.AddWithValue("$p", personId);
        using var reader = command.ExecuteReader();
        reader.Read();
        var space = new FaceStore(database).CurrentSpace();
        return string.Create(CultureInfo.InvariantCulture,
            $"{reader.GetInt64(0)}/{reader.GetDouble(1)}/{(reader.IsDBNull(2) ? 0 : reader.GetInt64(2))}/{space?.Embedder}");
    }
}
