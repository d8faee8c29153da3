namespace FaceSort.Core.Imaging;

/// <summary>Size and format of a photo as a viewer shows it (EXIF orientation applied), read without decoding pixels.</summary>
/// <param name="TakenAt">When the camera took it, as EXIF writes it with its fraction of a second where there is one
/// (<c>2019:06:12 10:00:00.25</c>); null when the file does not say (a chat app's copy, a scan, a screenshot).</param>
public sealed record PhotoHeader(int Width, int Height, string Format, string? TakenAt = null);

/// <summary>
/// A decoded photo: its pixels (possibly shrunk) and the size of the original as a viewer shows it, and, where the
/// decoder had a larger version of the same pixels at hand anyway, that too (<see cref="Detail"/>; null otherwise).
/// </summary>
public sealed record DecodedPhoto(PhotoHeader Original, RgbImage Image, RgbImage? Detail = null)
{
    /// <summary>Original pixels per decoded pixel (1 when decoded at full size).</summary>
    public float ScaleToOriginal => (float)Original.Width / Image.Width;
}

/// <summary>Turns a photo file into pixels. Implementations are thread-safe.</summary>
public interface IPhotoDecoder
{
    /// <summary>Reads the header only. Throws <see cref="PhotoDecodeException"/> with a reason a user can act on.</summary>
    PhotoHeader ReadHeader(string path);

    /// <summary>
    /// Decodes the photo, EXIF-oriented, shrunk so its longer side is at most <paramref name="maxLongSide"/>
    /// (never enlarged), shrinking while loading where the format allows it.
    /// Throws <see cref="PhotoDecodeException"/> with a user-facing reason for any unreadable input.
    /// </summary>
    RgbImage Decode(string path, int maxLongSide);

    /// <summary>
    /// <see cref="ReadHeader"/> and <see cref="Decode"/> in one pass over the file: what a scan calls once per photo.
    /// </summary>
    DecodedPhoto Load(string path, int maxLongSide) => new(ReadHeader(path), Decode(path, maxLongSide));

    /// <summary>
    /// <see cref="Load(string, int)"/>, and where a larger version of at least <paramref name="detailLongSide"/> on the
    /// longer side costs little more to decode, that too as <see cref="DecodedPhoto.Detail"/>: small faces are cut
    /// from it without decoding the photo again. By default no detail.
    /// </summary>
    DecodedPhoto Load(string path, int maxLongSide, int detailLongSide) => Load(path, maxLongSide);
}

/// <summary>A photo that cannot be used; <see cref="Exception.Message"/> is the per-file reason shown to the user.</summary>
public sealed class PhotoDecodeException : Exception
{
    public PhotoDecodeException(string reason) : base(reason) { }
    public PhotoDecodeException(string reason, Exception inner) : base(reason, inner) { }
    public PhotoDecodeException() { }
}
