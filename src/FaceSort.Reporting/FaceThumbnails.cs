using FaceSort.Core.Library;
using NetVips;

namespace FaceSort.Reporting;

/// <summary>A small JPEG of a face, by its row in the report input; null when the photo is gone or unreadable.</summary>
public interface IFaceThumbnails
{
    byte[]? Jpeg(int face);
}

/// <summary>
/// Cuts face thumbnails from a library's photos as the web app does (a square 1.3× the box, from the EXIF-oriented
/// photo), small enough to sit in a table row.
/// </summary>
public sealed class LibraryFaceThumbnails(IReadOnlyList<FaceRecord> faces, IReadOnlyDictionary<long, PhotoRecord> photos) : IFaceThumbnails
{
    /// <summary>Pixels per side: 96 px shows a face clearly at 48 px on a high-density screen.</summary>
    public const int Size = 96;

    public byte[]? Jpeg(int face)
    {
        var record = faces[face];
        if (!photos.TryGetValue(record.PhotoId, out var photo) || !File.Exists(photo.FullPath)) return null;
        try
        {
            using var loaded = Image.NewFromFile(photo.FullPath, access: Enums.Access.Random);
            using var oriented = loaded.Autorot();
            var box = record.Box;
            var side = Math.Max(box.Width, box.Height) * 1.3f;
            var left = (int)Math.Clamp(box.X + box.Width / 2 - side / 2, 0, oriented.Width - 1);
            var top = (int)Math.Clamp(box.Y + box.Height / 2 - side / 2, 0, oriented.Height - 1);
            var width = (int)Math.Clamp(side, 1, oriented.Width - left);
            var height = (int)Math.Clamp(side, 1, oriented.Height - top);
            using var crop = oriented.Crop(left, top, width, height);
            using var thumb = crop.ThumbnailImage(Size, height: Size);
            using var rgb = thumb.Bands > 3 ? thumb.ExtractBand(0, 3) : thumb.Bands == 2 ? thumb.ExtractBand(0) : thumb.Copy();
            return rgb.JpegsaveBuffer(q: 85, keep: Enums.ForeignKeep.None);
        }
        catch (VipsException)
        {
            return null; // a photo changed or damaged since the scan: the table lists the face without a picture
        }
    }
}
