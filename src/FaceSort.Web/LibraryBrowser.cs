using FaceSort.Core.Corrections;
using FaceSort.Core.Library;
using Microsoft.Data.Sqlite;

namespace FaceSort.Web;

public sealed record PersonCard(long Id, int Number, string? Name, string DisplayName, bool Hidden, int FaceCount, int PhotoCount, long? FaceId);

/// <param name="Likeness">In a person's faces listed least alike first: the face's cosine similarity to the person's
/// typical face (null elsewhere, and for a face another embedder made).</param>
public sealed record FaceView(long Id, long PhotoId, int Index, float X, float Y, float Width, float Height, float Score, long? PersonId, string? PersonName,
    float? Likeness = null);

/// <summary>The order of a person's faces: the photos' order, or least like the person's typical face first (the ones to check).</summary>
public enum FaceOrder
{
    Photos,
    LeastAlike,
}

public sealed record PhotoView(long Id, string Path, int Width, int Height, string Status, IReadOnlyList<FaceView> Faces);

/// <param name="FacesVersion">What the faces listed depend on (<see cref="FacesToCheck.Version"/>): the page passes it with
/// each later page of faces, and a person changed since (another tab, a scan) is answered 409 instead of a page of another
/// order, which would repeat some faces and leave others out.</param>
public sealed record PersonDetail(PersonCard Person, IReadOnlyList<FaceView> Faces, IReadOnlyList<long> PhotoIds, string FacesVersion);

/// <summary>A page of a person's faces and the version of the person's faces it was read from.</summary>
public sealed record FacesPage(IReadOnlyList<FaceView> Faces, string Version);

/// <summary>Read-only views the pages need (cards with their best face, a person's faces, a photo's boxes with names).</summary>
public sealed class LibraryBrowser(LibraryDatabase database)
{
    private readonly FacesToCheck facesToCheck = new(database);

    // The card face: the user's representative, else the face with the best score × size (a sharp, large face).
    // Photos count each picture once (PeopleStore.PictureKeySql: byte-identical copies are one photo, as in the export).
    private const string CardSql = $"""
        SELECT pe.id, pe.number, pe.name, pe.hidden, pe.source,
               COUNT(a.face_id), COUNT(DISTINCT {PeopleStore.PictureKeySql}),
               COALESCE(pe.representative_face_id, (SELECT f2.id FROM faces f2 JOIN assignments a2 ON a2.face_id = f2.id
                   WHERE a2.person_id = pe.id ORDER BY f2.score * MIN(f2.width, 160) DESC LIMIT 1))
        FROM people pe
        LEFT JOIN assignments a ON a.person_id = pe.id
        LEFT JOIN faces f ON f.id = a.face_id
        LEFT JOIN photos ph ON ph.id = f.photo_id
        """;

