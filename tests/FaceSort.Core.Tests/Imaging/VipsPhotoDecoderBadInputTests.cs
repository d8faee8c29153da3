using System.Runtime.InteropServices;
using FaceSort.Core.Imaging;

namespace FaceSort.Core.Tests.Imaging;

/// <summary>Every unusable file gives a <see cref="PhotoDecodeException"/> whose message tells the user what is wrong.</summary>
public sealed partial class VipsPhotoDecoderBadInputTests(ImagingFixture fixture) : IClassFixture<ImagingFixture>
{
    private readonly VipsPhotoDecoder _decoder = new();
    private TestImageFactory Images => fixture.Images;

    [Fact]
    public void Zero_byte_file() => Reason(Images.EmptyFile()).ShouldBe("empty file (0 bytes)");

    [Fact]
    public void Missing_file() => Reason(Images.PathOf("no-such-photo.jpg")).ShouldBe("file not found");

    [Fact]
    public void Truncated_JPEG() => DecodeReason(Images.TruncatedJpeg()).ShouldBe("truncated jpeg file");

    [Fact]
    public void Truncated_PNG() => DecodeReason(Images.TruncatedPng()).ShouldBe("truncated png file");

    [Fact]
    public void Corrupt_JPEG_data() => DecodeReason(Images.CorruptJpeg()).ShouldStartWith("corrupt jpeg file");

    [Fact]
    public void Text_file_named_jpg() => Reason(Images.TextAsJpeg()).ShouldBe("not an image (unknown or unsupported format)");

    [Fact]
    public void A_directory_named_like_a_photo()
    {
        var path = Images.PathOf("folder.jpg");
        Directory.CreateDirectory(path);

        Reason(path).ShouldBe("is a folder, not a file");
    }

    [Fact]
    public void Over_100_megapixels_is_refused_from_the_header_before_decoding()
    {
        // The file has a header and no pixel data: a decode would say "corrupt", so "too large" proves the
        // limit is checked before any pixel is decoded.
        var path = Images.HugeHeaderPng();

        Reason(path).ShouldBe("too large: 20000x6000 is 120 megapixels, over the 100 MP limit");
        Should.Throw<PhotoDecodeException>(() => _decoder.ReadHeader(path)).Message.ShouldStartWith("too large");
    }

    [Fact]
    public void Unreadable_file()
    {
        if (!OperatingSystem.IsLinux()) { Assert.Skip("file modes are a Unix feature"); return; }
        var path = Images.PathOf("unreadable.jpg");
        File.Copy(Images.Small250(), path, overwrite: true);
        File.SetUnixFileMode(path, UnixFileMode.None);
        bool blocked;
        try { using var _ = File.OpenRead(path); blocked = false; }
        catch (UnauthorizedAccessException) { blocked = true; }

        if (!blocked)
        {
            // root (as in CI containers) reads any file regardless of mode, so the decoder rightly reads it too.
            _decoder.Decode(path, 640).Width.ShouldBe(250);
            Assert.Skip("running as root: chmod 000 does not stop reading, so 'permission denied' cannot be provoked");
        }
        Reason(path).ShouldBe("permission denied");
    }

    [Fact]
    public void File_name_that_is_not_UTF8()
    {
        if (!OperatingSystem.IsLinux()) { Assert.Skip("only Linux allows arbitrary bytes in file names"); return; }
        // Linux allows any bytes in a name; .NET turns invalid UTF-8 into U+FFFD and then cannot open the file.
        var folder = Images.PathOf("latin1-names");
        Directory.CreateDirectory(folder);
        var name = "caf\u00e9".Select(c => (byte)c).Concat(".jpg"u8.ToArray()).ToArray(); // "café" in Latin-1: 0xE9
        var raw = System.Text.Encoding.UTF8.GetBytes(folder + "/").Concat(name).Append((byte)0).ToArray();
        File.WriteAllBytes(Path.Combine(folder, "dummy"), []);
        var fd = Creat(raw, 0x1A4);
        fd.ShouldBeGreaterThanOrEqualTo(0, "could not create a file with a Latin-1 name");
        _ = Close(fd);

        var listed = Directory.EnumerateFiles(folder, "*.jpg").Single();

        Reason(listed).ShouldBe("file name is not valid UTF-8, which .NET cannot open; rename the file");
    }

    [Theory]
    [InlineData("IMG[1].jpg")]
    [InlineData("Zoë 写真 (2).jpg")]
    [InlineData("photo.JPG")]
    public void Unusual_but_valid_file_names_decode(string name)
    {
        var path = Images.PathOf(name);
        File.Copy(Images.Small250(), path, overwrite: true);

        _decoder.ReadHeader(path).Width.ShouldBe(250);
        _decoder.Decode(path, 640).Width.ShouldBe(250);
    }

