using System.Buffers.Binary;
using NetVips;

namespace FaceSort.Core.Tests.Imaging;

/// <summary>
/// Writes the imaging test set into a folder, made with libvips from a real photo in ../shared/data: photos at the
/// sizes detection meets (24 MP, 2 MP, 250x250), every format a scan accepts, colour variants (CMYK, 16-bit, grey,
/// alpha), EXIF orientations 1-8 of an asymmetric image, and broken files. Shared by the tests and the benchmarks
/// (linked into bench/FaceSort.Benchmarks) so both measure the same files.
/// </summary>
public sealed class TestImageFactory
{
    /// <summary>Width and height of the orientation pattern as a viewer shows it (landscape, so a 90° turn shows).</summary>
    public const int PatternWidth = 96;
    public const int PatternHeight = 64;

    /// <summary>Quadrant colours of the orientation pattern as a viewer shows it: top-left, top-right, bottom-left, bottom-right.</summary>
    public static readonly byte[][] PatternQuadrants = [[220, 30, 30], [30, 200, 30], [30, 30, 220], [240, 240, 240]];

    public TestImageFactory(string directory, string sourcePhoto)
    {
        Directory = directory;
        SourcePhoto = sourcePhoto;
        System.IO.Directory.CreateDirectory(directory);
    }

