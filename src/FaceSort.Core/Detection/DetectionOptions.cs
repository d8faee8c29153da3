namespace FaceSort.Core.Detection;

/// <summary>Detection settings. Defaults are documented in docs/detection.md with the measurements behind them.</summary>
public sealed record DetectionOptions
{
    /// <summary>Faces scoring below this are dropped. Chosen on dlib-faces (precision/recall), see docs/detection.md.</summary>
    public float MinScore { get; init; } = 0.6f;

    /// <summary>Faces whose shorter box side is under this many pixels of the original photo are too small to recognise.</summary>
    public int MinFaceSize { get; init; } = 20;

    /// <summary>Overlap above which the lower-scoring of two boxes is the same face (OpenCV's FaceDetectorYN uses 0.3).</summary>
    public float NmsIouThreshold { get; init; } = 0.3f;

    /// <summary>Longest side of the image the detector sees; YuNet's input is 640×640.</summary>
    public int InputSize { get; init; } = 640;

    /// <summary>
    /// When a small photo yields no face, run again on a copy with a border of this fraction of its longer side:
    /// tight face crops (the face fills the frame) are otherwise missed. 0 disables the retry.
    /// </summary>
    public float TightCropPadding { get; init; } = 0.25f;
}
