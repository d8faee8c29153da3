using System.Buffers;
using FaceSort.Core.Imaging;

namespace FaceSort.Core.Detection;

/// <summary>
/// The search of a large photo for faces too small to be seen at the detector's size
/// (<see cref="DetectionOptions.SmallFaceLongSide"/>): the photo at that long side is cut into overlapping tiles of about
/// the network's input, each tile is detected as it is, and the tiles' faces are mapped back and added where the whole
/// image has no face.
/// </summary>
/// <remarks>
/// Tiles are cut from the larger image the caller has (a 4,000 px JPEG's 2,000 px detail copy) and shrunk into the
/// network input by the letterbox's area average, so no image at the tiles' scale is made. Tiles overlap by
/// <see cref="Overlap"/> input pixels, so every face up to that size lies whole in one tile; a face that reaches a tile's
/// inner edge is cut by it and is left to the tile beside it. Larger faces are the whole image's.
/// </remarks>
internal static class SmallFaceTiles
{
    /// <summary>Overlap of neighbouring tiles in network-input pixels: twice the largest face the whole image misses (about 20 px at 640).</summary>
    internal const int Overlap = 64;

    /// <summary>A face box this close (input pixels) to a tile's inner edge is taken as cut by it.</summary>
    private const float EdgeMargin = 2;

    public static List<DetectedFace> Search(LetterboxFaceDetector detector, RgbImage image, RgbImage larger, float scaleToOriginal, List<DetectedFace> faces)
    {
        var largerLong = Math.Max(larger.Width, larger.Height);
        var imageLong = Math.Max(image.Width, image.Height);
        // Tiles at the asked-for scale, or at the larger image's own if it is smaller; not worth it under 1.5×.
        var side = Math.Min(largerLong, detector.Options.SmallFaceLongSide);
        if (side < 1.5f * imageLong) return faces;
        var inputSide = detector.InputSize.Width;
        var cut = (float)largerLong / side;                       // larger-image pixels per tile-input pixel
        var toImage = (float)image.Width / larger.Width;          // image pixels per larger-image pixel
        var largerToOriginal = scaleToOriginal * toImage;
        var (columns, tileWidth) = Grid(larger.Width / cut, inputSide);
        var (rows, tileHeight) = Grid(larger.Height / cut, inputSide);
        var cropWidth = Math.Min(larger.Width, (int)Math.Ceiling(tileWidth * cut));
        var cropHeight = Math.Min(larger.Height, (int)Math.Ceiling(tileHeight * cut));
        var buffer = ArrayPool<byte>.Shared.Rent(cropWidth * cropHeight * 3);
        var found = new List<DetectedFace>();
        try
        {
            var tile = new RgbImage(cropWidth, cropHeight, buffer);
            for (var r = 0; r < rows; r++)
            {
                var y0 = rows == 1 ? 0 : (int)Math.Round((double)r * (larger.Height - cropHeight) / (rows - 1));
                for (var c = 0; c < columns; c++)
                {
                    var x0 = columns == 1 ? 0 : (int)Math.Round((double)c * (larger.Width - cropWidth) / (columns - 1));
                    Crop(larger, x0, y0, tile);
                    var margin = EdgeMargin * cut;
                    foreach (var f in detector.DetectTile(tile, largerToOriginal, tileWidth, tileHeight))
                    {
                        var b = f.Box;
                        if ((c > 0 && b.X < margin) || (c < columns - 1 && b.Right > cropWidth - margin)
                            || (r > 0 && b.Y < margin) || (r < rows - 1 && b.Bottom > cropHeight - margin))
                            continue;
                        found.Add(MapBack(f, x0, y0, toImage));
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return found.Count == 0 ? faces : Merged(faces, found, detector.Options.NmsIouThreshold);
    }

    /// <summary>
    /// Tiles along one side of <paramref name="length"/> input pixels: as many as inputs of <paramref name="inputSide"/>
    /// it takes, each that share of the side plus <see cref="Overlap"/>, rounded up to the networks' multiple of 32.
    /// </summary>
    internal static (int Count, int Size) Grid(float length, int inputSide)
    {
        var count = Math.Max(1, (int)Math.Ceiling(length / inputSide));
        if (count == 1) return (1, Math.Max(32, ((int)Math.Ceiling(length) + 31) / 32 * 32));
        var size = ((int)Math.Ceiling(length / count) + Overlap + 31) / 32 * 32;
        return (count, size);
    }

    private static void Crop(RgbImage source, int x0, int y0, RgbImage tile)
    {
        var rowBytes = tile.Width * 3;
        for (var y = 0; y < tile.Height; y++)
            source.Pixels.AsSpan((y0 + y) * source.Stride + x0 * 3, rowBytes).CopyTo(tile.Pixels.AsSpan(y * rowBytes, rowBytes));
    }

    private static DetectedFace MapBack(DetectedFace f, int x0, int y0, float toImage)
    {
        var b = f.Box;
        var k = f.Landmarks;
        float X(float x) => (x + x0) * toImage;
        float Y(float y) => (y + y0) * toImage;
        return new DetectedFace(
            new FaceBox(X(b.X), Y(b.Y), b.Width * toImage, b.Height * toImage),
            new Landmarks5(X(k.X0), Y(k.Y0), X(k.X1), Y(k.Y1), X(k.X2), Y(k.Y2), X(k.X3), Y(k.Y3), X(k.X4), Y(k.Y4)),
            f.Score);
    }

    /// <summary>
    /// The whole image's faces as they are, and each tile face, best first, that overlaps none of them nor a tile face
    /// already taken by more than <paramref name="iouThreshold"/> (the same face seen by two overlapping tiles, or a face
    /// the whole image found too); best score first.
    /// </summary>
    private static List<DetectedFace> Merged(List<DetectedFace> faces, List<DetectedFace> found, float iouThreshold)
    {
        found.Sort((a, b) => b.Score.CompareTo(a.Score));
        var merged = new List<DetectedFace>(faces.Count + found.Count);
        merged.AddRange(faces);
        foreach (var f in found)
        {
            var taken = false;
            foreach (var m in merged)
            {
                if (m.Box.IntersectionOverUnion(f.Box) > iouThreshold)
                {
                    taken = true;
                    break;
                }
            }
            if (!taken) merged.Add(f);
        }
        if (merged.Count == faces.Count) return faces;
        merged.Sort((a, b) => b.Score.CompareTo(a.Score));
        return merged;
    }
}
