namespace FaceSort.Core.Pipeline;

/// <summary>How a scan runs.</summary>
public sealed record ScanOptions
{
    /// <summary>Photos decoded and searched at once. Default: one per core, so both cores stay busy on a laptop.</summary>
    public int DecodeWorkers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// Batches embedded at once. Default: one per core. With one thread per model call, two concurrent calls keep both
    /// cores busy, where one call split over two threads wastes time synchronising (5.5 vs 8.8 core-ms per face).
    /// </summary>
    public int EmbedWorkers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Faces per embedding call, collected across photos.</summary>
    public int EmbedBatchSize { get; init; } = 16;

    /// <summary>Longer side of the image the detector sees (YuNet's 640×640 input).</summary>
    public int DetectionMaxSide { get; init; } = 640;

    /// <summary>
    /// Least longer side of the larger copy a JPEG bigger than the detector's image is decoded to along with it, for
    /// cutting small faces: in a 4,000 px photo it serves faces whose eyes are 1.8 % of the photo's width apart, where
    /// the detector's 640 px image serves from 5.5 %. Twice the detector's side: a 12-megapixel JPEG then decodes at 1/2
    /// instead of 1/4 of its size, 46 against 38 ms, where a second decode for its small faces cost 45–120 ms
    /// (docs/pipeline.md, "Camera-sized photos"). 0: no copy.
    /// </summary>
    public int DetailLongSide { get; init; } = 1280;

    /// <summary>
    /// Target eye distance, in pixels, of the image a face is aligned from. The 112×112 template has 35 px between the
    /// eyes; sampling from about 1.4× that keeps detail without aliasing, so faces are cut from the full-resolution
    /// photo when the detection image is too coarse, and from a shrunken copy when a face is huge.
    /// </summary>
    public float AlignmentEyeDistance { get; init; } = 50;

    /// <summary>
    /// How long one file may be read before the progress names it (<see cref="ScanProgress.SlowRead"/>). A 100-megapixel
    /// photo decodes in a few seconds here, so a file read far longer has an image library stuck on it; a user who ends
    /// the scan then knows which file, and the next scan reads it alone (<see cref="Library.ReadingJournal"/>).
    /// </summary>
    public TimeSpan SlowReadNotice { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Photos per library transaction: a kill loses at most this many photos of work.</summary>
    public int WriteBatchSize { get; init; } = 64;

    /// <summary>Skip files whose path, size and modification time match the library, and (after hashing) files whose
    /// content matches what the library read at that path before.</summary>
    public bool SkipUnchanged { get; init; } = true;

    /// <summary>
    /// Which faces get their card (<see cref="Library.FaceCards"/>) cut from the pixels the scan decoded, where they
    /// hold it at full sharpness, and stored in the library folder; the web app cuts any other card on first view. By
    /// default the faces of photos that cannot be shrunk while decoding (HEIC, AVIF): cut later, each of their cards
    /// costs a full decode of the photo (0.76 s for a 12-megapixel HEIC against 0.09 s for a JPEG), so a person page of
    /// an iPhone library took seconds per card on first view; a card is ~8 KB on disk. The web app's scans cut all.
    /// </summary>
    public FaceCardCutting CutFaceCards { get; init; } = FaceCardCutting.SlowToDecode;
}

/// <summary>Which faces a scan cuts cards for (<see cref="ScanOptions.CutFaceCards"/>).</summary>
public enum FaceCardCutting
{
    /// <summary>None: every card is cut on first view.</summary>
    None,

    /// <summary>
    /// Faces of photos whose format cannot be shrunk while decoding (HEIC, AVIF, other HEIF), and of camera raw files
    /// (a card on first view reads the raw file's preview at full size, or demosaicks it).
    /// </summary>
    SlowToDecode,

    /// <summary>Every face.</summary>
    All,
}
