using FaceSort.Core.Library;
using NetVips;

namespace FaceSort.Web;

/// <summary>
/// Photos and face thumbnails by library id only: the path always comes from the database, never from the request.
/// Thumbnails are cut from the EXIF-oriented photo (the face boxes' coordinate space) and cached on disk; a scan started
/// here has cut most face cards already (<see cref="FaceCards"/>).
/// </summary>
public sealed class ImageServer(LibraryDatabase database)
{
    /// <summary>Photos are shown at most this wide; the original is never needed in the browser.</summary>
    public const int PreviewSize = 1600;

    public string? PhotoPath(long photoId) => new PhotoStore(database).Get(photoId) is { Status: PhotoStatus.Done } p && File.Exists(p.FullPath) ? p.FullPath : null;

    /// <summary>A JPEG preview of the photo, oriented upright, or null when the photo is unknown or gone.</summary>
    public byte[]? Preview(long photoId)
    {
        var path = PhotoPath(photoId);
        if (path is null) return null;
        var cached = FaceCards.PreviewPathOf(database.Directory, photoId);
        if (IsFresh(cached, path)) return File.ReadAllBytes(cached);
        using var image = Core.Imaging.VipsPhotoDecoder.ThumbnailUpright(path, PreviewSize);
        return Save(cached, image);
    }

    /// <summary>A square JPEG of the face with a margin, or null when the face is unknown.</summary>
    public byte[]? FaceThumbnail(long faceId)
    {
        var face = new FaceStore(database).Get(faceId);
        if (face is null) return null;
        var path = PhotoPath(face.PhotoId);
        if (path is null) return null;
        var cached = FaceCards.PathOf(database.Directory, faceId);
        // A photo edited in place keeps its faces' ids (docs/incremental.md), so the card must be newer than the photo.
        if (IsFresh(cached, path)) return File.ReadAllBytes(cached);
        using var photo = Core.Imaging.VipsPhotoDecoder.OpenUpright(path);
        using var card = FaceCards.Cut(photo, face.Box, face.Landmarks, fullSize: true)!;
        return Save(cached, card);
    }

    private static bool IsFresh(string cached, string photo) =>
        File.Exists(cached) && File.GetLastWriteTimeUtc(cached) >= File.GetLastWriteTimeUtc(photo);

    private static byte[] Save(string cached, Image image)
    {
        var bytes = FaceCards.Jpeg(image);
        FaceCards.Save(cached, bytes);
        return bytes;
    }
}
