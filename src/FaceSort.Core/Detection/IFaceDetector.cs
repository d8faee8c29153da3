using FaceSort.Core.Imaging;

namespace FaceSort.Core.Detection;

/// <summary>Finds faces and their five landmarks. One instance owns one model session and is thread-safe.</summary>
public interface IFaceDetector : IDisposable
{
    /// <summary>Stable id of the model (file name and sha256 prefix), stored with every face it finds.</summary>
    string ModelId { get; }

    /// <summary>
    /// Faces in <paramref name="image"/>, boxes and landmarks in that image's pixels, best score first. Returns every
    /// face at or above <see cref="DetectionOptions.MinScore"/> and <see cref="DetectionOptions.MinFaceSize"/>.
    /// </summary>
    IReadOnlyList<DetectedFace> Detect(RgbImage image);
}
