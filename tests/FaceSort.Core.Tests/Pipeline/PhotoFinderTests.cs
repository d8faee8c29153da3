using FaceSort.Core.Export;
using FaceSort.Core.Imaging;
using FaceSort.Core.Pipeline;

namespace FaceSort.Core.Tests.Pipeline;

public sealed class PhotoFinderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("facesort-finder-").FullName;

    [Fact]
    public void A_folder_holding_an_earlier_export_is_not_read_again()
    {
        Touch("trip/a.jpg");
        Touch("trip/b.jpg");
        // What `facesort export --out People` leaves: person folders of copies, faces.csv and its manifest.
        Touch("People/Person_001/a.jpg");
        Touch("People/Unsorted/b.jpg");
        Touch("People/faces.csv");
        Touch($"People/{ExportService.ManifestFileName}");
        // A folder that merely has a similar name is still a photo folder.
        Touch("People2/c.jpg");

        var skipped = new List<SkippedPath>();
        var found = new PhotoFinder(new ImagingOptions()).Find(_root, skipped).Select(f => f.RelativePath).ToList();

        found.ShouldBe(["People2/c.jpg", "trip/a.jpg", "trip/b.jpg"]);
        skipped.ShouldBeEmpty();
    }

    [Fact]
    public void A_raw_file_beside_its_JPEG_is_not_read_again_and_a_raw_file_alone_is()
    {
        // A camera set to raw + JPEG writes both under one name; the raw file alone is a photo of its own.
        Touch("card/IMG_0001.CR2");
        Touch("card/IMG_0001.JPG");
        Touch("card/IMG_0002.cr2");
        Touch("card/DSC_0003.NEF");
        Touch("card/DSC_0003.jpg");
        Touch("card/P1000004.RW2");
        Touch("card/P1000004.HEIC");
        // The same name in another folder is another picture.
        Touch("exports/IMG_0002.jpg");

        var skipped = new List<SkippedPath>();
        var found = new PhotoFinder(new ImagingOptions()).Find(_root, skipped).Select(f => f.RelativePath).ToList();

        found.ShouldBe(["card/DSC_0003.jpg", "card/IMG_0001.JPG", "card/IMG_0002.cr2", "card/P1000004.HEIC", "exports/IMG_0002.jpg"]);
        skipped.ShouldBeEmpty();
    }

    [Fact]
    public void A_nas_share_is_read_without_its_thumbnails_recycle_bin_and_snapshots()
    {
        // A Synology photo share: DSM's three thumbnails of each photo in @eaDir, a deleted photo in #recycle, a
        // snapshot of the share; QNAP's and Windows' own.
        Touch("2019/IMG_0001.jpg");
        Touch("2019/@eaDir/IMG_0001.jpg/SYNOPHOTO_THUMB_XL.jpg");
        Touch("2019/@eaDir/IMG_0001.jpg/SYNOPHOTO_THUMB_M.jpg");
        Touch("#recycle/IMG_0002.jpg");
        Touch("#snapshot/GMT+01-2026.11.29-00.00.00/2019/IMG_0001.jpg");
        Touch("@Recycle/IMG_0003.jpg");
        Touch("$RECYCLE.BIN/S-1-5-21/IMG_0004.jpg");
        // A folder that only starts like one is a photo folder.
        Touch("@eaDir holiday/IMG_0005.jpg");

        var skipped = new List<SkippedPath>();
        var found = new PhotoFinder(new ImagingOptions()).Find(_root, skipped).Select(f => f.RelativePath).ToList();

        found.ShouldBe(["2019/IMG_0001.jpg", "@eaDir holiday/IMG_0005.jpg"]);
        skipped.ShouldBeEmpty();
        // Given as the folder to scan, a system folder is scanned: the user asked for it.
        new PhotoFinder(new ImagingOptions()).Find(Path.Combine(_root, "#recycle"), skipped).Select(f => f.RelativePath).ShouldBe(["IMG_0002.jpg"]);
    }

    [Fact]
    public void A_phone_backup_is_read_without_its_apps_caches()
    {
        // An Android phone copied whole: the camera, chat apps' media (WhatsApp's old place and its Android 11+ place
        // under Android/media, Telegram's under Android/data/<app>/files), and each app's cache of small copies of
        // the same photos in Android/data/<app>/cache (getExternalCacheDir).
        Touch("phone/DCIM/Camera/IMG_20230101_120000.jpg");
        Touch("phone/WhatsApp/Media/WhatsApp Images/IMG-20230101-WA0001.jpg");
        Touch("phone/Android/media/com.whatsapp/WhatsApp/Media/WhatsApp Images/IMG-20230102-WA0002.jpg");
        Touch("phone/Android/data/org.telegram.messenger/files/Telegram/Telegram Images/123_456.jpg");
        Touch("phone/Android/data/com.google.android.apps.photos/cache/thumb_0001.jpg");
        Touch("phone/Android/data/com.whatsapp/cache/Media/img_0002.jpg");
        Touch("phone/ANDROID/Data/com.example/Cache/x.jpg");
        // A folder named cache anywhere else is the user's (photos of geocaches).
        Touch("phone/Pictures/cache/IMG_0003.jpg");
        Touch("phone/Android/data/cache/IMG_0004.jpg");

        var skipped = new List<SkippedPath>();
        var found = new PhotoFinder(new ImagingOptions()).Find(_root, skipped).Select(f => f.RelativePath).ToList();

        found.ShouldBe([
            "phone/Android/data/cache/IMG_0004.jpg",
            "phone/Android/data/org.telegram.messenger/files/Telegram/Telegram Images/123_456.jpg",
            "phone/Android/media/com.whatsapp/WhatsApp/Media/WhatsApp Images/IMG-20230102-WA0002.jpg",
            "phone/DCIM/Camera/IMG_20230101_120000.jpg",
            "phone/Pictures/cache/IMG_0003.jpg",
            "phone/WhatsApp/Media/WhatsApp Images/IMG-20230101-WA0001.jpg",
        ]);
        skipped.ShouldBeEmpty();
        // The phone's Android folder given alone: its caches are still passed over.
        new PhotoFinder(new ImagingOptions()).Find(Path.Combine(_root, "phone/Android/data"), skipped)
            .Select(f => f.RelativePath).ShouldBe(["cache/IMG_0004.jpg", "org.telegram.messenger/files/Telegram/Telegram Images/123_456.jpg"]);
        // Given as the folder to scan, an app's cache is scanned: the user asked for it.
        new PhotoFinder(new ImagingOptions()).Find(Path.Combine(_root, "phone/Android/data/com.whatsapp/cache"), skipped)
            .Select(f => f.RelativePath).ShouldBe(["Media/img_0002.jpg"]);
    }

    [Fact]
    public void An_apple_photos_library_is_read_for_its_originals_only()
    {
        // A Mac's Photos library copied to the server beside the other photos, laid out as Photos 5+ writes it, and an
        // older one (Photos 1-4, iPhoto).
        const string library = "Mac/Photos Library.photoslibrary";
        Touch($"{library}/originals/A/A1B2.jpeg");
        Touch($"{library}/originals/F/F9E8.heic");
        Touch($"{library}/resources/derivatives/A/A1B2_1_105_c.jpeg");
        Touch($"{library}/resources/derivatives/masters/A/A1B2_4_5005_c.jpeg");
        Touch($"{library}/resources/renders/F/F9E8_1_201_a.heic");
        Touch($"{library}/database/search/thumb.jpg");
        Touch($"{library}/cover.jpg");
        Touch("Mac/iPhoto Library.photolibrary/Masters/2009/01/02/IMG_0001.JPG");
        Touch("Mac/iPhoto Library.photolibrary/Thumbnails/2009/01/02/IMG_0001.jpg");
        Touch("Mac/iPhoto Library.photolibrary/Previews/2009/01/02/IMG_0001.jpg");
        Touch("Mac/Desktop/photoslibrary export/IMG_0002.jpg");

        var found = new PhotoFinder(new ImagingOptions()).Find(_root, []).Select(f => f.RelativePath).ToList();

        found.ShouldBe([
            "Mac/Desktop/photoslibrary export/IMG_0002.jpg",
            "Mac/Photos Library.photoslibrary/originals/A/A1B2.jpeg",
            "Mac/Photos Library.photoslibrary/originals/F/F9E8.heic",
            "Mac/iPhoto Library.photolibrary/Masters/2009/01/02/IMG_0001.JPG",
        ]);
        // Given as the folder to scan, the library is read for its originals too.
        new PhotoFinder(new ImagingOptions()).Find(Path.Combine(_root, library), []).Select(f => f.RelativePath)
            .ShouldBe(["originals/A/A1B2.jpeg", "originals/F/F9E8.heic"]);
    }

    [Fact]
    public void An_apple_photos_library_reached_through_a_link_is_read_for_its_originals_only()
    {
        // The library left on the Mac's disk and linked into the photo folder under a plain name ("Mac" -> the
        // .photoslibrary), or given as the folder to scan by such a link: the link's name has no extension.
        const string library = "disk/Photos Library.photoslibrary";
        Touch($"{library}/originals/A/A1B2.jpeg");
        Touch($"{library}/resources/derivatives/A/A1B2_1_105_c.jpeg");
        Touch($"{library}/resources/renders/A/A1B2_1_201_a.jpeg");
        Directory.CreateDirectory(Path.Combine(_root, "photos"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "photos", "Mac"), Path.Combine(_root, library));

        new PhotoFinder(new ImagingOptions()).Find(Path.Combine(_root, "photos"), []).Select(f => f.RelativePath)
            .ShouldBe(["Mac/originals/A/A1B2.jpeg"]);
        new PhotoFinder(new ImagingOptions()).Find(Path.Combine(_root, "photos", "Mac"), []).Select(f => f.RelativePath)
            .ShouldBe(["originals/A/A1B2.jpeg"]);
    }

    [Fact]
    public void A_file_without_an_extension_is_a_photo_when_its_first_bytes_say_so()
    {
        // Some backups and chat exports drop extensions; a file with another extension is never opened.
        File.Copy(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", "bbt1.jpg"), Path.Combine(_root, "IMG_0001"));
        File.Copy(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "amy", "amy1.png"), Path.Combine(_root, "amy"));
        Touch("notes");
        File.WriteAllBytes(Path.Combine(_root, "empty"), []);
        File.Copy(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", "bbt1.jpg"), Path.Combine(_root, "photo.dat"));

        var found = new PhotoFinder(new ImagingOptions()).Find(_root, []).Select(f => f.RelativePath).ToList();

        found.ShouldBe(["IMG_0001", "amy"]);
    }

    [Fact]
    public void A_folder_of_google_takeout_archives_names_each_archive_instead_of_finding_nothing_without_a_word()
    {
        // What Google Takeout delivers before anyone extracts it: the export in parts, each holding
        // Takeout/Google Photos/Photos from YYYY/ with photos and their JSON sidecars; .tgz on request.
        var export = Directory.CreateTempSubdirectory("facesort-takeout-").FullName;
        try
        {
            var year = Path.Combine(export, "Takeout", "Google Photos", "Photos from 2019");
            Directory.CreateDirectory(year);
            File.Copy(Path.Combine(TestPaths.Fixtures, "faceapi-bbt", "group", "bbt1.jpg"), Path.Combine(year, "IMG_0001.jpg"));
            File.WriteAllText(Path.Combine(year, "IMG_0001.jpg.json"), "{\"title\": \"IMG_0001.jpg\"}");
            Directory.CreateDirectory(Path.Combine(_root, "Downloads"));
            System.IO.Compression.ZipFile.CreateFromDirectory(export, Path.Combine(_root, "Downloads", "takeout-20240512T093015Z-001.zip"));
            using (var tgz = new System.IO.Compression.GZipStream(File.Create(Path.Combine(_root, "Downloads", "takeout-20240512T093015Z-002.tgz")),
                System.IO.Compression.CompressionLevel.Fastest))
                System.Formats.Tar.TarFile.CreateFromDirectory(export, tgz, includeBaseDirectory: false);
            Touch("Downloads/notes.txt");
        }
        finally { Directory.Delete(export, recursive: true); }

        var skipped = new List<SkippedPath>();
        var found = new PhotoFinder(new ImagingOptions()).Find(_root, skipped).ToList();

        found.ShouldBeEmpty();
        skipped.Select(s => Path.GetFileName(s.Path)).ShouldBe(["takeout-20240512T093015Z-001.zip", "takeout-20240512T093015Z-002.tgz"]);
        skipped.ShouldAllBe(s => s.Reason.Contains("archive") && s.Reason.Contains("extract"));
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'h', (byte)'e', (byte)'i', (byte)'c' }, true)]
    [InlineData(new byte[] { 0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m' }, false)] // an MP4 video
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'W', (byte)'E', (byte)'B', (byte)'P' }, true)]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'W', (byte)'A', (byte)'V', (byte)'E' }, false)] // a sound
    [InlineData(new byte[] { (byte)'I', (byte)'I', (byte)'*', 0 }, true)]
    [InlineData(new byte[] { 0xFF, 0xD8 }, false)] // too short to be a JPEG
    public void Signatures_tell_still_images_from_other_media(byte[] head, bool image) =>
        ImageSignature.Matches(head).ShouldBe(image);

    private void Touch(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
