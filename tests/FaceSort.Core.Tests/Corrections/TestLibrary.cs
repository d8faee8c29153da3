using FaceSort.Core.Detection;
using FaceSort.Core.Evaluation;
using FaceSort.Core.Library;
using Microsoft.Data.Sqlite;

namespace FaceSort.Core.Tests.Corrections;

/// <summary>
/// A real SQLite library in a temp folder, filled with real embeddings from tests/fixtures/embeddings (one photo row per
/// photo of the set, its detected faces with their embeddings), so corrections and clustering run on the real tables.
/// </summary>
internal sealed class TestLibrary : IDisposable
{
    private readonly EmbeddingSet _set;
    private readonly long _rootId;
    private readonly Dictionary<int, long> _photoRow = [];

    public TestLibrary(string fixture = "faceapi-bbt.tsv")
    {
        Directory = Path.Combine(Path.GetTempPath(), "facesort-test-" + Guid.NewGuid().ToString("N"));
        Database = LibraryDatabase.Open(Directory);
        _set = EmbeddingSetFile.Load(Path.Combine(TestPaths.Fixtures, "embeddings", fixture));
        _rootId = new PhotoStore(Database).EnsureRoot("/photos");
        PhotoCount = _set.PhotoOfFace.Length == 0 ? 0 : _set.PhotoOfFace.Max() + 1;
        for (var k = 0; k < _set.ScoredFaces.Length; k++)
            if (_set.ScoredFaces[k] >= 0) TruthOfSetFace[_set.ScoredFaces[k]] = _set.IdentityNames[_set.Truth[k]];
    }

    public string Directory { get; }
    public LibraryDatabase Database { get; }
    public int PhotoCount { get; }

    /// <summary>Identity of the main face of each labelled photo, by face row in the fixture.</summary>
    private Dictionary<int, string> TruthOfSetFace { get; } = [];

    /// <summary>Identity by library face id, for the faces added so far that carry one.</summary>
    public Dictionary<long, string> Truth { get; } = [];

    public PeopleStore People => new(Database);
    public FaceStore Faces => new(Database);

    /// <summary>Writes photos (fixture photo indices) with their faces into the library.</summary>
    public void AddPhotos(IEnumerable<int> photos)
    {
        using var writer = new ScanWriter(Database);
        var added = new List<int>();
        foreach (var photo in photos)
        {
            var faces = new List<ScannedFace>();
            for (var i = 0; i < _set.PhotoOfFace.Length; i++)
            {
                if (_set.PhotoOfFace[i] != photo) continue;
                faces.Add(new ScannedFace(faces.Count, new FaceBox(100 * faces.Count, 0, 96, 96), new Landmarks5(0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                    _set.Quality[i], _set.Faces.Row(i).ToArray()));
            }
            var rel = $"p{photo:0000}.jpg";
            var file = new PhotoFile(_rootId, "/photos", rel, "/photos/" + rel, 1000, 1);
            writer.Write(new PhotoScanResult(file, null, 200, 200, "jpeg", faces, null, "test", "test"));
            added.Add(photo);
        }
        writer.Flush();
        foreach (var photo in added)
        {
            _photoRow[photo] = new PhotoStore(Database).All().Single(p => p.RelativePath == $"p{photo:0000}.jpg").Id;
            var stored = Faces.OfPhoto(_photoRow[photo]);
            var setFaces = Enumerable.Range(0, _set.PhotoOfFace.Length).Where(i => _set.PhotoOfFace[i] == photo).ToList();
            for (var k = 0; k < stored.Count; k++)
                if (TruthOfSetFace.TryGetValue(setFaces[k], out var name)) Truth[stored[k].Id] = name;
        }
    }

    /// <summary>The person-related tables as sorted text rows, to compare whole states.</summary>
    public string StateDump()
    {
        using var connection = Database.Connect();
        var lines = new List<string>();
        foreach (var sql in new[]
                 {
                     "SELECT 'person', id, number, name, hidden, source, created_at, representative_face_id FROM people",
                     "SELECT 'assignment', face_id, person_id, source, assigned_at FROM assignments",
                     "SELECT 'rejection', face_id, person_id, created_at FROM rejections",
                 })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            while (reader.Read())
                lines.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
