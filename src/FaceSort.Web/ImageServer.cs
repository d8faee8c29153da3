using FaceSort.Core.Library;
using NetVips;

namespace FaceSort.Web;

/// <summary>
/// Photos and face thumbnails by library id only: the path always comes from the database, never from the request.
/// Thumbnails are cut from the EXIF-oriented photo (the face boxes' coordinate space) and cached on disk.
/// </summary>
public sealed class ImageServer(LibraryDatabase database)
{
    /// <summary>160 px: sharp on high-density screens at the 80 px card size, ~8 KB each.</summary>
    public const int ThumbnailSize = 160;

    /// <summary>Photos are shown at most this wide; the original is never needed in the browser.</summary>
    public const int PreviewSize = 1600;

    private string CacheDirectory => Path.Combine(database.Directory, "thumbs");

    public string? PhotoPath(long photoId) => new PhotoStore(database).Get(photoId) is { Status: PhotoStatus.Done } p && File.Exists(p.FullPath) ? p.FullPath : null;

    /// <summary>A JPEG preview of the photo, oriented upright, or null when the photo is unknown or gone.</summary>
    public byte[]? Preview(long photoId)
    {
        var path = PhotoPath(photoId);
        if (path is null) return null;
        var cached = Path.Combine(CacheDirectory, $"photo-{photoId}.jpg");
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
        var cached = Path.Combine(CacheDirectory, $"face-{faceId}.jpg");
        // A photo edited in place keeps its faces' ids (docs/incremental.md), so the card must be newer than the photo.
        if (IsFresh(cached, path)) return File.ReadAllBytes(cached);
        using var photo = Core.Imaging.VipsPhotoDecoder.OpenUpright(path);
        // 30 % margin around the box so the crop shows the whole head, clamped to the photo.
        var side = Math.Max(face.Box.Width, face.Box.Height) * 1.3f;
        var cx = face.Box.X + face.Box.Width / 2;
        var cy = face.Box.Y + face.Box.Height / 2;
        var left = (int)Math.Clamp(cx - side / 2, 0, photo.Width - 1);
        var top = (int)Math.Clamp(cy - side / 2, 0, photo.Height - 1);
        var width = (int)Math.Clamp(side, 1, photo.Width - left);
        var height = (int)Math.Clamp(side, 1, photo.Height - top);
        using var crop = photo.Crop(left, top, width, height);
        using var thumb = crop.ThumbnailImage(ThumbnailSize, height: ThumbnailSize);
        using var upright = Upright(thumb, face.Landmarks);
        return Save(cached, upright);
    }

    /// <summary>
    /// The thumbnail turned by the quarter turns that put the face's eyes level and above its mouth: a face found in a
    /// sideways or upside-down scan (docs/detection.md, "Turned photos") is shown upright like the others.
    /// </summary>
    private static Image Upright(Image thumb, Core.Detection.Landmarks5 landmarks)
    {
        // From the subject's right eye to the left: (1, 0) in an upright face, turned with the face.
        float dx = landmarks.X1 - landmarks.X0, dy = landmarks.Y1 - landmarks.Y0;
        if (Math.Abs(dx) >= Math.Abs(dy)) return dx >= 0 ? thumb.Copy() : thumb.Rot180();
        return dy > 0 ? thumb.Rot270() : thumb.Rot90();
    }

    private static bool IsFresh(string cached, string photo) =>
        File.Exists(cached) && File.GetLastWriteTimeUtc(cached) >= File.GetLastWriteTimeUtc(photo);

    private byte[] Save(string cached, Image image)
    {
        using var rgb = image.Bands > 3 ? image.ExtractBand(0, 3) : image.Bands == 2 ? image.ExtractBand(0) : image.Copy();
        var bytes = rgb.JpegsaveBuffer(q: 85, keep: Enums.ForeignKeep.None);
        Directory.CreateDirectory(CacheDirectory);
        var temporary = cached + ".tmp" + Environment.CurrentManagedThreadId;
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, cached, overwrite: true);
        return bytes;
    }
}
