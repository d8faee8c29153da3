using FaceSort.Core.Detection;
using FaceSort.Core.Library;

namespace FaceSort.Core.Pipeline;

/// <summary>
/// A photo that has been decoded, searched and aligned, waiting for its faces to be embedded — or one that needs no
/// model at all (failed, moved, a duplicate of a known photo, or the same picture with another file time or other
/// metadata). <paramref name="TakenAtRead"/>: <paramref name="TakenAt"/> was read from this file's header, to replace the
/// time of the row it takes over (<paramref name="MovedFromPhotoId"/>).
/// </summary>
internal sealed record PreparedPhoto(
    PhotoFile File,
    string? Sha256,
    int Width,
    int Height,
    string? Format,
    IReadOnlyList<DetectedFace> Faces,
    byte[] AlignedFaces,
    string? FailureReason = null,
    long? MovedFromPhotoId = null,
    IReadOnlyList<ScannedFace>? CopiedFaces = null,
    float[]? Sharpness = null,
    byte[]?[]? Cards = null,
    bool SameContent = false,
    string? PictureHash = null,
    long? Sketch = null,
    string? TakenAt = null,
    bool TakenAtRead = false)
{
    public static PreparedPhoto Failed(PhotoFile file, string? sha256, string reason) =>
        new(file, sha256, 0, 0, null, [], [], reason);

    public bool NeedsEmbedding => FailureReason is null && MovedFromPhotoId is null && CopiedFaces is null && Faces.Count > 0;
}
