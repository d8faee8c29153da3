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
    ScanOptions options, StageTimes times, string currentModels)
{
    public PreparedPhoto Prepare(PhotoFile file)
    {
        string sha256;
        PreparedPhoto? known;
        try
        {
            using (times.Time(Stage.Hash))
            {
                sha256 = HashOf(file.FullPath);
                known = KnownCopy(file, sha256);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return PreparedPhoto.Failed(file, null, e is UnauthorizedAccessException ? "permission denied" : $"cannot read file: {e.Message}");
        }

        if (known is not null) return known;

        try
        {
            return DetectAndAlign(file, sha256);
        }
        catch (PhotoDecodeException e)
        {
            return PreparedPhoto.Failed(file, sha256, e.Message);
        }
    }

    private PreparedPhoto? KnownCopy(PhotoFile file, string sha256)
    {
        foreach (var existing in photos.WithHash(sha256))
        {
            if (existing.RootId == file.RootId && existing.RelativePath == file.RelativePath) continue;
            if (existing.Status == PhotoStatus.Failed) continue;
            if (existing.Status == PhotoStatus.Missing || !File.Exists(existing.FullPath))
            {
                // Moved or renamed: keep the photo's faces, people and corrections under its new path.
                return new PreparedPhoto(file, sha256, existing.Width, existing.Height, existing.Format, [], [], MovedFromPhotoId: existing.Id);
            }
            // A copy's faces are reused only when the current models made them; otherwise it is scanned like any photo.
            if (existing.Models is { } made && made != currentModels) continue;
            var copied = faces.OfPhoto(existing.Id)
                .Select(f => new ScannedFace(f.FaceIndex, f.Box, f.Landmarks, f.Score, f.Embedding, f.Sharpness))
                .ToList();
            return new PreparedPhoto(file, sha256, existing.Width, existing.Height, existing.Format, [], [], CopiedFaces: copied);
        }
        return null;
    }

    private PreparedPhoto DetectAndAlign(PhotoFile file, string sha256)
    {
        DecodedPhoto decoded;
        using (times.Time(Stage.Decode))
            decoded = decoder.Load(file.FullPath, options.DetectionMaxSide);
        var (header, detectionImage) = (decoded.Original, decoded.Image);
        var toOriginal = decoded.ScaleToOriginal;

        IReadOnlyList<DetectedFace> found;
        using (times.Time(Stage.Detect))
            found = detector.Detect(detectionImage, toOriginal);

        var kept = found.Select(f => f.ScaleBy(toOriginal)).ToList();

        var faceBytes = aligner.OutputSize * aligner.OutputSize * 3;
        var aligned = new byte[kept.Count * faceBytes];
        var sharpness = new float[kept.Count];
        var sources = new Dictionary<int, RgbImage> { [detectionImage.Width] = detectionImage };
        for (var i = 0; i < kept.Count; i++)
        {
            var source = AlignmentSource(file, header, kept[i], sources);
            var scale = (float)source.Width / header.Width;
            using (times.Time(Stage.Align))
            {
                aligner.Align(source, kept[i].Landmarks.Scale(scale), aligned.AsSpan(i * faceBytes, faceBytes));
                sharpness[i] = FaceSharpness.Of(aligned.AsSpan(i * faceBytes, faceBytes), aligner.OutputSize);
            }
        }
        return new PreparedPhoto(file, sha256, header.Width, header.Height, header.Format, kept, aligned, Sharpness: sharpness);
    }

    /// <summary>
    /// The image to cut a face from: one where the eyes are about <see cref="ScanOptions.AlignmentEyeDistance"/> apart,
    /// decoded once per size and shared by the photo's faces. The detection image serves when it is close enough.
    /// </summary>
    private RgbImage AlignmentSource(PhotoFile file, PhotoHeader header, DetectedFace face, Dictionary<int, RgbImage> sources)
    {
        var longSide = Math.Max(header.Width, header.Height);
        var eyes = Math.Max(1f, face.Landmarks.EyeDistance);
        var wanted = Math.Min(1f, options.AlignmentEyeDistance / eyes);
        var detectionWidth = sources.Keys.Min();
        var detectionScale = (float)detectionWidth / header.Width;
        var detectionEyes = eyes * detectionScale;
        var detectionIsFullSize = detectionWidth >= header.Width;
        if ((detectionEyes >= 0.7f * options.AlignmentEyeDistance || detectionIsFullSize) && detectionEyes <= 2f * options.AlignmentEyeDistance)
            return sources[detectionWidth];

        // Round the size up to a multiple of 64 px so nearby faces share one decode.
        var targetLong = Math.Min(longSide, (int)Math.Ceiling(longSide * wanted / 64.0) * 64);
        var targetWidth = (int)Math.Round((double)header.Width * targetLong / longSide);
        var existing = sources.Keys.FirstOrDefault(w => Math.Abs(w - targetWidth) <= 1);
        if (existing != 0) return sources[existing];
        RgbImage decoded;
        using (times.Time(Stage.Decode))
            decoded = decoder.Decode(file.FullPath, targetLong);
        sources[decoded.Width] = decoded;
        return decoded;
    }

    private static string HashOf(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