    public string Directory { get; }
    public string SourcePhoto { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>A 6000x4000 JPEG (24 MP, as a phone or DSLR writes), the source photo enlarged with sensor-like noise.</summary>
    public string Photo24Mp() => Once("photo-6000x4000.jpg", p => Noisy(Resized(6000, 4000)).Jpegsave(p, q: 90));

    /// <summary>A 1600x1200 JPEG (1.9 MP, a typical web or messenger photo).</summary>
    public string Photo2Mp() => Once("photo-1600x1200.jpg", p => Noisy(Resized(1600, 1200)).Jpegsave(p, q: 90));

    /// <summary>A 1600x1200 8-bit RGB PNG (a screenshot or an export).</summary>
    public string Png2Mp() => Once("photo-1600x1200.png", p => Noisy(Resized(1600, 1200)).Pngsave(p, compression: 6));

    /// <summary>A 250x250 JPEG (an LFW-sized crop).</summary>
    public string Small250() => Once("photo-250x250.jpg", p => Resized(250, 250).Jpegsave(p, q: 90));

    /// <summary>The 640x480 photo in <paramref name="format"/>: jpg, png, webp, tif, gif, avif or bmp.</summary>
    public string Format(string format) => Once($"format-640x480.{format}", p =>
    {
        using var image = Resized(640, 480);
        switch (format)
        {
            case "jpg": image.Jpegsave(p, q: 90); break;
            case "png": image.Pngsave(p); break;
            case "webp": image.Webpsave(p, q: 85); break;
            case "tif": image.Tiffsave(p, compression: Enums.ForeignTiffCompression.Lzw); break;
            case "gif": image.Gifsave(p); break;
            case "avif": image.Heifsave(p, q: 60, compression: Enums.ForeignHeifCompression.Av1); break;
            case "bmp": WriteBmp24(image, p); break;
            default: throw new ArgumentException("no writer for " + format, nameof(format));
        }
    });

    /// <summary>A two-frame animated GIF, 320x240: frame 1 is the photo, frame 2 is solid red.</summary>
    public string AnimatedGif() => Once("animated-320x240.gif", p =>
    {
        using var first = Resized(320, 240);
        using var red = Solid(320, 240, [255, 0, 0]);
        using var strip = first.Join(red, Enums.Direction.Vertical);
        using var paged = strip.Mutate(m => { m.Set(GValue.GIntType, "page-height", 240); m.Set(GValue.ArrayIntType, "delay", new[] { 500, 500 }); });
        paged.Gifsave(p);
    });

    /// <summary>A CMYK JPEG (as print workflows and some scanners write), 640x480.</summary>
    public string CmykJpeg() => Once("cmyk-640x480.jpg", p =>
    {
        using var image = Resized(640, 480);
        using var cmyk = image.Colourspace(Enums.Interpretation.Cmyk);
        cmyk.Jpegsave(p, q: 90);
    });

    /// <summary>A 16-bit-per-channel RGB PNG, 640x480.</summary>
    public string Png16() => Once("rgb16-640x480.png", p =>
    {
        using var image = Resized(640, 480);
        using var wide = image.Colourspace(Enums.Interpretation.Rgb16);
        wide.Pngsave(p, bitdepth: 16);
    });

    /// <summary>A one-channel greyscale JPEG, 640x480.</summary>
    public string GreyJpeg() => Once("grey-640x480.jpg", p =>
    {
        using var image = Resized(640, 480);
        using var grey = image.Colourspace(Enums.Interpretation.Bw);
        grey.Jpegsave(p, q: 90);
    });

    /// <summary>An RGBA PNG, 640x480, whose left half is fully transparent (a viewer shows it white).</summary>
    public string RgbaPng() => Once("rgba-640x480.png", p =>
    {
        using var image = Resized(640, 480);
        using var transparent = Image.Black(320, 480);
        using var opaque = transparent + 255;
        using var mask = transparent.Join(opaque, Enums.Direction.Horizontal).Cast(Enums.BandFormat.Uchar);
        using var rgba = image.Bandjoin(mask);
        using var tagged = rgba.Copy(interpretation: Enums.Interpretation.Srgb);
        tagged.Pngsave(p);
    });

    /// <summary>
    /// A JPEG with EXIF orientation <paramref name="orientation"/> whose stored pixels are the pattern turned so that
    /// applying the tag gives back the pattern (<see cref="PatternQuadrants"/>, <see cref="PatternWidth"/> wide).
    /// </summary>
    public string Oriented(int orientation) => Once($"orientation-{orientation}.jpg", p =>
    {
        using var viewed = Pattern();
        using var stored = StoredFor(viewed, orientation);
        using var tagged = stored.Mutate(m => m.Set(GValue.GIntType, "orientation", orientation));
        tagged.Jpegsave(p, q: 95);
    });

    /// <summary>The first half of the 2 MP JPEG.</summary>
    public string TruncatedJpeg() => Once("truncated.jpg", p => WriteHead(Photo2Mp(), p, 0.5));

    /// <summary>The first half of the 2 MP PNG.</summary>
    public string TruncatedPng() => Once("truncated.png", p => WriteHead(Png2Mp(), p, 0.5));

    /// <summary>A real JPEG header followed by bytes that are not entropy-coded data.</summary>
    public string CorruptJpeg() => Once("corrupt.jpg", p =>
    {
        var bytes = File.ReadAllBytes(Photo2Mp());
        var random = new Random(7);
        // Keep the headers (first 2 KB) so the file is recognised as a JPEG, then scramble the scan data.
        for (var i = 2048; i < bytes.Length - 2; i++) bytes[i] = (byte)random.Next(256);
        File.WriteAllBytes(p, bytes);
    });

    public string EmptyFile() => Once("empty.jpg", p => File.WriteAllBytes(p, []));

    public string TextAsJpeg() => Once("notes.jpg", p => File.WriteAllText(p, "Shopping list: milk, eggs, film for the camera.\n"));

    /// <summary>
    /// A PNG of 20000x6000 (120 MP) whose pixel data stops after the first row: its header is valid, so only a check
    /// made before decoding can refuse it as too large; a decode would find it truncated.
    /// </summary>
    public string HugeHeaderPng() => Once("huge-20000x6000.png", p =>
    {
        using var stream = File.Create(p);
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, 20000);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), 6000);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        WriteChunk(stream, "IHDR", ihdr);
        using var firstRow = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(firstRow, System.IO.Compression.CompressionLevel.Optimal))
            zlib.Write(new byte[1 + 20000 * 3]); // filter byte 0, then one black row
        WriteChunk(stream, "IDAT", firstRow.ToArray());
        WriteChunk(stream, "IEND", []);
    });

    private string Once(string name, Action<string> write)
    {
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            var temp = path + ".tmp" + Environment.CurrentManagedThreadId;
            write(temp);
            File.Move(temp, path, overwrite: true);
        }
        return path;
    }

    private Image Resized(int width, int height)
    {
        // thumbnail with crop fills the box exactly; enlarging is allowed here (size Both) to reach 24 MP.
        using var thumb = Image.Thumbnail(SourcePhoto, width, height: height, size: Enums.Size.Force);
        return thumb.Copy(interpretation: Enums.Interpretation.Srgb);
    }

    /// <summary>Adds grain so an enlarged photo compresses like a camera photo rather than a smooth upscale.</summary>
    private static Image Noisy(Image image)
    {
        using (image)
        {
            using var noise = Image.Gaussnoise(image.Width, image.Height, sigma: 6, mean: 0);
            using var sum = image + noise;
            return sum.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        }
    }

    private static Image Solid(int width, int height, double[] rgb)
    {
        using var black = Image.Black(width, height, bands: 3);
        using var filled = black + rgb;
        return filled.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
    }

    private static Image Pattern()
    {
        int w = PatternWidth, h = PatternHeight;
        using var tl = Solid(w / 2, h / 2, Array.ConvertAll(PatternQuadrants[0], b => (double)b));
        using var tr = Solid(w / 2, h / 2, Array.ConvertAll(PatternQuadrants[1], b => (double)b));
        using var bl = Solid(w / 2, h / 2, Array.ConvertAll(PatternQuadrants[2], b => (double)b));
        using var br = Solid(w / 2, h / 2, Array.ConvertAll(PatternQuadrants[3], b => (double)b));
        using var top = tl.Join(tr, Enums.Direction.Horizontal);
        using var bottom = bl.Join(br, Enums.Direction.Horizontal);
        return top.Join(bottom, Enums.Direction.Vertical);
    }

    /// <summary>The stored pixels that orientation <paramref name="orientation"/> turns into <paramref name="viewed"/>.</summary>
    private static Image StoredFor(Image viewed, int orientation) => orientation switch
    {
        1 => viewed.Copy(),
        2 => viewed.FlipHor(),
        3 => viewed.Rot180(),
        4 => viewed.FlipVer(),
        5 => Transposed(viewed),
        6 => viewed.Rot270(), // the viewer turns it 90° clockwise
        7 => Transversed(viewed),
        8 => viewed.Rot90(), // the viewer turns it 90° anticlockwise
        _ => throw new ArgumentOutOfRangeException(nameof(orientation)),
    };

    private static Image Transposed(Image image)
    {
        using var turned = image.Rot90();
        return turned.FlipHor();
    }

    private static Image Transversed(Image image)
    {
        using var turned = image.Rot90();
        return turned.FlipVer();
    }

    private static void WriteHead(string source, string destination, double fraction)
    {
        var bytes = File.ReadAllBytes(source);
        File.WriteAllBytes(destination, bytes.AsSpan(0, (int)(bytes.Length * fraction)).ToArray());
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        var typeAndData = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData, 4);
        stream.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typeAndData));
        stream.Write(word);
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>libvips has no BMP writer; a 24-bit bottom-up BI_RGB BMP is simple enough to write here.</summary>
    private static void WriteBmp24(Image image, string path)
    {
        var rgb = image.WriteToMemory<byte>();
        int w = image.Width, h = image.Height, rowBytes = (w * 3 + 3) & ~3;
        var file = new byte[54 + rowBytes * h];
        file[0] = (byte)'B';
        file[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(2), file.Length);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(18), w);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(22), h);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(28), 24);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(34), rowBytes * h);
        for (var y = 0; y < h; y++)
        {
            var row = file.AsSpan(54 + (h - 1 - y) * rowBytes);
            for (var x = 0; x < w; x++)
            {
                var s = (y * w + x) * 3;
                row[x * 3] = rgb[s + 2];
                row[x * 3 + 1] = rgb[s + 1];
                row[x * 3 + 2] = rgb[s];
            }
        }
        File.WriteAllBytes(path, file);
    }
}
