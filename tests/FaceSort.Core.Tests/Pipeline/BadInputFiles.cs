using System.Diagnostics;
using System.IO.Hashing;
using System.Text;
using NetVips;

namespace FaceSort.Core.Tests.Pipeline;

/// <summary>Writes every kind of awkward file a real photo folder contains, each with the reason FaceSort should give.</summary>
public static class BadInputFiles
{
    /// <summary>Creates the files under <paramref name="folder"/>; returns file name → a word the reason must contain.</summary>
    public static Dictionary<string, string> WriteAll(string folder, string sampleJpeg, string samplePng)
    {
        Directory.CreateDirectory(folder);
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);

        File.WriteAllBytes(Path.Combine(folder, "empty.jpg"), []);
        expected["empty.jpg"] = "empty";

        var jpeg = File.ReadAllBytes(sampleJpeg);
        File.WriteAllBytes(Path.Combine(folder, "truncated.jpg"), jpeg[..(jpeg.Length / 3)]);
        expected["truncated.jpg"] = "truncated";

        var png = File.ReadAllBytes(samplePng);
        File.WriteAllBytes(Path.Combine(folder, "truncated.png"), png[..(png.Length / 2)]);
        expected["truncated.png"] = "png";

        var corrupt = (byte[])jpeg.Clone();
        for (var i = 600; i < corrupt.Length - 2; i += 7) corrupt[i] = 0xFF;
        File.WriteAllBytes(Path.Combine(folder, "corrupt.jpg"), corrupt);
        expected["corrupt.jpg"] = "jpeg";

        File.WriteAllText(Path.Combine(folder, "notes.jpg"), "This is a text file with a photo's name.\n");
        expected["notes.jpg"] = "not an image";

        File.WriteAllBytes(Path.Combine(folder, "huge.png"), BlackPng(20_000, 6_000));
        expected["huge.png"] = "megapixels";

        File.WriteAllBytes(Path.Combine(folder, "zero-height.png"), BlackPng(640, 0));
        expected["zero-height.png"] = "png";

        return expected;
    }

    /// <summary>Good but unusual images that must decode: CMYK, 16-bit, grey, RGBA, animated GIF.</summary>
    public static IReadOnlyList<string> WriteUnusual(string folder, string sampleJpeg)
    {
        Directory.CreateDirectory(folder);
        using var source = Image.NewFromFile(sampleJpeg);
        using var rgb = source.Colourspace(Enums.Interpretation.Srgb);
        using (var cmyk = rgb.Colourspace(Enums.Interpretation.Cmyk)) cmyk.Jpegsave(Path.Combine(folder, "cmyk.jpg"));
        using (var wide = rgb.Colourspace(Enums.Interpretation.Rgb16)) wide.Pngsave(Path.Combine(folder, "sixteen-bit.png"), bitdepth: 16);
        using (var grey = rgb.Colourspace(Enums.Interpretation.Bw)) grey.Jpegsave(Path.Combine(folder, "grey.jpg"));
        using (var alpha = rgb.Bandjoin(255)) alpha.Pngsave(Path.Combine(folder, "rgba.png"));
        using (var frames = rgb.Join(rgb.Invert(), Enums.Direction.Vertical))
        using (var animation = frames.Mutate(m => m.Set(GValue.GIntType, "page-height", rgb.Height)))
            animation.Gifsave(Path.Combine(folder, "animated.gif"));
        return ["cmyk.jpg", "sixteen-bit.png", "grey.jpg", "rgba.png", "animated.gif"];
    }

    /// <summary>
    /// Files that are not files of bytes: a named pipe with a photo's name and one without an extension (opening either
    /// for reading waits for a writer that never comes), and links to /dev/zero (bytes without end). Returns the names
    /// with a photo's extension → a word their reason must contain; the others must not be listed at all.
    /// </summary>
    public static Dictionary<string, string> WriteSpecialFiles(string folder)
    {
        Directory.CreateDirectory(folder);
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "mkfifo pipe.jpg pipe-without-extension"]) { WorkingDirectory = folder })!;
        process.WaitForExit();
        process.ExitCode.ShouldBe(0);
        File.CreateSymbolicLink(Path.Combine(folder, "zeros.jpg"), "/dev/zero");
        File.CreateSymbolicLink(Path.Combine(folder, "zeros-without-extension"), "/dev/zero");
        return new(StringComparer.Ordinal) { ["pipe.jpg"] = "empty", ["zeros.jpg"] = "empty" };
    }

    /// <summary>A file whose name is not valid UTF-8 (byte 0xFF), which .NET itself cannot create.</summary>
    public static void WriteNonUtf8Name(string folder)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "printf x > \"$(printf 'caf\\377.jpg')\""])
        {
            WorkingDirectory = folder,
        })!;
        process.WaitForExit();
        process.ExitCode.ShouldBe(0);
    }

    /// <summary>
    /// A valid 1-bit black PNG of any size: 120 megapixels compress to a few kilobytes, so the file is cheap to write
    /// while decoding it would need 360 MB — exactly what the megapixel limit must refuse before decoding.
    /// </summary>
    private static byte[] BlackPng(int width, int height)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 1; // bit depth
        ihdr[9] = 0; // colour type: grey
        Chunk(stream, "IHDR", ihdr);
        using (var pixels = new MemoryStream())
        {
            using (var zlib = new System.IO.Compression.ZLibStream(pixels, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            {
                var row = new byte[1 + (width + 7) / 8]; // filter byte 0, then zero bits
                for (var y = 0; y < height; y++) zlib.Write(row);
            }
            Chunk(stream, "IDAT", pixels.ToArray());
        }
        Chunk(stream, "IEND", []);
        return stream.ToArray();
    }

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typeAndData);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(typeAndData));
        stream.Write(crc);
    }
}
