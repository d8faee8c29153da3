using System.Collections.Frozen;
using System.Runtime.InteropServices;

namespace FaceSort.Core.Imaging;

/// <summary>
/// Camera raw files (.CR2, .CR3, .NEF, .ARW, .DNG, .RAF, .ORF, .RW2, …) through the system's LibRaw, the library
/// darktable, digiKam and RawTherapee read them with (<c>apt-get install libraw20</c>); the libvips bundled with NetVips
/// reads none of them. Nearly every camera stores a JPEG preview beside the sensor data, full-size or at least
/// 1,616 px wide, which is the picture the camera showed: that is decoded like any JPEG (shrunk while loading), where
/// demosaicking the sensor data costs seconds per photo. A raw file without a preview that large is demosaicked.
/// </summary>
internal static partial class CameraRawDecoder
{
    private const string Library = "libraw_r.so.20";
    private const int ImageJpeg = 1;
    private const int ImageBitmap = 2;
    private const int NoThumbnail = -5;
    private const int UnsupportedThumbnail = -6;
    private const int FileUnsupported = -2;
    private const int IoError = -100009;
    private const int DemosaicLinear = 0;

    // libraw_data_t begins with the image pointer and libraw_image_sizes_t, whose int flip follows eight ushorts, an
    // unsigned and a double (libraw_types.h, unchanged since LibRaw 0.14). There is no C accessor for it.
    private const int FlipOffset = 40;

