using FaceSort.Core.Imaging;

namespace FaceSort.Core.Detection;

/// <summary>Finds faces and their five landmarks. One instance owns one model session and is thread-safe.</summary>
public interface IFaceDetector : IDisposable
{
    /// <summary>Stable id of the model (file name and sha256 prefix), stored with every face it finds.</summary>
    string ModelId { get; }

    /// <summary>
    /// Faces in <paramref name="image"/>, boxes and landmarks in that image's pixels, best score first (landmarks in
    /// <see cref="Landmarks5"/>'s order). Returns every face at or above <see cref="DetectionOptions.MinScore"/> whose
    /// shorter box side, measured in the ORIGINAL photo's pixels, is at least <see cref="DetectionOptions.MinFaceSize"/>.
    /// Boxes of faces at the border may extend past the image. A photo without a clear face upright may be searched
    /// turned as well (<see cref="DetectionOptions.TurnedPhotoScore"/>); its faces are still given in this image's pixels.
    /// </summary>
    /// <param name="image">The photo as decoded, possibly shrunk on load.</param>
    /// <param name="scaleToOriginal">
    /// Original photo pixels per pixel of <paramref name="image"/> (original long side / image long side; 1 when the
    /// photo was decoded at full size). Used only for the size filter; results stay in <paramref name="image"/>'s pixels.
    /// </param>
    IReadOnlyList<DetectedFace> Detect(RgbImage image, float scaleToOriginal = 1f);

    /// <summary>
    /// <see cref="Detect(RgbImage, float)"/>, and where <paramref name="image"/> is a large photo shrunk and shows small
    /// faces, a search for more in tiles of a larger version of it (<see cref="DetectionOptions.SmallFaceLongSide"/>).
    /// Faces are still given in <paramref name="image"/>'s pixels; the faces the whole image gives are kept as they are.
    /// </summary>
    /// <param name="larger">
    /// Asked at most once, with a long side: the photo (same orientation) with at least that long side, or its largest
    /// version if the photo is smaller; null if there is none. Not asked for photos the search leaves alone.
    /// </param>
    IReadOnlyList<DetectedFace> Detect(RgbImage image, float scaleToOriginal, Func<int, RgbImage?>? larger) => Detect(image, scaleToOriginal);
}
