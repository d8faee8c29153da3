using FaceSort.Core.Detection;

namespace FaceSort.Core.Library;

/// <summary>A photo file found under a scanned folder, before anything is decoded.</summary>
/// <param name="RelativePath">Path under <paramref name="RootPath"/> with '/' separators.</param>
/// <param name="MtimeMs">Last write time, Unix milliseconds UTC.</param>
public sealed record PhotoFile(long RootId, string RootPath, string RelativePath, string FullPath, long Size, long MtimeMs);

/// <summary>What the library knows of a file from its last scan: enough to decide whether to scan it again.</summary>
public readonly record struct PhotoState(long Size, long MtimeMs, PhotoStatus Status, string? Models, string? Reason = null)
{
    /// <summary>Same size and time, present, and processed by these models (or by models nobody recorded).</summary>
    public bool IsUnchanged(long size, long mtimeMs, string currentModels) =>
        Size == size && MtimeMs == mtimeMs && Status != PhotoStatus.Missing && (Models is null || Models == currentModels);
}

public enum PhotoStatus
{
    /// <summary>Decoded and searched for faces (possibly none).</summary>
    Done,

    /// <summary>Not usable; <see cref="PhotoRecord.Reason"/> says why.</summary>
    Failed,

    /// <summary>Was in the library but is no longer on disk; its faces and people stay until the user decides.</summary>
    Missing,
}

public sealed record PhotoRecord(
    long Id, long RootId, string RootPath, string RelativePath, long Size, long MtimeMs, string? Sha256,
    int Width, int Height, string? Format, PhotoStatus Status, string? Reason, int FaceCount, string? Models = null,
    string? PictureHash = null, long? Sketch = null, string? TakenAt = null)
{
    public string FullPath => Path.Combine(RootPath, RelativePath.Replace('/', Path.DirectorySeparatorChar));
}

/// <summary>A face as found by the pipeline, in pixels of the EXIF-oriented original photo.</summary>
/// <param name="Card">The face's card as JPEG bytes when the scan cut one (<see cref="FaceCards"/>); stored as a file, not in the database.</param>
/// <param name="CopyOf">For a face of a byte-identical copy of a photo already in the library: the original's face, whose
/// user decisions the copy takes.</param>
public sealed record ScannedFace(int Index, FaceBox Box, Landmarks5 Landmarks, float Score, float[] Embedding, float? Sharpness = null, byte[]? Card = null,
    long? CopyOf = null);

/// <summary>What scanning one photo produced: faces, or the reason it could not be used.</summary>
/// <param name="PictureHash">The hash of what the photo shows, without the metadata taggers rewrite
/// (<see cref="Imaging.PictureHash"/>); null for formats other than JPEG.</param>
public sealed record PhotoScanResult(
    PhotoFile File, string? Sha256, int Width, int Height, string? Format,
    IReadOnlyList<ScannedFace> Faces, string? FailureReason, string DetectorId, string EmbedderId, string? PictureHash = null,
    long? Sketch = null, string? TakenAt = null)
{
    public static PhotoScanResult Failed(PhotoFile file, string? sha256, string reason) =>
        new(file, sha256, 0, 0, null, [], reason, "", "");

    /// <summary>The models that produced the faces, as stored in <c>photos.models</c>; null for a failed photo.</summary>
    public string? Models => FailureReason is null ? ModelPair(DetectorId, EmbedderId) : null;

    /// <summary>How a detector and embedder pair is recorded per photo.</summary>
    public static string ModelPair(string detectorId, string embedderId) => detectorId + "|" + embedderId;

    /// <summary>
    /// Whether two recorded pairs name the same model files, whatever the settings around them: a model id is
    /// <c>file@sha</c>, with a setting such as <c>+stretch1</c> after it, and a pair may carry a marker such as
    /// <c>|before-sharpness</c>. Photos processed by the same files with older settings are brought up to date by any
    /// scan (<see cref="Pipeline.ScanService"/>), since their faces would otherwise sit in another embedding space.
    /// </summary>
    public static bool SameModelFiles(string a, string b) => ModelFiles(a) == ModelFiles(b);

    private static string ModelFiles(string pair) =>
        string.Join('|', pair.Split('|').Take(2).Select(id => id.Split('+')[0]));
}

/// <summary>One embedding space: the model that embedded the faces (its model id) and the length of its vectors.</summary>
public readonly record struct EmbeddingSpace(string Embedder, int Dimension);

/// <summary>A stored face with what clustering and export need.</summary>
public sealed record FaceRecord(long Id, long PhotoId, int FaceIndex, FaceBox Box, Landmarks5 Landmarks, float Score, float[] Embedding, float? Sharpness = null);

/// <summary>Whether a row was written by automation or by a person; automation never overwrites a user's row.</summary>
public enum AssignmentSource
{
    Auto,
    User,
}

/// <summary>A person: a number (for <c>Person_001</c>) and, once the user gives one, a name.</summary>
public sealed record PersonRecord(long Id, int Number, string? Name, bool Hidden, AssignmentSource Source)
{
    /// <summary>The folder name: the user's name, or <c>Person_001</c> style when unnamed.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? $"Person_{Number:000}" : Name;
}

/// <summary>A person with face and photo counts, as <c>facesort people</c> lists them.</summary>
public sealed record PersonSummary(PersonRecord Person, int FaceCount, int PhotoCount);

/// <summary>A file that was not used, by path as the user knows it, and why.</summary>
public sealed record SkippedFile(string Path, string Reason);