    private static readonly Lazy<bool> Loaded = new(() =>
    {
        try
        {
            return libraw_versionNumber() > 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    });

    /// <summary>
    /// Raw files by extension. Most are TIFF inside, and libvips would read their first image: a 160-pixel thumbnail
    /// or, for a DNG, often nothing it can decode. So they are known by name, as every raw converter knows them.
    /// </summary>
    public static FrozenSet<string> Extensions { get; } = new[]
    {
        ".dng", ".cr2", ".cr3", ".crw", ".nef", ".nrw", ".arw", ".srf", ".sr2", ".raf", ".orf", ".rw2", ".rwl", ".pef",
        ".srw", ".x3f", ".3fr", ".fff", ".iiq", ".erf", ".kdc", ".dcr", ".mrw", ".mos", ".mef", ".raw",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a file is a camera raw file, by its extension.</summary>
    public static bool IsRawFile(string path) => Extensions.Contains(Path.GetExtension(path));

    /// <summary>Whether LibRaw is installed.</summary>
    public static bool IsAvailable => Loaded.Value;

    /// <summary>The reason given for a raw file when <see cref="IsAvailable"/> is false.</summary>
    public const string MissingReason =
        "camera raw files need LibRaw (Debian/Ubuntu: apt-get install libraw20); or keep the camera's JPEG beside the raw file";

    /// <summary>
    /// The camera's embedded JPEG preview and the EXIF orientation that makes it upright (1, 3, 6 or 8: the raw file's,
    /// which the preview is stored without), or null when the file has no JPEG preview of at least
    /// <paramref name="minLongSide"/> pixels (LibRaw reports the preview's size before it is read).
    /// </summary>
    public static (byte[] Jpeg, int Orientation)? ReadPreview(string path, int minLongSide)
    {
        using var raw = Open(path);
        var status = libraw_unpack_thumb(raw.Handle);
        if (status is NoThumbnail or UnsupportedThumbnail) return null;
        Check(status);
        var thumb = libraw_dcraw_make_mem_thumb(raw.Handle, out var error);
        if (thumb == 0)
        {
            if (error is NoThumbnail or UnsupportedThumbnail) return null;
            Check(error);
            return null;
        }
        try
        {
            var image = Marshal.PtrToStructure<ProcessedImageHeader>(thumb);
            if (image.Type != ImageJpeg) return null;
            // A preview whose size the file does not state (0 x 0) is judged by its own JPEG header later.
            if (image.Width > 0 && Math.Max(image.Width, image.Height) < minLongSide) return null;
            var jpeg = new byte[image.DataSize];
            Marshal.Copy(thumb + ProcessedImageHeader.DataOffset, jpeg, 0, jpeg.Length);
            return (jpeg, raw.Orientation);
        }
        finally
        {
            libraw_dcraw_clear_mem(thumb);
        }
    }

    /// <summary>The sensor data demosaicked to 8-bit sRGB at full size, upright (LibRaw applies the flip).</summary>
    public static RgbImage Demosaic(string path)
    {
        using var raw = Open(path);
        // Bilinear demosaicking: half the CPU of LibRaw's default (AHD, 1.1 s against 0.5 s for 12 megapixels here),
        // and the faces found and their embeddings are the same (docs/imaging.md, "Camera raw files").
        libraw_set_demosaic(raw.Handle, DemosaicLinear);
        Check(libraw_unpack(raw.Handle));
        Check(libraw_dcraw_process(raw.Handle));
        var processed = libraw_dcraw_make_mem_image(raw.Handle, out var error);
        if (processed == 0)
        {
            Check(error);
            throw new PhotoDecodeException("corrupt raw file: LibRaw gave no pixels");
        }
        try
        {
            var image = Marshal.PtrToStructure<ProcessedImageHeader>(processed);
            if (image.Type != ImageBitmap || image.Bits != 8 || image.Colors is not (1 or 3) || image.Width == 0 || image.Height == 0)
                throw new PhotoDecodeException($"corrupt raw file: LibRaw gave {image.Colors} colours of {image.Bits} bits");
            var pixels = GC.AllocateUninitializedArray<byte>(image.Width * image.Height * 3);
            var source = processed + ProcessedImageHeader.DataOffset;
            if (image.Colors == 3)
            {
                Marshal.Copy(source, pixels, 0, pixels.Length);
            }
            else
            {
                var grey = new byte[image.Width * image.Height];
                Marshal.Copy(source, grey, 0, grey.Length);
                for (var i = 0; i < grey.Length; i++) pixels[3 * i] = pixels[3 * i + 1] = pixels[3 * i + 2] = grey[i];
            }
            return new RgbImage(image.Width, image.Height, pixels);
        }
        finally
        {
            libraw_dcraw_clear_mem(processed);
        }
    }

    /// <summary>
    /// The size of the demosaicked picture, upright, read without decoding: as LibRaw will develop it, stretched for
    /// non-square pixels (a DNG's DefaultScale, up to 9x: the pixel limit checked on the sensor's size let a 16 MB DNG
    /// of 4,000 x 4,000 be demosaicked to 36,364 x 4,000, 2.1 GB, before it was refused) and turned.
    /// </summary>
    public static (int Width, int Height) SensorSize(string path)
    {
        using var raw = Open(path);
        var orientation = raw.Orientation;
        // Sets iwidth and iheight to the developed picture's, stretch and turn included; this handle is then spent.
        if (libraw_adjust_sizes_info_only(raw.Handle) == 0)
            return (libraw_get_iwidth(raw.Handle), libraw_get_iheight(raw.Handle));
        var (width, height) = (libraw_get_iwidth(raw.Handle), libraw_get_iheight(raw.Handle));
        return orientation is 6 or 8 ? (height, width) : (width, height);
    }

    /// <summary>The raw file's orientation as an EXIF orientation (1, 3, 6 or 8); 1 when LibRaw cannot read the file.</summary>
    public static int Orientation(string path)
    {
        try
        {
            using var raw = Open(path);
            return raw.Orientation;
        }
        catch (PhotoDecodeException)
        {
            return 1;
        }
    }

    private static RawFile Open(string path)
    {
        if (!IsAvailable) throw new PhotoDecodeException(MissingReason);
        var handle = libraw_init(0);
        if (handle == 0) throw new PhotoDecodeException("cannot read raw file: LibRaw could not start");
        var raw = new RawFile(handle);
        try
        {
            // Opening reads the file's directory: a file LibRaw cannot place, or one that ends before its directory
            // does (LibRaw reads past the end: an input/output error), is no raw file it can read.
            var status = libraw_open_file(handle, path);
            if (status is FileUnsupported or IoError)
                throw new PhotoDecodeException("not a camera raw file LibRaw can read (unknown camera, not a raw file, or cut short)");
            Check(status);
            return raw;
        }
        catch
        {
            raw.Dispose();
            throw;
        }
    }

    private static void Check(int status)
    {
        if (status == 0) return;
        var text = Marshal.PtrToStringUTF8(libraw_strerror(status)) ?? "";
        // Past the directory, LibRaw reading beyond the end of the file is a file cut short.
        throw new PhotoDecodeException(status == IoError ? "truncated raw file" : $"corrupt raw file: {text}");
    }

    private sealed class RawFile(nint handle) : IDisposable
    {
        public nint Handle { get; } = handle;

        /// <summary>LibRaw's flip as an EXIF orientation: 3 (180°), 8 (flip 5, 90° anticlockwise), 6 (90° clockwise), else 1.</summary>
        public int Orientation => Marshal.ReadInt32(Handle, FlipOffset) switch { 3 => 3, 5 => 8, 6 => 6, _ => 1 };

        public void Dispose() => libraw_close(Handle);
    }

    /// <summary>The fixed start of libraw_processed_image_t; its data follows at <see cref="DataOffset"/>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ProcessedImageHeader
    {
        public const int DataOffset = 16;
        public int Type;
        public ushort Height;
        public ushort Width;
        public ushort Colors;
        public ushort Bits;
        public uint DataSize;
    }

    [LibraryImport(Library)]
    private static partial int libraw_versionNumber();

    [LibraryImport(Library)]
    private static partial nint libraw_init(uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int libraw_open_file(nint data, string fileName);

    [LibraryImport(Library)]
    private static partial int libraw_unpack_thumb(nint data);

    [LibraryImport(Library)]
    private static partial int libraw_unpack(nint data);

    [LibraryImport(Library)]
    private static partial void libraw_set_demosaic(nint data, int value);

    [LibraryImport(Library)]
    private static partial int libraw_dcraw_process(nint data);

    [LibraryImport(Library)]
    private static partial nint libraw_dcraw_make_mem_thumb(nint data, out int error);

    [LibraryImport(Library)]
    private static partial nint libraw_dcraw_make_mem_image(nint data, out int error);

    [LibraryImport(Library)]
    private static partial void libraw_dcraw_clear_mem(nint image);

    [LibraryImport(Library)]
    private static partial int libraw_adjust_sizes_info_only(nint data);

    [LibraryImport(Library)]
    private static partial int libraw_get_iwidth(nint data);

    [LibraryImport(Library)]
    private static partial int libraw_get_iheight(nint data);

    [LibraryImport(Library)]
    private static partial nint libraw_strerror(int error);

    [LibraryImport(Library)]
    private static partial void libraw_close(nint data);
}
