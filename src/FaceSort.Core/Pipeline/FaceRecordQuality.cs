using FaceSort.Core.Clustering;
using FaceSort.Core.Library;

namespace FaceSort.Core.Pipeline;

/// <summary>A stored face's <see cref="FaceQuality"/>, in one place for every stage that reads faces from the library.</summary>
public static class FaceRecordQuality
{
    public static float Quality(this FaceRecord face) => FaceQuality.Of(face.Score, face.Box.Width, face.Box.Height, face.Sharpness);
}
