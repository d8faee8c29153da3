namespace FaceSort.Core.Imaging;

/// <summary>Decoding limits and sizes.</summary>
public sealed record ImagingOptions
{
    /// <summary>Photos above this many pixels are refused with a reason instead of decoded (a decompression bomb guard).</summary>
    public long MaxPixels { get; init; } = 100_000_000;

    /// <summary>
    /// File extensions (lower case, with dot) a scan looks at; everything else is not a photo. Camera raw files
    /// (<see cref="CameraRawDecoder.Extensions"/>) are among them.
    /// </summary>
    public IReadOnlySet<string> Extensions { get; init; } = new HashSet<string>(
        [".jpg", ".jpeg", ".jpe", ".png", ".webp", ".tif", ".tiff", ".bmp", ".gif", ".heic", ".heif", ".avif", .. CameraRawDecoder.Extensions],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A camera raw file is read through its embedded JPEG preview when that preview's longer side has at least this
    /// many pixels, and demosaicked otherwise. Cameras store a full-size preview or one of 1,616–1,920 px (Sony,
    /// Fujifilm, Panasonic); 1,024 keeps Adobe DNG Converter's medium preview too, still above the 640 px faces are
    /// searched at. Demosaicking a 24-megapixel raw costs seconds; decoding its preview, tens of milliseconds
    /// (docs/imaging.md, "Camera raw files").
    /// </summary>
    public int RawPreviewMinLongSide { get; init; } = 1024;

    /// <summary>
    /// Endings of archive files (lower case, with dot). A scan does not look inside them, but says so for each one it
    /// passes: a family leaving Google Photos gets its photos as Takeout's <c>takeout-…-001.zip</c> (or <c>.tgz</c>)
    /// parts, and a folder of them used to scan as 0 photos without a word (docs/imaging.md, "Google Takeout").
    /// </summary>
    public IReadOnlyList<string> ArchiveEndings { get; init; } =
        [".zip", ".tgz", ".tar", ".tar.gz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".7z", ".rar"];

    /// <summary>
    /// Folders a scan does not enter below the folder it was given (hidden ones, starting with a dot, it never enters):
    /// what a NAS or an operating system keeps beside the photos. Synology writes three thumbnails of every photo in
    /// <c>@eaDir</c> and keeps deleted files in <c>#recycle</c> and snapshots of the share in <c>#snapshot</c>; QNAP
    /// has <c>@Recycle</c> and <c>@Recently-Snapshot</c>, Windows <c>$RECYCLE.BIN</c> and
    /// <c>System Volume Information</c>. Scanned, each photo's thumbnails went into its person's folder and deleted
    /// photos came back (docs/imaging.md, "System folders").
    /// </summary>
    public IReadOnlySet<string> SystemFolders { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "@eaDir", "#recycle", "#snapshot", "@Recycle", "@Recently-Snapshot", "$RECYCLE.BIN", "System Volume Information", "lost+found",
    };

    /// <summary>
    /// Where a phone keeps each app's cache: Android gives every app <c>Android/data/&lt;package&gt;/cache</c>
    /// (getExternalCacheDir), where gallery and chat apps keep small copies (256–512 px) of the photos they show. A
    /// phone's backup copied whole holds them beside the photos; scanned, each copy's face was a second, blurrier
    /// "shot" of its photo, so a stranger's one photo and its cached copy made a person (docs/imaging.md, "A phone's
    /// backup"). The folders are matched by these three names, without case (the folder given to scan is read even if it is one); an app's
    /// <c>files</c> (Telegram keeps its photos there) and <c>Android/media</c> (WhatsApp's since Android 11) are read.
    /// </summary>
    public (string Android, string Data, string Cache) AppCacheFolder { get; init; } = ("Android", "data", "cache");

    /// <summary>
    /// Photo-manager libraries, by the ending of their folder's name, and the folders inside them that hold the
    /// originals: the only ones a scan enters there. Apple Photos keeps each photo once in <c>originals</c> (Photos 5
    /// and later; <c>Masters</c> before, and in iPhoto's <c>.photolibrary</c>) and again as two or three derivatives
    /// (thumbnails, a large preview) and as a render of each edit under <c>resources</c>, <c>Thumbnails</c> and
    /// <c>Previews</c>; scanned whole, a library copied from a Mac put each face in its person three to four times
    /// (docs/imaging.md, "Photo-manager libraries").
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> PhotoLibraryOriginals { get; init; } =
        new Dictionary<string, IReadOnlySet<string>>(StringComparer.OrdinalIgnoreCase)
        {
            [".photoslibrary"] = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "originals", "Masters" },
            [".photolibrary"] = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Masters" },
        };
}
