namespace FaceSort.Core.Detection;

/// <summary>Detection settings. Defaults are documented in docs/detection.md with the measurements behind them.</summary>
public sealed record DetectionOptions
{
    /// <summary>
    /// Faces scoring below this are dropped; null (the default) uses the detector's own calibrated threshold, because
    /// two models' scores mean different things. YuNet 0.75: inside the range (0.70–0.86) where it has precision and
    /// recall 1.0 on dlib-faces' 43 hand-boxed faces, nearer its lower end because real collections hold harder faces
    /// than those frontal ones. SCRFD 0.65: the lower end of its perfect range on the same boxes (0.65–0.75); at YuNet's
    /// 0.75 it misses tight crops (docs/detection.md).
    /// </summary>
    public float? MinScore { get; init; }

    /// <summary>Faces whose shorter box side is under this many pixels of the original photo are too small to recognise.</summary>
    public int MinFaceSize { get; init; } = 20;

    /// <summary>Overlap above which the lower-scoring of two boxes is the same face (OpenCV's FaceDetectorYN uses 0.3).</summary>
    public float NmsIouThreshold { get; init; } = 0.3f;

    /// <summary>
    /// Side of the square network input for models whose input size is not fixed (SCRFD); YuNet's is fixed at 640×640
    /// and read from the model. Photos larger than the input are shrunk to fit it.
    /// </summary>
    public int InputSize { get; init; } = 640;

    /// <summary>
    /// Every photo is detected inside a border of this fraction of its longer side, as far as the network input has
    /// room for it without shrinking the photo (a large photo gets none, a portrait crop the whole border). A face that
    /// touches the frame edge otherwise gets misplaced landmarks and so a poor embedding: faceapi-bbt's bernadette3
    /// resembles her other four portraits at 0.17–0.29 without the border and 0.52–0.62 with it, and glint12's
    /// same-person pairs accepted at one false match in a thousand rise from 66.6 % to 69.6 % (docs/detection.md).
    /// 0.25 is <see cref="TightCropPadding"/>'s measured value, reused. 0 disables.
    /// </summary>
    public float EdgePadding { get; init; } = 0.25f;

    /// <summary>
    /// When a photo that fits the input unshrunk yields no face, and <see cref="EdgePadding"/> gave it a narrower
    /// border than this, run again on a copy with a border of this fraction of its longer side (shrunk to fit if need
    /// be): tight face crops (the face fills the frame) are otherwise missed. 0 disables the retry.
    /// </summary>
    public float TightCropPadding { get; init; } = 0.25f;

    /// <summary>
    /// A photo whose best face upright scores below this is detected again in copies turned a quarter, three quarters
    /// and half a turn, and a turn whose best face reaches this score and whose faces score higher in sum replaces the
    /// upright result (boxes and landmarks mapped back to the photo). Scanned prints and photos whose EXIF orientation
    /// was lost show faces sideways, which the detector misses, or upside down, which it finds with wrong landmarks
    /// (so useless embeddings) at lower scores. Null (the default) uses the detector's own bar: YuNet 0.9, chosen on lfw
    /// turned four ways (the lowest round score at which 99 % of its upside-down photos are put right); SCRFD none, its
    /// scores being on another scale (docs/detection.md, "Turned photos"). 0 disables.
    /// </summary>
    public float? TurnedPhotoScore { get; init; }

    /// <summary>
    /// A photo at least this many pixels on its long side is searched turned (as <see cref="TurnedPhotoScore"/> says)
    /// even when it has a clear upright face, and the clear faces of every turn are kept where the upright photo has
    /// none: a flatbed scan of a page of prints (2,480 px at 300 dpi for A4) or a phone photo of an album page where
    /// one print lies sideways or upside down beside upright ones, whose faces are otherwise missed (12 of 60 prints'
    /// faces on the pages of bench/reference/scanned_prints.py). 0 (the default): only photos without a clear face
    /// are searched turned, because the three 320 px looks cost every camera-sized photo 13-18 ms of detection, 10-20 %
    /// of its scan (docs/detection.md, "Scanned prints and album pages"); 2,000 finds them all.
    /// </summary>
    public int TurnedPrintsLongSide { get; init; }

    /// <summary>The <see cref="TurnedPrintsLongSide"/> that <c>--scanned-prints</c> sets: below an A4 page at 300 dpi
    /// (2,480 px) and a phone's album-page photo (4,032 px); on the pages of bench/reference/scanned_prints.py it
    /// finds every turned print's clear face.</summary>
    public const int ScannedPrintsLongSide = 2000;

    /// <summary>
    /// Before a turned copy is detected in full, it is looked at with a network input of at most this side (for models
    /// that take any input size), and skipped when nothing is found there: most photos that reach the retry have no
    /// face at all. 0 detects every turn in full (docs/detection.md, "Turned photos").
    /// </summary>
    public int TurnedProbeSize { get; init; } = 320;

    /// <summary>
    /// A photo whose original is at least this many pixels on its long side, and whose whole-image detection gives a
    /// face smaller than <see cref="SmallFaceHint"/>, is searched again in overlapping tiles of about the network's
    /// input size cut from a version of it this large (the decoder's detail copy, else one more decode): at 640 px the
    /// faces of a class photo or a wedding group (40-120 px in a 4,000 px photo) are 6-19 px, and half of them were
    /// missed (bench/reference/group_photos.py: 119 of 240). The tiles' faces are added where the whole image has none;
    /// its own faces stay as they were. 1,280: twice the detector's resolution in 2×2 tiles for a 4:3 photo
    /// (docs/detection.md, "Small faces in large photos"). 0 disables.
    /// </summary>
    public int SmallFaceLongSide { get; init; } = 1280;

    /// <summary>
    /// The shorter box side, in the detection image's pixels (640 on the long side), under which a face found in the
    /// whole image says the photo may hold more faces too small to see there, and so is searched in tiles
    /// (<see cref="SmallFaceLongSide"/>). Without such a face a photo pays nothing: every ordinary camera photo with
    /// nobody or with faces of a portrait's size. 24: above the smallest face of every group photo at 640 (7-15 px),
    /// below that of the camera-sized set's group photos (29 px); tiling every large photo doubled their CPU (docs/detection.md, "Small faces in large photos").
    /// </summary>
    public float SmallFaceHint { get; init; } = 24;

    /// <summary>How the tight-crop border is filled; measured on glint12 (docs/detection.md).</summary>
    public TightCropBorder TightCropBorder { get; init; } = TightCropBorder.Black;

    /// <summary>
    /// ONNX Runtime threads inside one detection. 1 because the scan detects several photos in parallel, which uses the
    /// cores better than splitting one small network run (docs/detection.md times 1 against 2).
    /// </summary>
    public int IntraOpThreads { get; init; } = 1;
}