    public IReadOnlyList<PersonCard> People(bool includeHidden)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        // A person whose last face went (moved away, "Not them", maybe by someone else on the library) is kept for Undo but
        // not listed: a card of no face, whose page says they are no longer listed, is nobody to look at.
        command.CommandText = CardSql + (includeHidden ? "" : " WHERE pe.hidden = 0")
            + " GROUP BY pe.id HAVING COUNT(a.face_id) > 0 ORDER BY COUNT(a.face_id) DESC, pe.number";
        return ReadCards(command);
    }

    public PersonCard? Person(long personId)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = CardSql + " WHERE pe.id = $id GROUP BY pe.id";
        command.Parameters.AddWithValue("$id", personId);
        return ReadCards(command).FirstOrDefault();
    }

    /// <summary>
    /// A person, their faces in the given order (all, or the first <paramref name="faceLimit"/>; <see cref="PersonFaces"/>
    /// gives the others) and the ids of all their photos.
    /// </summary>
    public PersonDetail? PersonDetail(long personId, int? faceLimit = null, FaceOrder order = FaceOrder.Photos)
    {
        var person = Person(personId);
        if (person is null) return null;
        var (faces, version) = PersonFacesOf(personId, 0, faceLimit, order);
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        // Each picture once (its first file), as the card counts them and the export writes them.
        command.CommandText = $"""
            SELECT MIN(f.photo_id) FROM faces f JOIN assignments a ON a.face_id = f.id LEFT JOIN photos ph ON ph.id = f.photo_id
            WHERE a.person_id = $p GROUP BY {PeopleStore.PictureKeySql} ORDER BY 1
            """;
        command.Parameters.AddWithValue("$p", personId);
        using var reader = command.ExecuteReader();
        var photoIds = new List<long>();
        while (reader.Read()) photoIds.Add(reader.GetInt64(0));
        return new PersonDetail(person, faces, photoIds, version);
    }

    /// <summary>A page of a person's faces, in the order <see cref="PersonDetail"/> lists them; null for no such person.</summary>
    public FacesPage? PersonFaces(long personId, int offset, int? limit, FaceOrder order = FaceOrder.Photos)
    {
        using (var connection = database.Connect())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT 1 FROM people WHERE id = $id";
            command.Parameters.AddWithValue("$id", personId);
            if (command.ExecuteScalar() is null) return null;
        }
        var (faces, version) = PersonFacesOf(personId, offset, limit, order);
        return new FacesPage(faces, version);
    }

    private (List<FaceView> Faces, string Version) PersonFacesOf(long personId, int offset, int? limit, FaceOrder order)
    {
        if (order == FaceOrder.Photos)
        {
            // The version is read before the faces, so a change made between them shows as a change, never the reverse.
            var version = facesToCheck.Version(personId);
            return (Faces("WHERE a.person_id = $p", c =>
            {
                c.Parameters.AddWithValue("$p", personId);
                c.CommandText += " LIMIT $limit OFFSET $offset";
                c.Parameters.AddWithValue("$limit", limit ?? -1);
                c.Parameters.AddWithValue("$offset", offset);
            }), version);
        }
        var (all, ordered) = facesToCheck.Ordered(personId);
        var page = all.Skip(offset).Take(limit ?? all.Count).ToList();
        var views = Faces("WHERE f.id IN (SELECT value FROM json_each($ids))",
            c => c.Parameters.AddWithValue("$ids", "[" + string.Join(",", page.Select(f => f.FaceId)) + "]")).ToDictionary(f => f.Id);
        // A face that left the person between the order and this read is left out of the page.
        return ([.. page.Where(f => views.TryGetValue(f.FaceId, out var v) && v.PersonId == personId).Select(f => views[f.FaceId] with { Likeness = f.Likeness })],
            ordered);
    }

    public PhotoView? Photo(long photoId)
    {
        var photo = new PhotoStore(database).Get(photoId);
        if (photo is null) return null;
        var faces = Faces("WHERE f.photo_id = $p", c => c.Parameters.AddWithValue("$p", photoId));
        return new PhotoView(photo.Id, photo.RelativePath, photo.Width, photo.Height, photo.Status.ToString().ToLowerInvariant(), faces);
    }

    private List<FaceView> Faces(string where, Action<SqliteCommand> bind)
    {
        using var connection = database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT f.id, f.photo_id, f.face_index, f.x, f.y, f.width, f.height, f.score, a.person_id, pe.name, pe.number
            FROM faces f LEFT JOIN assignments a ON a.face_id = f.id LEFT JOIN people pe ON pe.id = a.person_id
            {where} ORDER BY f.photo_id, f.face_index
            """;
        bind(command);
        using var reader = command.ExecuteReader();
        var faces = new List<FaceView>();
        while (reader.Read())
        {
            long? person = reader.IsDBNull(8) ? null : reader.GetInt64(8);
            var name = person is null ? null : reader.IsDBNull(9) ? $"Person_{reader.GetInt32(10):000}" : reader.GetString(9);
            faces.Add(new FaceView(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetFloat(3), reader.GetFloat(4),
                reader.GetFloat(5), reader.GetFloat(6), reader.GetFloat(7), person, name));
        }
        return faces;
    }

    private static List<PersonCard> ReadCards(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var cards = new List<PersonCard>();
        while (reader.Read())
        {
            var record = new PersonRecord(reader.GetInt64(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetInt32(3) != 0, AssignmentSource.Auto);
            cards.Add(new PersonCard(record.Id, record.Number, record.Name, record.DisplayName, record.Hidden,
                reader.GetInt32(5), reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetInt64(7)));
        }
        return cards;
    }
}
