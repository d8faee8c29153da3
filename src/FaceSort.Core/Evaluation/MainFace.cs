using FaceSort.Core.Detection;

namespace FaceSort.Core.Evaluation;

/// <summary>
/// The ground-truth rule shared by every labelled set: a labelled photo's identity belongs to its main face, the face
/// whose box centre is nearest the image centre.
/// </summary>
public static class MainFace
{
    /// <summary>Squared distance from the box centre to the centre of a <paramref name="imageWidth"/> × <paramref name="imageHeight"/> photo; the smallest wins.</summary>
    public static double DistanceFromCentre(FaceBox box, double imageWidth, double imageHeight)
    {
        double dx = box.CenterX - imageWidth / 2, dy = box.CenterY - imageHeight / 2;
        return dx * dx + dy * dy;
    }
}
