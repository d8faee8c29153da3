namespace FaceSort.Core.Export;

/// <summary>How a photo gets into a person folder. Originals are never moved, renamed or modified.</summary>
public enum ExportMode
{
    /// <summary>An independent copy: safe everywhere, costs disk space.</summary>
    Copy,

    /// <summary>A second name for the same file: no extra space, same file system only.</summary>
    Hardlink,

    /// <summary>A link to the original's path: no extra space, breaks if the original moves.</summary>
    Symlink,
}

/// <summary>Export settings.</summary>
public sealed record ExportOptions
{
    public ExportMode Mode { get; init; } = ExportMode.Copy;

    /// <summary>Folder for photos with faces that belong to nobody yet.</summary>
    public string UnsortedFolder { get; init; } = "Unsorted";

    /// <summary>Folder for photos in which no face was found.</summary>
    public string NoFacesFolder { get; init; } = "No faces";

    /// <summary>Export hidden people as folders too (off: a hidden person's photos count as belonging to nobody).</summary>
    public bool IncludeHidden { get; init; }

    /// <summary>
    /// Put each exported photo's camera raw file beside it (<c>IMG_0001.CR2</c> next to <c>IMG_0001.JPG</c>: a camera set
    /// to raw + JPEG; the scan reads the picture once, from the JPEG), named after the exported photo. Off by default: a
    /// raw file is 20–60 MB, and a copy doubles or triples a person folder; with hardlinks or symlinks it costs nothing.
    /// </summary>
    public bool WithRawFiles { get; init; }

    /// <summary>
    /// Write an XMP sidecar beside each exported photo that has faces of named people (<c>photo.jpg.xmp</c>: each face's
    /// name and box as MWG regions, <see cref="XmpSidecar"/>), so digiKam, Immich, Lightroom or Mylio show the names when
    /// the person folders are added to them. Off by default: a sidecar beside every photo is clutter to anyone who does
    /// not use such a program. The originals and their own sidecars are never touched.
    /// </summary>
    public bool WithXmpSidecars { get; init; }

    /// <summary>
    /// Put every copy of a picture in its folders. Off by default: a folder holds each picture once, the largest of its
    /// copies (<see cref="PictureCopies"/>: a chat app's forwards of a photo, a copy saved for the web), as it holds a
    /// byte-identical file once; a phone's backup put 101 files of 49 pictures in its family's folders.
    /// </summary>
    public bool AllCopies { get; init; }
}

/// <summary>What an export wrote.</summary>
public sealed record ExportSummary(
    int PeopleFolders, int FilesWritten, int FilesUnchanged, int FilesRemoved, int UnsortedPhotos, int NoFacePhotos,
    IReadOnlyList<Library.SkippedFile> Problems, int SidecarsWritten = 0, int CopiesLeftOut = 0)
{
    /// <summary>Files in the output (relative paths) the export would have written over or removed, left as they are
    /// because the user changed them after an export wrote them, or put them there: from now on they are the user's.</summary>
    public IReadOnlyList<string> KeptAsChanged { get; init; } = [];
}
