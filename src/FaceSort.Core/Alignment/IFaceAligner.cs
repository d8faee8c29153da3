using FaceSort.Core.Detection;
using FaceSort.Core.Imaging;

namespace FaceSort.Core.Alignment;

/// <summary>Cuts a face out of a photo onto a fixed template so that the embedder sees every face the same way.</summary>
public interface IFaceAligner
{
    /// <summary>Side of the square output in pixels (112 for ArcFace-style recognisers).</summary>
    int OutputSize { get; }

    /// <summary>
    /// Writes the aligned face as interleaved RGB bytes (<c>OutputSize² × 3</c>) into <paramref name="destination"/>.
    /// <paramref name="landmarks"/> are in <paramref name="source"/>'s pixels. Pixels outside the source are black.
    /// </summary>
    void Align(RgbImage source, Landmarks5 landmarks, Span<byte> destination);
}
