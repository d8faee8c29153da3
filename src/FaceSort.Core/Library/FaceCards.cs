using FaceSort.Core.Detection;
using FaceSort.Core.Imaging;
using NetVips;

namespace FaceSort.Core.Library;

/// <summary>
/// A face's card: a square JPEG of the face with a margin, turned upright, as the web app shows it. Cards are kept in
/// the library folder by face id; the web app cuts one on first view from the photo, and a scan that asks for them
/// (<see cref="Pipeline.ScanOptions.CutFaceCards"/>) cuts them from the pixels it has decoded anyway: a HEIC photo costs
/// a full decode per card otherwise (0.76 s against 0.09 s for a 12-megapixel JPEG, docs/imaging.md).
/// </summary>
public static class FaceCards
{
    /// <summary>160 px: sharp on high-density screens at the 80 px card size, ~8 KB each.</summary>
    public const int Size = 160;

    /// <summary>The box grows by this much around the face, so the card shows the whole head.</summary>
    private const float Margin = 1.3f;

    public static string DirectoryOf(string libraryDirectory) => Path.Combine(libraryDirectory, "thumbs");

    public static string PathOf(string libraryDirectory, long faceId) => Path.Combine(DirectoryOf(libraryDirectory), $"face-{faceId}.jpg");

    /// <summary>The web app's preview of a photo, kept beside the cards by photo id.</summary>
    public static string PreviewPathOf(string libraryDirectory, long photoId) => Path.Combine(DirectoryOf(libraryDirectory), $"photo-{photoId}.jpg");

    /// <summary>
    /// The card of the face at <paramref name="box"/> in <paramref name="photo"/> (upright, EXIF orientation applied;
    /// box and landmarks in its pixels), or null when the photo holds fewer pixels across the card's square than the
    /// card has: then only the full-size photo gives a sharp card.
    /// </summary>
    public static Image? Cut(Image photo, FaceBox box, Landmarks5 landmarks, bool fullSize)
    {
        var side = Math.Max(box.Width, box.Height) * Margin;
        if (!fullSize && side < Size) return null;
        var cx = box.X + box.Width / 2;
        var cy = box.Y + box.Height / 2;
        var left = (int)Math.Clamp(cx - side / 2, 0, photo.Width - 1);
        var top = (int)Math.Clamp(cy - side / 2, 0, photo.Height - 1);
        var width = (int)Math.Clamp(side, 1, photo.Width - left);
        var height = (int)Math.Clamp(side, 1, photo.Height - top);
        using var crop = photo.Crop(left, top, width, height);
        using var thumb = crop.ThumbnailImage(Size, height: Size);
        return Upright(thumb, landmarks);
    }

    /// <summary><see cref="Cut(Image, FaceBox, Landmarks5, bool)"/> from decoded pixels, as JPEG bytes.</summary>
    public static byte[]? Cut(RgbImage photo, FaceBox box, Landmarks5 landmarks, bool fullSize)
    {
        using var memory = VipsPhotoDecoder.Wrap(photo);
        using var card = Cut(memory, box, landmarks, fullSize);
        return card is null ? null : Jpeg(card);
    }

    public static byte[] Jpeg(Image card)
    {
        using var rgb = card.Bands > 3 ? card.ExtractBand(0, 3) : card.Bands == 2 ? card.ExtractBand(0) : card.Copy();
        return rgb.JpegsaveBuffer(q: 85, keep: Enums.ForeignKeep.None);
    }

    /// <summary>Writes a card through a temporary file, so a reader never sees half of one.</summary>
    public static void Save(string path, byte[] jpeg)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp" + Environment.CurrentManagedThreadId;
        File.WriteAllBytes(temporary, jpeg);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// The card turned by the quarter turns that put the face's eyes level and above its mouth: a face found in a
    /// sideways or upside-down scan (docs/detection.md, "Turned photos") is shown upright like the others.
    /// </summary>
    private static Image Upright(Image thumb, Landmarks5 landmarks)
    {
        // From the subject's right eye to the left: (1, 0) in an upright face, turned with the face.
        float dx = landmarks.X1 - landmarks.X0, dy = landmarks.Y1 - landmarks.Y0;
        if (Math.Abs(dx) >= Math.Abs(dy)) return dx >= 0 ? thumb.Copy() : thumb.Rot180();
        return dy > 0 ? thumb.Rot270() : thumb.Rot90();
    }
}
