using System.Security.Cryptography;
using FaceSort.Core.Imaging;

namespace FaceSort.Core.Tests.Imaging;

public sealed class PictureHashTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-picture-hash-").FullName;

    public static TheoryData<string> GroupPhotos() => [.. Enumerable.Range(1, 5).Select(i => $"bbt{i}.jpg")];

    private static byte[] Photo(string name) => File.ReadAllBytes(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", name));

    [Theory]
    [MemberData(nameof(GroupPhotos))]
    public void Keywords_a_caption_and_a_rating_written_into_a_photo_leave_its_picture_hash_as_it_was(string name)
    {
        var original = Photo(name);
        var tagged = JpegSegments.WithSegments(original,
            JpegSegments.Exif(orientation: 1, description: "Grandma's 80th"), JpegSegments.Xmp("Family", "Birthday"),
            JpegSegments.Iptc("Family"), JpegSegments.Comment("rating 4"));
        var retagged = JpegSegments.WithSegments(tagged, JpegSegments.Exif(orientation: 1, bigEndian: true, description: "Grandma"));

        SHA256.HashData(tagged).ShouldNotBe(SHA256.HashData(original));
        PictureHash.Of(original).ShouldNotBeNull();
        PictureHash.Of(tagged).ShouldBe(PictureHash.Of(original));
        PictureHash.Of(retagged).ShouldBe(PictureHash.Of(original));
        // The edit is one a decoder reads as the same picture: the check above compares what it should.
        Pixels(tagged).ShouldBe(Pixels(original));
    }

    [Theory]
    [MemberData(nameof(GroupPhotos))]
    public void A_new_exif_orientation_or_one_changed_byte_of_the_picture_changes_the_hash(string name)
    {
        var original = Photo(name);
        var turned = JpegSegments.WithSegments(original, JpegSegments.Exif(orientation: 6));
        var turnedBigEndian = JpegSegments.WithSegments(original, JpegSegments.Exif(orientation: 6, bigEndian: true), JpegSegments.Xmp("Family"));
        var edited = (byte[])original.Clone();
        edited[^100] ^= 0x10;

        PictureHash.Of(turned).ShouldNotBe(PictureHash.Of(original));
        PictureHash.Of(turnedBigEndian).ShouldBe(PictureHash.Of(turned), "the same orientation in either byte order, other tags beside it");
        PictureHash.Of(edited).ShouldNotBe(PictureHash.Of(original));
        // The orientation written is one the decoder obeys: the photo is shown turned a quarter.
        var (width, height) = Size(original);
        Size(turned).ShouldBe((height, width));
    }

    [Fact]
    public void Only_jpegs_whose_segments_can_be_walked_have_a_picture_hash()
    {
        var jpeg = Photo("bbt1.jpg");
        var startOfScan = IndexOfStartOfScan(jpeg);

        PictureHash.Of(File.ReadAllBytes(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "amy", "amy1.png"))).ShouldBeNull();
        PictureHash.Of(jpeg.AsSpan(0, startOfScan)).ShouldBeNull("cut before its picture");
        PictureHash.Of(jpeg.AsSpan(0, 40)).ShouldBeNull("cut inside a segment");
        PictureHash.Of([]).ShouldBeNull();
        PictureHash.Of([0xFF, 0xD8, 0x00, 0x01, 0x02, 0x03]).ShouldBeNull("no marker after SOI");
        PictureHash.Of(jpeg.AsSpan(0, startOfScan + 10)).ShouldNotBeNull("a truncated picture is still hashed as it is; the decoder judges it");
    }

    private static int IndexOfStartOfScan(byte[] jpeg)
    {
        var position = 2;
        while (jpeg[position + 1] != 0xDA) position += 2 + (jpeg[position + 2] << 8 | jpeg[position + 3]);
        return position;
    }

    private byte[] Pixels(byte[] jpeg) => new VipsPhotoDecoder().Decode(Write(jpeg), 4000).Pixels;

    private (int, int) Size(byte[] jpeg)
    {
        var header = new VipsPhotoDecoder().ReadHeader(Write(jpeg));
        return (header.Width, header.Height);
    }

    private string Write(byte[] jpeg)
    {
        var path = Path.Combine(_work, $"{Guid.NewGuid():N}.jpg");
        File.WriteAllBytes(path, jpeg);
        return path;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
