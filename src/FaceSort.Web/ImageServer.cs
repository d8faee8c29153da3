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
    /// <exception cref="UnreadablePhotoException">The photo's file can no longer be read as a picture.</exception>
    public byte[]? Preview(long photoId)
    {
        var path = PhotoPath(photoId);
        if (path is null) return null;
        var cached = FaceCards.PreviewPathOf(database.Directory, photoId);
        if (IsFresh(cached, path)) return File.ReadAllBytes(cached);
        return Decoded(path, () =>
        {
            using var image = Core.Imaging.VipsPhotoDecoder.ThumbnailUpright(path, PreviewSize);
            return Save(cached, image);
        });
    }

    /// <summary>A square JPEG of the face with a margin, or null when the face is unknown.</summary>
    /// <exception cref="UnreadablePhotoException">The photo's file can no longer be read as a picture.</exception>
    public byte[]? FaceThumbnail(long faceId)
    {
        var face = new FaceStore(database).Get(faceId);
        if (face is null) return null;
        var path = PhotoPath(face.PhotoId);
        if (path is null) return null;
        var cached = FaceCards.PathOf(database.Directory, faceId);
        // A photo edited in place keeps its faces' ids (docs/incremental.md), so the card must be newer than the photo.
        if (IsFresh(cached, path)) return File.ReadAllBytes(cached);
        return Decoded(path, () =>
        {
            using var photo = Core.Imaging.VipsPhotoDecoder.OpenUpright(path);
            using var card = FaceCards.Cut(photo, face.Box, face.Landmarks, fullSize: true)
                ?? throw new Core.Imaging.PhotoDecodeException("the face lies outside the photo as it is now");
            return Save(cached, card);
        });
    }

    // A photo replaced by a damaged file since its scan (a sync cut short) was a 500 with no reason; the page now gets
    // the reason, and the next scan stores it.
    private static byte[] Decoded(string path, Func<byte[]> decode)
    {
        try
        {
            return decode();
        }
        catch (Exception e) when (e is Core.Imaging.PhotoDecodeException or VipsException or IOException or UnauthorizedAccessException)
        {
            var reason = string.Join("; ", e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            throw new UnreadablePhotoException($"{Path.GetFileName(path)} can no longer be read ({reason}); scan its folder again to update the library");
        }
    }

    private static bool IsFresh(string cached, string photo) =>
        File.Exists(cached) && File.GetLastWriteTimeUtc(cached) >= File.GetLastWriteTimeUtc(photo);

    private static byte[] Save(string cached, Image image)
    {
        var bytes = FaceCards.Jpeg(image);
        try
        {
            FaceCards.Save(cached, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written (a full disk) costs the next request a decode, not this one its picture.
        }
        return bytes;
    }
}

/// <summary>A photo in the library whose file no longer reads as a picture.</summary>
public sealed class UnreadablePhotoException(string message) : Exception(message)
{
}