    /// <summary>The reason for a file whose problem shows in its header: ReadHeader and Decode both give it.</summary>
    [Theory]
    [InlineData(0.3)]
    [InlineData(0.6)]
    [InlineData(0.9)]
    public void A_GIF_cut_short_is_called_truncated_by_its_format_name(double kept)
    {
        // Found by bench/reference/fuzz_photos.py: 142 of 636 fuzzed GIFs were "corrupt nsgif file: gifload: Unexpected
        // end of GIF source data", libvips' loader's name where the user knows the format as GIF.
        var gif = File.ReadAllBytes(Images.Format("gif"));
        var path = Images.PathOf($"cut-{kept}.gif");
        File.WriteAllBytes(path, gif[..(int)(gif.Length * kept)]);

        DecodeReason(path).ShouldBe("truncated gif file");
    }

    [Fact]
    public void A_file_libvips_does_not_know_leaves_its_message_to_no_other_file()
    {
        // Found by bench/reference/fuzz_photos.py: in a scan, every TIFF refused after a non-image was given the
        // non-image's "VipsForeignLoad: "/its/path" is not a known file format" as its reason, naming the other file.
        var text = Images.TextAsJpeg();
        var tiff = Images.PathOf("unknown-compression.tif");
        File.WriteAllBytes(tiff, MinimalTiff(compression: 65535));

        Reason(text).ShouldBe("not an image (unknown or unsupported format)");
        var reason = DecodeReason(tiff);

        reason.ShouldNotContain(Path.GetFileName(text));
        reason.ShouldBe("corrupt tiff file: tiff2vips: Compression scheme 65535 strip decoding is not implemented");
    }

    [Fact]
    public void Another_files_line_in_libvips_shared_error_buffer_is_not_this_files_reason()
    {
        // What a decode on another thread leaves in libvips' process-wide error buffer, as a failed lookup does.
        var other = Images.PathOf("other-thread.bin");
        File.WriteAllText(other, "not an image at all");
        NetVips.Image.FindLoad(other).ShouldBeNull();
        var tiff = Images.PathOf("unknown-compression-2.tif");
        File.WriteAllBytes(tiff, MinimalTiff(compression: 65535));

        var reason = DecodeReason(tiff);

        reason.ShouldNotContain("other-thread.bin");
        reason.ShouldBe("corrupt tiff file: tiff2vips: Compression scheme 65535 strip decoding is not implemented");
    }

    [Fact]
    public void A_message_garbled_in_libvips_shared_buffer_gives_a_reason_without_control_characters()
    {
        // Found by bench/reference/fuzz_photos.py: with two decodes at once, a PNG's reason came out as
        // "corrupt png file: \0ipspng: libpng read error", the buffer read while another thread cleared it.
        var error = new NetVips.VipsException("unable to call VipsForeignLoadPngFile\n\0ipspng: libpng\u0007 read error\n");

        var reason = VipsFailureReason.Describe(error, "png", Images.Format("png"));

        reason.ShouldBe("corrupt png file: ipspng: libpng read error");
    }

    /// <summary>An 8x8 grey TIFF in one uncompressed strip, with the compression tag set to <paramref name="compression"/>.</summary>
    private static byte[] MinimalTiff(ushort compression)
    {
        (ushort Tag, ushort Type, uint Value)[] entries =
        [
            (256, 3, 8), (257, 3, 8), (258, 3, 8), (259, 3, compression), (262, 3, 1),
            (273, 4, 8 + 2 + 9 * 12 + 4), (277, 3, 1), (278, 3, 8), (279, 4, 64),
        ];
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("II*\0"u8);
        writer.Write(8u);
        writer.Write((ushort)entries.Length);
        foreach (var (tag, type, value) in entries)
        {
            writer.Write(tag);
            writer.Write(type);
            writer.Write(1u);
            if (type == 3) { writer.Write((ushort)value); writer.Write((ushort)0); }
            else writer.Write(value);
        }
        writer.Write(0u);
        writer.Write(new byte[64]);
        return stream.ToArray();
    }

    private string Reason(string path)
    {
        var fromHeader = Should.Throw<PhotoDecodeException>(() => _decoder.ReadHeader(path)).Message;
        DecodeReason(path).ShouldBe(fromHeader);
        return fromHeader;
    }

    /// <summary>The reason for a file whose problem may only show while decoding pixels (truncation, bad scan data).</summary>
    private string DecodeReason(string path) => Should.Throw<PhotoDecodeException>(() => _decoder.Decode(path, 640)).Message;

    [LibraryImport("libc", EntryPoint = "creat", SetLastError = true)]
    private static partial int Creat(byte[] path, uint mode);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
