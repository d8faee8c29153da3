using System.Runtime.InteropServices;

namespace FaceSort.Core.Imaging;

/// <summary>
/// HEIC photos (HEIF holding HEVC: what iPhones save by default) through the system's libheif, which Debian builds with
/// the libde265 decoder (<c>apt-get install libheif1</c>). The libvips bundled with NetVips reads HEIF headers but has
/// no HEVC decoder. libheif applies the transformations stored in the file (rotation, mirroring, crop), so the pixels
/// come out as a viewer shows them; an EXIF orientation tag in the file describes the same turn and is not applied again.
/// </summary>
internal static partial class HeifDecoder
{
    private const string Library = "libheif.so.1";
    private const int CompressionHevc = 1;
    private const int ColorspaceRgb = 1;
    private const int ChromaInterleavedRgb = 10;
    private const int ChromaInterleavedRgba = 11;
    private const int ChannelInterleaved = 10;
    private const int SuberrorEndOfData = 100;

    private static readonly Lazy<bool> HevcDecoder = new(() =>
    {
        try
        {
            return heif_have_decoder_for_format(CompressionHevc) != 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    });

    /// <summary>Whether libheif is installed with an HEVC decoder.</summary>
    public static bool IsAvailable => HevcDecoder.Value;

    /// <summary>The reason given for a HEIC photo when <see cref="IsAvailable"/> is false.</summary>
    public const string MissingReason =
        "HEIC (HEVC) photos need libheif with its HEVC decoder (Debian/Ubuntu: apt-get install libheif1); or convert the photo to JPEG";

    /// <summary>
    /// Decodes the primary image to 8-bit interleaved RGB, or RGBA (Bands 4) when it has an alpha
    /// channel, rows packed: a caller lays the transparent areas over white as for any photo, where RGB alone showed the
    /// colour hidden under them (often black).
    /// </summary>
    public static (int Width, int Height, int Bands, byte[] Pixels) Decode(string path)
    {
        var context = heif_context_alloc();
        if (context == 0) throw new PhotoDecodeException("corrupt heic file: libheif could not start");
        nint handle = 0, image = 0;
        try
        {
            Check(heif_context_read_from_file(context, path, 0));
            Check(heif_context_get_primary_image_handle(context, out handle));
            var bands = heif_image_handle_has_alpha_channel(handle) != 0 ? 4 : 3;
            Check(heif_decode_image(handle, out image, ColorspaceRgb, bands == 4 ? ChromaInterleavedRgba : ChromaInterleavedRgb, 0));
            var width = heif_image_get_width(image, ChannelInterleaved);
            var height = heif_image_get_height(image, ChannelInterleaved);
            var plane = heif_image_get_plane_readonly(image, ChannelInterleaved, out var stride);
            if (plane == 0 || width <= 0 || height <= 0 || stride < width * bands)
                throw new PhotoDecodeException("corrupt heic file: no RGB pixels decoded");
            var rowBytes = width * bands;
            var rgb = GC.AllocateUninitializedArray<byte>(checked(rowBytes * height));
            for (var y = 0; y < height; y++)
                Marshal.Copy(plane + (nint)y * stride, rgb, y * rowBytes, rowBytes);
            return (width, height, bands, rgb);
        }
        finally
        {
            if (image != 0) heif_image_release(image);
            if (handle != 0) heif_image_handle_release(handle);
            heif_context_free(context);
        }
    }

    private static void Check(HeifError error)
    {
        if (error.Code == 0) return;
        var text = error.Message == 0 ? "" : Marshal.PtrToStringUTF8(error.Message) ?? "";
        // libheif's messages end in a newline and may hold more: the reason is one line.
        var message = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        // A file cut short: libheif finds its header pointing past the end ("Unexpected end of file: Extent in iloc box
        // references data outside of file bounds"), or its decoder runs out of data.
        throw new PhotoDecodeException(error.Subcode == SuberrorEndOfData || message.Contains("end of data", StringComparison.OrdinalIgnoreCase)
            ? "truncated heic file"
            : $"corrupt heic file: {(message.Length > 160 ? message[..160] : message)}");
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct HeifError
    {
        public int Code;
        public int Subcode;
        public nint Message;
    }

    [LibraryImport(Library)]
    private static partial int heif_have_decoder_for_format(int format);

    [LibraryImport(Library)]
    private static partial nint heif_context_alloc();

    [LibraryImport(Library)]
    private static partial void heif_context_free(nint context);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial HeifError heif_context_read_from_file(nint context, string fileName, nint readingOptions);

    [LibraryImport(Library)]
    private static partial HeifError heif_context_get_primary_image_handle(nint context, out nint handle);

    [LibraryImport(Library)]
    private static partial void heif_image_handle_release(nint handle);

    [LibraryImport(Library)]
    private static partial int heif_image_handle_has_alpha_channel(nint handle);

    [LibraryImport(Library)]
    private static partial HeifError heif_decode_image(nint handle, out nint image, int colorspace, int chroma, nint decodingOptions);

    [LibraryImport(Library)]
    private static partial int heif_image_get_width(nint image, int channel);

    [LibraryImport(Library)]
    private static partial int heif_image_get_height(nint image, int channel);

    [LibraryImport(Library)]
    private static partial nint heif_image_get_plane_readonly(nint image, int channel, out int stride);

    [LibraryImport(Library)]
    private static partial void heif_image_release(nint image);
}
