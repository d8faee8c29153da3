using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using FaceSort.Core.Alignment;
using FaceSort.Core.Detection;
using FaceSort.Core.Imaging;
using FaceSort.Core.Library;

namespace FaceSort.Core.Pipeline;

/// <summary>
/// The per-photo half of a scan that runs on every core: hash, recognise moved or duplicate files, decode shrunk for
/// the detector, detect, and align each face from an image of the right resolution.
/// </summary>
internal sealed class PhotoPreparer(
    IPhotoDecoder decoder, IFaceDetector detector, IFaceAligner aligner, PhotoStore photos, FaceStore faces,
    ScanOptions options, StageTimes times, string currentModels, string libraryDirectory)
{
    // Rows a file of this scan takes over as its moved self (photo id → nothing): one file each.
    private readonly ConcurrentDictionary<long, byte> _claimed = new();

    public PreparedPhoto Prepare(PhotoFile file)
    {
        // Never opened: a named pipe (or a device) reports no bytes like an empty file, and reading it can wait forever.
        if (file.Size == 0) return PreparedPhoto.Failed(file, null, "empty file (0 bytes)");
        string sha256;
        string? picture;
        PreparedPhoto? known;
        try
        {
            using (times.Time(Stage.Hash))
            {
                (sha256, picture) = HashesOf(file.FullPath);
                known = KnownCopy(file, sha256, picture);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return PreparedPhoto.Failed(file, null, e is UnauthorizedAccessException ? "permission denied" : $"cannot read file: {e.Message}");
        }

        if (known is not null) return known;

        try
        {
            return DetectAndAlign(file, sha256) with { PictureHash = picture };
        }
        catch (PhotoDecodeException e)
        {
            return PreparedPhoto.Failed(file, sha256, e.Message);
        }
    }

    private PreparedPhoto? KnownCopy(PhotoFile file, string sha256, string? picture)
    {
        var known = photos.WithHash(sha256);
        bool AtThisPath(PhotoRecord e) => e.RootId == file.RootId && e.RelativePath == file.RelativePath;
        // The same bytes at the same path, only the file's time changed (the collection copied to a new disk without
        // its times, a FAT drive across a daylight-saving change, a backup restored): the faces the current models
        // found stand, and reading it again would cost every photo's models once more. Looked for first, so a photo that
        // also has a copy elsewhere keeps its own faces rather than taking the copy's.
        if (options.SkipUnchanged && known.FirstOrDefault(AtThisPath) is { } same
            && same.Status != PhotoStatus.Failed && same.Models == currentModels)
            return new PreparedPhoto(file, sha256, same.Width, same.Height, same.Format, [], [], MovedFromPhotoId: same.Id, SameContent: true,
                PictureHash: picture);
        // The rows showing this picture with other metadata: the photo tagged since, at this path or moved, or a copy
        // tagged apart.
        var alike = picture is null ? [] : photos.WithPictureHash(picture).Where(e => e.Sha256 != sha256).ToList();
        // The same picture at the same path with other metadata: a tagger wrote keywords, a rating, a caption or a date
        // into the file. What the models see is unchanged, so its faces stand too; only an EXIF orientation change,
        // which turns the picture, or any change to the compressed picture reads it again.
        if (options.SkipUnchanged && alike.FirstOrDefault(AtThisPath) is { } retagged
            && retagged.Status != PhotoStatus.Failed && retagged.Models == currentModels)
            return new PreparedPhoto(file, sha256, retagged.Width, retagged.Height, retagged.Format, [], [], MovedFromPhotoId: retagged.Id,
                SameContent: true, PictureHash: picture, TakenAt: TakenAtOf(file), TakenAtRead: true);
        // Each other row with these bytes, then each with this picture, and whether its file is gone (asked of the disk
        // once per row).
        var others = known.Concat(alike).Where(e => !AtThisPath(e) && e.Status != PhotoStatus.Failed)
            .Select(e => (Row: e, Gone: e.Status == PhotoStatus.Missing || !File.Exists(e.FullPath))).ToList();
        // Moved or renamed: keep the photo's faces, people and corrections under its new path. Every row whose file is
        // gone is looked at before any copy that is still there, the one at the same path below its folder first (a
        // renamed or copied top folder), and each row is taken by one file only: two byte-identical photos moved
        // together each take their own row back. Before, both took the first, or the second took the first's new
        // place for a copy, and the other row stayed behind at the old path, where the export could not find it.
        foreach (var existing in others.Where(e => e.Gone).Select(e => e.Row)
                     .OrderBy(e => e.Sha256 == sha256 ? 0 : 1).ThenBy(e => e.RelativePath == file.RelativePath ? 0 : 1))
        {
            // A row of the same picture with other metadata (moved and tagged) takes the file's camera time, which the
            // tagger may have written or corrected.
            if (_claimed.TryAdd(existing.Id, 0))
                return new PreparedPhoto(file, sha256, existing.Width, existing.Height, existing.Format, [], [], MovedFromPhotoId: existing.Id,
                    PictureHash: picture, TakenAt: existing.Sha256 == sha256 ? existing.TakenAt : TakenAtOf(file), TakenAtRead: existing.Sha256 != sha256);
        }
        foreach (var existing in others.Where(e => !e.Gone).Select(e => e.Row))
        {
            // A copy's faces are reused only when the current models made them; otherwise it is scanned like any photo.
            if (existing.Models is { } made && made != currentModels) continue;
            // The copy's cards are the original's: it is never decoded, and a HEIC card cut on first view costs a full decode.
            var cards = existing.Format is { } format && CutsCards(format);
            var copied = faces.OfPhoto(existing.Id)
                .Select(f => new ScannedFace(f.FaceIndex, f.Box, f.Landmarks, f.Score, f.Embedding, f.Sharpness, cards ? StoredCard(f.Id) : null, CopyOf: f.Id))
                .ToList();
            return new PreparedPhoto(file, sha256, existing.Width, existing.Height, existing.Format, [], [], CopiedFaces: copied,
                PictureHash: picture, Sketch: existing.Sketch, TakenAt: existing.Sha256 == sha256 ? existing.TakenAt : TakenAtOf(file));
        }
        return null;
    }

    /// <summary>The camera time in a file's header (<see cref="PhotoHeader.TakenAt"/>): for a photo whose picture is known
    /// but whose metadata is new, a header read and no model; null when the header cannot be read.</summary>
    private string? TakenAtOf(PhotoFile file)
    {
        try
        {
            return decoder.ReadHeader(file.FullPath).TakenAt;
        }
        catch (PhotoDecodeException)
        {
            return null;
        }
    }

    private PreparedPhoto DetectAndAlign(PhotoFile file, string sha256)
    {
        DecodedPhoto decoded;
        using (times.Time(Stage.Decode))
            decoded = decoder.Load(file.FullPath, options.DetectionMaxSide, options.DetailLongSide);
        var (header, detectionImage) = (decoded.Original, decoded.Image);
        var toOriginal = decoded.ScaleToOriginal;

        // A large photo with small faces is searched again in tiles of a larger version: the detail copy where there is
        // one, else one more decode (a PNG, TIFF or HEIC), which then serves the alignment too.
        RgbImage? larger = null;
        RgbImage? Larger(int side) => decoded.Detail is { } d && Math.Max(d.Width, d.Height) >= Math.Min(side, Math.Max(header.Width, header.Height))
            ? d
            : larger ??= decoder.Decode(file.FullPath, side);
        IReadOnlyList<DetectedFace> found;
        using (times.Time(Stage.Detect))
            found = detector.Detect(detectionImage, toOriginal, Larger);

        var kept = found.Select(f => f.ScaleBy(toOriginal)).ToList();

        var faceBytes = aligner.OutputSize * aligner.OutputSize * 3;
        var aligned = new byte[kept.Count * faceBytes];
        var sharpness = new float[kept.Count];
        var cards = CutsCards(header.Format) ? new byte[]?[kept.Count] : null;
        var sources = AlignmentSources(file, header, detectionImage, decoded.Detail ?? larger, kept);
        for (var i = 0; i < kept.Count; i++)
        {
            var source = sources[i];
            var scale = (float)source.Width / header.Width;
            using (times.Time(Stage.Align))
            {
                aligner.Align(source, kept[i].Landmarks.Scale(scale), aligned.AsSpan(i * faceBytes, faceBytes));
                sharpness[i] = FaceSharpness.Of(aligned.AsSpan(i * faceBytes, faceBytes), aligner.OutputSize);
                if (cards is not null) cards[i] = CardOf(kept[i], header, decoded.Detail is { } detail && detail.Width > source.Width ? detail : source);
            }
        }
        return new PreparedPhoto(file, sha256, header.Width, header.Height, header.Format, kept, aligned, Sharpness: sharpness, Cards: cards,
            Sketch: PictureSketch.Of(detectionImage), TakenAt: header.TakenAt);
    }

    private byte[]? StoredCard(long faceId)
    {
        try
        {
            return File.ReadAllBytes(FaceCards.PathOf(libraryDirectory, faceId));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private bool CutsCards(string format) => options.CutFaceCards switch
    {
        FaceCardCutting.All => true,
        FaceCardCutting.SlowToDecode => format is "heic" or "avif" or "heif" or "raw",
        _ => false,
    };

    /// <summary>
    /// The image each face is cut from: the first of the detection image, the decoder's detail copy (if any) and one
    /// more decode of the photo in which the face's eyes are at least 0.7 × <see cref="ScanOptions.AlignmentEyeDistance"/>
    /// apart (the aligner averages a larger face down itself); an image that is the photo at full size always serves.
    /// The extra decode is made once per photo, at the size the smallest of its faces needs to have its eyes that far
    /// apart: a group photo's faces all differ in size, and a decode per size cost a 12-megapixel group photo up to a
    /// dozen decodes of 50–120 ms.
    /// </summary>
    private RgbImage[] AlignmentSources(PhotoFile file, PhotoHeader header, RgbImage detectionImage, RgbImage? detail, IReadOnlyList<DetectedFace> faces)
    {
        var sources = new RgbImage[faces.Count];
        var longSide = Math.Max(header.Width, header.Height);
        var largest = 0;
        for (var i = 0; i < faces.Count; i++)
        {
            var eyes = Math.Max(1f, faces[i].Landmarks.EyeDistance);
            if (Serves(detectionImage, eyes)) sources[i] = detectionImage;
            else if (detail is not null && Serves(detail, eyes)) sources[i] = detail;
            else largest = Math.Max(largest, Math.Min(longSide, (int)Math.Ceiling(longSide * Math.Min(1f, options.AlignmentEyeDistance / eyes))));
        }
        if (largest == 0) return sources;
        RgbImage larger;
        using (times.Time(Stage.Decode))
            larger = decoder.Decode(file.FullPath, largest);
        for (var i = 0; i < faces.Count; i++) sources[i] ??= larger;
        return sources;

        bool Serves(RgbImage image, float eyesInOriginal) =>
            image.Width >= header.Width || eyesInOriginal * image.Width / header.Width >= 0.7f * options.AlignmentEyeDistance;
    }

    /// <summary>The face's card cut from <paramref name="image"/> (the photo at some scale), or null where that scale is too small.</summary>
    private static byte[]? CardOf(DetectedFace face, PhotoHeader header, RgbImage image)
    {
        var scale = (float)image.Width / header.Width;
        return FaceCards.Cut(image, face.Box.Scale(scale), face.Landmarks.Scale(scale), fullSize: image.Width >= header.Width);
    }

    /// <summary>
    /// The SHA-256 of all of the file's bytes (copies, moves, the export manifest) and the hash of its picture without
    /// its metadata (<see cref="PictureHash"/>; JPEG only), from one read. A file larger than any photo is streamed
    /// through SHA-256 alone rather than held in memory.
    /// </summary>
    private static (string Sha256, string? Picture) HashesOf(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var length = stream.Length;
        if (length > MaxBufferedFile) return (Convert.ToHexStringLower(SHA256.HashData(stream)), null);
        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var read = 0;
            for (int n; read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0;) read += n;
            // The file may have grown since its length was taken: hash what it holds now, as a stream would.
            if (read == buffer.Length && stream.ReadByte() >= 0)
            {
                stream.Position = 0;
                return (Convert.ToHexStringLower(SHA256.HashData(stream)), null);
            }
            var bytes = buffer.AsSpan(0, read);
            return (Convert.ToHexStringLower(SHA256.HashData(bytes)), PictureHash.Of(bytes));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Larger than any camera's JPEG (a 100-megapixel one is about 60 MB) and small enough to hold once per worker.
    private const long MaxBufferedFile = 256L << 20;
}
