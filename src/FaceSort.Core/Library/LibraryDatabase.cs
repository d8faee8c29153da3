using Microsoft.Data.Sqlite;

namespace FaceSort.Core.Library;

/// <summary>
/// The library's one SQLite file (<c>library.db</c> in the library directory), in WAL mode so readers never block the
/// scan's writer. Each caller opens its own connection: a connection is not shared between threads.
/// </summary>
public sealed class LibraryDatabase
{
    public const string FileName = "library.db";
    private const int SchemaVersion = 10;

    private LibraryDatabase(string directory, string connectionString)
    {
        Directory = directory;
        ConnectionString = connectionString;
    }

    public string Directory { get; }
    public string ConnectionString { get; }
    public string FilePath => Path.Combine(Directory, FileName);

    /// <summary>Opens (creating if needed) the library in <paramref name="directory"/> and brings its schema up to date.</summary>
    public static LibraryDatabase Open(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, FileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        };
        var database = new LibraryDatabase(directory, builder.ToString());
        try
        {
            using var connection = database.Connect();
            // WAL is a property of the file: set once here, not on every connection.
            Execute(connection, "PRAGMA journal_mode=WAL;");
            database.Migrate(connection);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            // SQLite's own words ("file is not a database") name no file: say which one, and what it is to the user.
            throw new SqliteException($"the library {database.FilePath} is damaged or not a FaceSort library: {e.Message}",
                e.SqliteErrorCode, e.SqliteExtendedErrorCode);
        }
        return database;
    }

    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    /// <summary>A new open connection with the pragmas every connection needs.</summary>
    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        // busy_timeout lets a second process (web app beside a CLI scan) wait for the writer instead of failing.
        Execute(connection, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;");
        return connection;
    }

    internal static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private void Migrate(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        Execute(connection, "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);", transaction);
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT value FROM meta WHERE key = 'schema_version'";
        var current = read.ExecuteScalar() is string s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : 0;
        if (current > SchemaVersion)
            throw new InvalidOperationException($"library {FilePath} has schema {current}, newer than this FaceSort ({SchemaVersion})");
        if (current < 1) Execute(connection, SchemaV1, transaction);
        if (current < 2) Execute(connection, SchemaV2, transaction);
        if (current < 3) Execute(connection, SchemaV3, transaction);
        if (current < 4) Execute(connection, SchemaV4, transaction);
        if (current < 5) Execute(connection, SchemaV5, transaction);
        if (current < 6) Execute(connection, SchemaV6, transaction);
        if (current < 7) Execute(connection, SchemaV7, transaction);
        if (current < 8) Execute(connection, SchemaV8, transaction);
        if (current < 9) Execute(connection, SchemaV9, transaction);
        if (current < 10)
        {
            // Added one by one, each only where missing: a library rebuilt to an older schema may still have them.
            AddColumnIfMissing(connection, transaction, "photos", "sketch", "INTEGER");
            AddColumnIfMissing(connection, transaction, "photos", "taken_at", "TEXT");
        }
        Execute(connection, $"INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', '{SchemaVersion}');", transaction);
        transaction.Commit();
    }

    // Times are Unix milliseconds (UTC). Embeddings are little-endian float32 blobs. Landmarks are 10 float32.
    private const string SchemaV1 = """
        CREATE TABLE roots(
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE);
        CREATE TABLE photos(
            id INTEGER PRIMARY KEY,
            root_id INTEGER NOT NULL REFERENCES roots(id),
            rel_path TEXT NOT NULL,
            size INTEGER NOT NULL,
            mtime INTEGER NOT NULL,
            sha256 TEXT,
            width INTEGER,
            height INTEGER,
            format TEXT,
            status TEXT NOT NULL CHECK (status IN ('done', 'failed', 'missing')),
            reason TEXT,
            face_count INTEGER NOT NULL DEFAULT 0,
            scanned_at INTEGER NOT NULL,
            UNIQUE(root_id, rel_path));
        CREATE INDEX photos_sha256 ON photos(sha256);
        CREATE TABLE faces(
            id INTEGER PRIMARY KEY,
            photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
            face_index INTEGER NOT NULL,
            x REAL NOT NULL, y REAL NOT NULL, width REAL NOT NULL, height REAL NOT NULL,
            landmarks BLOB NOT NULL,
            score REAL NOT NULL,
            detector TEXT NOT NULL,
            embedder TEXT NOT NULL,
            embedding BLOB NOT NULL,
            UNIQUE(photo_id, face_index));
        CREATE TABLE people(
            id INTEGER PRIMARY KEY,
            number INTEGER NOT NULL,
            name TEXT,
            hidden INTEGER NOT NULL DEFAULT 0,
            source TEXT NOT NULL CHECK (source IN ('auto', 'user')),
            created_at INTEGER NOT NULL);
        CREATE TABLE assignments(
            face_id INTEGER PRIMARY KEY REFERENCES faces(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            source TEXT NOT NULL CHECK (source IN ('auto', 'user')),
            assigned_at INTEGER NOT NULL);
        CREATE INDEX assignments_person ON assignments(person_id);
        """;

    // v2: user corrections. Every action is logged with its time and the rows it changed (for undo); a rejection is a
    // face→person cannot-link that every later clustering and assignment honours.
    private const string SchemaV2 = """
        ALTER TABLE people ADD COLUMN representative_face_id INTEGER REFERENCES faces(id) ON DELETE SET NULL;
        CREATE TABLE corrections(
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            kind TEXT NOT NULL,
            summary TEXT NOT NULL,
            before TEXT NOT NULL,
            undone_at INTEGER);
        CREATE TABLE rejections(
            face_id INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            created_at INTEGER NOT NULL,
            PRIMARY KEY(face_id, person_id));
        CREATE INDEX rejections_person ON rejections(person_id);
        """;

    // v3: cached person prototypes for incremental recognition, with the fingerprint of the face set they were built
    // from (count, sum of face ids, latest assignment time): a person whose fingerprint changed is rebuilt, the rest
    // are read as they are, so an incremental run never reads the whole library.
    private const string SchemaV3 = """
        CREATE TABLE person_prototypes(
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            embedding BLOB NOT NULL,
            PRIMARY KEY(person_id, idx));
        CREATE TABLE prototype_state(
            person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
            fingerprint TEXT NOT NULL);
        """;

    // v4: which detector and embedder processed a photo ("detector|embedder" model ids). A scan with other models
    // re-processes the photo and maps its old faces to the new ones by box overlap, keeping ids — and with them people,
    // names and corrections. Rows of older libraries take their faces' models; photos without faces stay NULL (= any).
    // The scan-time index finds the most recently scanned photo (the current embedding space) without a full scan.
    private const string SchemaV4 = """
        ALTER TABLE photos ADD COLUMN models TEXT;
        CREATE INDEX photos_scanned_at ON photos(scanned_at);
        UPDATE photos SET models = (SELECT f.detector || '|' || f.embedder FROM faces f WHERE f.photo_id = photos.id LIMIT 1);
        """;

    // v5: each face's sharpness (FaceSharpness), so blurred faces never seed or bridge a person. Faces of older
    // libraries stay NULL (unknown: judged by detector score and size alone, as before) until their photo is scanned
    // again; marking the models that processed a photo with faces as other than any current pair makes the next scan
    // do that once, through the model-change path, which keeps face ids, people and corrections.
    private const string SchemaV5 = """
        ALTER TABLE faces ADD COLUMN sharpness REAL;
        UPDATE photos SET models = models || '|before-sharpness' WHERE models IS NOT NULL AND face_count > 0;
        """;

    // v6: the highest person id ever given, so a new person never takes the id of one an undo removed (an old link or a
    // CLI id would name someone else). Kept by a trigger, so every insert — new people and restored ones — counts.
    private const string SchemaV6 = """
        INSERT OR REPLACE INTO meta(key, value) VALUES ('person_id_high', (SELECT CAST(COALESCE(MAX(id), 0) AS TEXT) FROM people));
        CREATE TRIGGER IF NOT EXISTS people_id_high AFTER INSERT ON people BEGIN
            UPDATE meta SET value = CAST(MAX(CAST(value AS INTEGER), NEW.id) AS TEXT) WHERE key = 'person_id_high';
        END;
        """;

    // v7: the hash of what a JPEG shows, without the metadata photo taggers rewrite (Imaging.PictureHash), so keywords
    // or a rating written into a photo do not make the next scan read it again, nor a tagged photo's move or copy. Older rows stay NULL until their photo
    // is scanned again; they are then compared by all their bytes, as before.
    private const string SchemaV7 = """
        ALTER TABLE photos ADD COLUMN picture_hash TEXT;
        CREATE INDEX photos_picture_hash ON photos(picture_hash);
        """;

    // v8: face names other programs wrote into the photos (Corrections.TaggedNameImport): which photos' tags were read
    // (by a key of their bytes, faces and sidecars) and the name last applied to each face, so a name is applied once
    // and a user's later move of that face stands.
    private const string SchemaV8 = """
        CREATE TABLE IF NOT EXISTS tag_checks(photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE, key TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS tagged_names(face_id INTEGER PRIMARY KEY REFERENCES faces(id) ON DELETE CASCADE, name TEXT NOT NULL);
        """;

    // v9: files a scan was reading when it died (ReadingJournal), read alone first by the next scan, and skipped once one
    // stopped a scan while it was the only file being read (stopped_alone = 1).
    private const string SchemaV9 = """
        CREATE TABLE IF NOT EXISTS interrupted_reads(path TEXT PRIMARY KEY, stopped_alone INTEGER NOT NULL DEFAULT 0);
        """;

    // v10: photos.sketch, a sketch of each photo's picture (Imaging.PictureSketch), and photos.taken_at, when the camera
    // took it (EXIF), so an export puts one copy of a picture in a folder where a chat app's smaller copies of it were each
    // put there too. Older rows stay NULL (never taken for copies) until their photo is scanned again.
    private static void AddColumnIfMissing(SqliteConnection connection, SqliteTransaction transaction, string table, string column, string type)
    {
        using var check = connection.CreateCommand();
        check.Transaction = transaction;
        check.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
        if ((long)check.ExecuteScalar()! == 0) Execute(connection, $"ALTER TABLE {table} ADD COLUMN {column} {type};", transaction);
    }
}
