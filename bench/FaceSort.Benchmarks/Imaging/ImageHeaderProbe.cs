using System.Buffers.Binary;

namespace FaceSort.Benchmarks.Imaging;

/// <summary>Stored width and height from a JPEG SOF or PNG IHDR header, for a decoder (OpenCV) that exposes none.</summary>
public static class ImageHeaderProbe
{
    /// <summary>(0, 0) when the format is not JPEG or PNG or the header cannot be found in the first 256 KB.</summary>
    public static (int Width, int Height) Size(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[(int)Math.Min(stream.Length, 256 * 1024)];
        stream.ReadExactly(head);
        ReadOnlySpan<byte> b = head;
        if (b.Length >= 24 && b[0] == 0x89 && b[1] == (byte)'P')
            return (BinaryPrimitives.ReadInt32BigEndian(b[16..]), BinaryPrimitives.ReadInt32BigEndian(b[20..]));
        if (b.Length < 4 || b[0] != 0xFF || b[1] != 0xD8) return (0, 0);
        var i = 2;
        while (i + 9 < b.Length)
        {
            if (b[i] != 0xFF) { i++; continue; }
            var marker = b[i + 1];
            if (marker == 0xFF) { i++; continue; }
            var length = BinaryPrimitives.ReadUInt16BigEndian(b[(i + 2)..]);
            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                return (BinaryPrimitives.ReadUInt16BigEndian(b[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(b[(i + 5)..]));
            i += 2 + length;
        }
        return (0, 0);
    }
}
