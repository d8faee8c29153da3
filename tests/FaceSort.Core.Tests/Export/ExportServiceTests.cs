using System.Security.Cryptography;
using FaceSort.Core.Export;
using FaceSort.Core.Tests.Library;

namespace FaceSort.Core.Tests.Export;

public class ExportServiceTests
{
    private static readonly float[] A = [1, 0, 0];
    private static readonly float[] B = [0, 1, 0];

    [Fact]
    public void Group_photo_goes_to_every_person_in_it_and_unassigned_photos_to_Unsorted()
    {
        using var library = new TemporaryLibrary();
        library.AddPhoto("trip/ab.jpg", A, B);
        library.AddPhoto("trip/a.jpg", A);
        library.AddPhoto("stranger.jpg", [0, 0, 1]);
        library.AddPhoto("landscape.jpg");
        var faces = library.Faces.AllPresent(); // in path order: stranger, trip/a, trip/ab (A), trip/ab (B)
        library.People.ReplaceAutomaticAssignments([[faces[2].Id, faces[1].Id], [faces[3].Id]]);
        var output = Path.Combine(library.Directory, "out");

        var summary = Export(library, output);

        Files(output).ShouldBe([
            "No faces/landscape.jpg", "Person_001/a.jpg", "Person_001/ab.jpg", "Person_002/ab.jpg",
            "Unsorted/stranger.jpg", "faces.csv"]);
        summary.PeopleFolders.ShouldBe(2);
        summary.UnsortedPhotos.ShouldBe(1);
        summary.NoFacePhotos.ShouldBe(1);
    }

    [Fact]
    public void With_raw_files_each_photos_raw_file_goes_beside_it_named_after_the_exported_photo()
    {
        // A camera set to raw + JPEG: the scan read each picture from its JPEG; the raw files were never photos of the
        // library. The second IMG_0001 (another card) is numbered in the person folder, and its raw file with it.
        using var library = new TemporaryLibrary();
        library.AddPhoto("card1/IMG_0001.JPG", A);
        library.AddPhoto("card1/IMG_0002.jpg", A);
        library.AddPhoto("card2/IMG_0001.jpg", A);
        File.WriteAllText(Path.Combine(library.PhotosRoot, "card1", "IMG_0001.CR2"), "raw card1/IMG_0001");
        File.WriteAllText(Path.Combine(library.PhotosRoot, "card2", "img_0001.nef"), "raw card2/IMG_0001");
        File.WriteAllText(Path.Combine(library.PhotosRoot, "card2", "IMG_0003.NEF"), "raw alone, not beside an exported photo");
        // A named pipe where IMG_0002's raw file would be: copying it would wait forever.
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [Path.Combine(library.PhotosRoot, "card1", "IMG_0002.ARW")]))
            mkfifo.WaitForExit();
        var faces = library.Faces.AllPresent();
        library.People.ReplaceAutomaticAssignments([[.. faces.Select(f => f.Id)]]);
        var output = Path.Combine(library.Directory, "out");

        Export(library, output, withRaw: true).FilesWritten.ShouldBe(5);

        Files(output).ShouldBe([
            "Person_001/IMG_0001 (2).jpg", "Person_001/IMG_0001 (2).nef", "Person_001/IMG_0001.CR2", "Person_001/IMG_0001.JPG",
            "Person_001/IMG_0002.jpg", "faces.csv"]);
        File.ReadAllText(Path.Combine(output, "Person_001", "IMG_0001 (2).nef")).ShouldBe("raw card2/IMG_0001");
        // Again: nothing to write. Without the option: the raw files go, the photos stay.
        Export(library, output, withRaw: true).FilesWritten.ShouldBe(0);
        var without = Export(library, output);
        without.FilesRemoved.ShouldBe(2);
        Files(output).ShouldBe(["Person_001/IMG_0001 (2).jpg", "Person_001/IMG_0001.JPG", "Person_001/IMG_0002.jpg", "faces.csv"]);
        File.Exists(Path.Combine(library.PhotosRoot, "card1", "IMG_0001.CR2")).ShouldBeTrue("originals are never touched");
    }

    // A link to /dev/zero where a raw file would be was copied until the disk was full (12 GB in 39 s): a link's own
    // length is its target's name's. Links to a device and to an empty file stand in for it here (copying either ends).
    [Fact(Timeout = 60_000)]
    public async Task With_raw_files_a_link_to_a_device_or_an_empty_file_is_not_a_raw_file()
    {
        using var library = new TemporaryLibrary();
        library.AddPhoto("card1/IMG_0001.jpg", A);
        library.AddPhoto("card1/IMG_0002.jpg", A);
        library.AddPhoto("card1/IMG_0003.jpg", A);
        var card = Path.Combine(library.PhotosRoot, "card1");
        File.CreateSymbolicLink(Path.Combine(card, "IMG_0001.NEF"), "/dev/null");
        File.WriteAllBytes(Path.Combine(card, "empty.bin"), []);
        File.CreateSymbolicLink(Path.Combine(card, "IMG_0002.CR2"), Path.Combine(card, "empty.bin"));
        File.WriteAllText(Path.Combine(card, "real.bin"), "raw card1/IMG_0003");
        File.CreateSymbolicLink(Path.Combine(card, "IMG_0003.DNG"), Path.Combine(card, "real.bin"));
        var faces = library.Faces.AllPresent();
        library.People.ReplaceAutomaticAssignments([[.. faces.Select(f => f.Id)]]);
        var output = Path.Combine(library.Directory, "out");

        await Task.Run(() => Export(library, output, withRaw: true), TestContext.Current.CancellationToken);

        Files(output).ShouldBe([
            "Person_001/IMG_0001.jpg", "Person_001/IMG_0002.jpg", "Person_001/IMG_0003.DNG", "Person_001/IMG_0003.jpg", "faces.csv"]);
        File.ReadAllText(Path.Combine(output, "Person_001", "IMG_0003.DNG")).ShouldBe("raw card1/IMG_0003");
    }

    [Fact]
    public void Same_file_name_from_two_folders_gets_a_numbered_name_in_path_order()
    {
        using var library = new TemporaryLibrary();
        library.AddPhoto("2019/IMG_0001.jpg", A);
        library.AddPhoto("2020/IMG_0001.jpg", A);
        var faces = library.Faces.AllPresent();
        library.People.ReplaceAutomaticAssignments([[faces[0].Id, faces[1].Id]]);
        var output = Path.Combine(library.Directory, "out");

        Export(library, output);

        File.ReadAllText(Path.Combine(output, "Person_001", "IMG_0001.jpg")).ShouldBe("photo 2019/IMG_0001.jpg");
        File.ReadAllText(Path.Combine(output, "Person_001", "IMG_0001 (2).jpg")).ShouldBe("photo 2020/IMG_0001.jpg");
    }

    [Fact]
    public void Byte_identical_copies_are_written_once_per_folder_and_listed_apart_in_the_csv()
    {
        // A collection scanned beside its backup: the same picture at two paths, its face in one person either way.
        using var library = new TemporaryLibrary();
        library.AddPhotoWithHash("disk1/IMG_0001.jpg", "same-bytes", A);
        library.AddPhotoWithHash("disk2/IMG_0001.jpg", "same-bytes", A);
        library.AddPhotoWithHash("disk2/IMG_0002.jpg", "other-bytes", A);
        var faces = library.Faces.AllPresent();
        library.People.ReplaceAutomaticAssignments([[.. faces.Select(f => f.Id)]]);
        var output = Path.Combine(library.Directory, "out");

        Export(library, output);

        Files(output).ShouldBe(["Person_001/IMG_0001.jpg", "Person_001/IMG_0002.jpg", "faces.csv"]);
        File.ReadAllText(Path.Combine(output, "Person_001", "IMG_0001.jpg")).ShouldBe("photo disk1/IMG_0001.jpg");
        File.ReadAllLines(Path.Combine(output, "faces.csv")).Length.ShouldBe(4, "every photo's face keeps its row");
    }

    [Fact]
    public void A_photo_without_an_extension_is_exported_with_its_formats()
    {
        using var library = new TemporaryLibrary();
        library.AddPhoto("backup/IMG_1234", A);
        library.AddPhoto("backup/IMG_1234.jpg", A);
        var faces = library.Faces.AllPresent();
        library.People.ReplaceAutomaticAssignments([[faces[0].Id, faces[1].Id]]);
        var output = Path.Combine(library.Directory, "out");

        Export(library, output);

        File.ReadAllText(Path.Combine(output, "Person_001", "IMG_1234.jpg")).ShouldBe("photo backup/IMG_1234");
        File.ReadAllText(Path.Combine(output, "Person_001", "IMG_1234 (2).jpg")).ShouldBe("photo backup/IMG_1234.jpg");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_copy_keeps_a_private_originals_permissions_but_is_always_readable_by_its_owner()
    {
        using var library = new TemporaryLibrary();
        library.AddPhoto("private.jpg", A);
        library.AddPhoto("locked.jpg", B);
        var faces = library.Faces.AllPresent();
        library.People.ReplaceAutomaticAssignments([[faces[0].Id], [faces[1].Id]]);
        File.SetUnixFileMode(Path.Combine(library.PhotosRoot, "private.jpg"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(Path.Combine(library.PhotosRoot, "locked.jpg"), UnixFileMode.None);
        var output = Path.Combine(library.Directory, "out");

        try
        {
            Export(library, output);
        }
        finally
        {
            File.SetUnixFileMode(Path.Combine(library.PhotosRoot, "locked.jpg"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        string Copy(string name) => Directory.EnumerateFiles(output, name, SearchOption.AllDirectories).Single();
        File.GetUnixFileMode(Copy("private.jpg")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (Environment.UserName == "root") // only root can copy a file nobody may read
            File.GetUnixFileMode(Copy("locked.jpg")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void Csv_has_the_contract_columns_and_one_row_per_face()
    {
        using var library = new TemporaryLibrary();
        library.AddPhoto("sub dir/x,y.jpg", A, B);
        var faces = library.Faces.AllPresent();
        library.People.ReplaceAutomaticAssignments([[faces[0].Id]]);
        var output = Path.Combine(library.Directory, "out");

        Export(library, output);

        var original = "\"" + Path.Combine(library.PhotosRoot, "sub dir", "x,y.jpg") + "\"";
        File.ReadAllLines(Path.Combine(output, "faces.csv")).ShouldBe([
            "photo,face_index,x,y,width,height,score,person,original",
            "\"sub dir/x,y.jpg\",0,10,20,80,90,0.900,Person_001," + original,
            "\"sub dir/x,y.jpg\",1,110,20,80,90,0.900,," + original,
        ]);
    }

    [Fact]
    public void Exporting_again_removes_only_what_it_wrote_and_never_touches_originals()
    {
        using var library = new TemporaryLibrary();
        library.AddPhoto("a.jpg", A);
        library.AddPhoto("b.jpg", B);
        var originals = HashTree(library.PhotosRoot);
        var faces = library.Faces.AllPresent();
        library.People.ReplaceAutomaticAssignments([[faces[0].Id], [faces[1].Id]]);
        var output = Path.Combine(library.Directory, "out");
        Export(library, output);
        File.WriteAllText(Path.Combine(output, "Person_002", "my notes.txt"), "mine");

        // Now both faces are one person: Person_002's export file goes, the user's note stays.
        library.People.ReplaceAutomaticAssignments([[faces[0].Id, faces[1].Id]]);
        var second = Export(library, output);

        second.FilesRemoved.ShouldBe(1);
        Files(output).ShouldBe(["Person_001/a.jpg", "Person_001/b.jpg", "Person_002/my notes.txt", "faces.csv"]);
        HashTree(library.PhotosRoot).ShouldBe(originals);
    }

    [Fact]
    public void A_file_the_user_changed_after_an_export_is_neither_written_over_nor_removed()
    {
        using var library = new TemporaryLibrary();
        library.AddPhoto("a.jpg", A);
        library.AddPhoto("b.jpg", B);
        library.AddPhoto("c.jpg", [0, 0, 1]);
        var originals = HashTree(library.PhotosRoot);
        var faces = library.Faces.AllPresent();
        library.People.ReplaceAutomaticAssignments([[faces[0].Id], [faces[1].Id]]);
        var output = Path.Combine(library.Directory, "out");
        Export(library, output).FilesWritten.ShouldBe(3);
        string Out(string path) => Path.Combine(output, path);

        // The user rotates a in its person folder and retouches b, and puts a c.jpg of their own in Person_001.
        File.WriteAllText(Out("Person_001/a.jpg"), "a.jpg, rotated");
        File.AppendAllText(Out("Person_002/b.jpg"), ", retouched");
        File.WriteAllText(Out("Person_001/c.jpg"), "my own c");
        // Then all three faces become one person: b's copy in Person_002 no longer belongs, and a and c are to be
        // written where the user's files are. Both were written over or removed in silence.
        library.People.ReplaceAutomaticAssignments([[faces[0].Id, faces[1].Id, faces[2].Id]]);
        var second = Export(library, output);

        second.KeptAsChanged.ShouldBe(["Person_001/a.jpg", "Person_001/c.jpg", "Person_002/b.jpg"]);
        File.ReadAllText(Out("Person_001/a.jpg")).ShouldBe("a.jpg, rotated");
        File.ReadAllText(Out("Person_001/c.jpg")).ShouldBe("my own c");
        File.ReadAllText(Out("Person_002/b.jpg")).ShouldBe("photo b.jpg, retouched");
        File.ReadAllText(Out("Person_001/b.jpg")).ShouldBe("photo b.jpg", "b is written into its new folder");
        second.FilesRemoved.ShouldBe(1, "c's copy in Unsorted, which the user never touched");
        HashTree(library.PhotosRoot).ShouldBe(originals);

        // They are the user's from now on: the next export leaves them too, and says so.
        var third = Export(library, output);
        third.FilesWritten.ShouldBe(0);
        third.KeptAsChanged.ShouldBe(["Person_001/a.jpg", "Person_001/c.jpg"]);
        File.ReadAllText(Out("Person_002/b.jpg")).ShouldBe("photo b.jpg, retouched");
    }

    [Fact]
    public void A_library_with_no_photos_is_not_exported_over_an_earlier_export()
    {
        // A library.db emptied (a full disk, a bad copy) opens as a new library: exported to the same folder, it removed
        // every file the earlier export wrote.
        var output = Path.Combine(Path.GetTempPath(), "facesort-empty-export-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var library = OnePersonOnePhoto())
                Export(library, output).FilesWritten.ShouldBe(1);
            using var empty = new TemporaryLibrary();

            var refused = Should.Throw<EmptyLibraryExportException>(() => Export(empty, output));

            refused.Message.ShouldContain("would remove the 1 files an earlier export wrote there");
            Files(output).ShouldBe(["Person_001/a.jpg", "faces.csv"]);
            Export(empty, Path.Combine(output, "elsewhere")).FilesWritten.ShouldBe(0, "an empty library exports to a new folder");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void A_manifest_listing_a_file_twice_does_not_stop_the_export()
    {
        // A manifest merged by a sync tool listed a file twice; every export after it ended with a duplicate-key error.
        using var library = OnePersonOnePhoto();
        var output = Path.Combine(library.Directory, "out");
        Export(library, output);
        var manifest = Path.Combine(output, ExportService.ManifestFileName);
        File.AppendAllLines(manifest, File.ReadAllLines(manifest));

        var again = Export(library, output);

        again.FilesUnchanged.ShouldBe(1);
        File.ReadAllLines(manifest).Length.ShouldBe(1);
    }

    [Fact]
    public void A_copy_an_interrupted_export_left_unlisted_is_finished_not_kept_as_the_users()
    {
        using var library = OnePersonOnePhoto();
        var output = Path.Combine(library.Directory, "out");
        Export(library, output);
        // Stopped after the copy and before its time and the manifest were written.
        File.Delete(Path.Combine(output, ExportService.ManifestFileName));
        File.SetLastWriteTimeUtc(Path.Combine(output, "Person_001", "a.jpg"), DateTime.UtcNow);

        var again = Export(library, output);

        again.KeptAsChanged.ShouldBeEmpty();
        again.FilesWritten.ShouldBe(1);
        File.GetLastWriteTimeUtc(Path.Combine(output, "Person_001", "a.jpg")).ShouldBe(File.GetLastWriteTimeUtc(Path.Combine(library.PhotosRoot, "a.jpg")));
    }

    [Fact]
    public void A_photo_whose_file_time_changed_is_not_copied_again_and_its_copy_takes_the_new_time()
    {
        using var library = new TemporaryLibrary();
        library.AddPhoto("a.jpg", A);
        library.AddPhoto("b.jpg", A);
        var faces = library.Faces.AllPresent();
        library.People.ReplaceAutomaticAssignments([[faces[0].Id, faces[1].Id]]);
        var output = Path.Combine(library.Directory, "out");
        Export(library, output).FilesWritten.ShouldBe(2);

        // The collection restored without its times; the scan finds the same bytes and takes the new times.
        foreach (var photo in library.Photos.All())
        {
            var time = File.GetLastWriteTimeUtc(photo.FullPath).AddHours(1);
            File.SetLastWriteTimeUtc(photo.FullPath, time);
            using var writer = new Core.Library.ScanWriter(library.Database);
            writer.Relink(photo.Id, new Core.Library.PhotoFile(photo.RootId, photo.RootPath, photo.RelativePath, photo.FullPath,
                photo.Size, new DateTimeOffset(time).ToUnixTimeMilliseconds()), photo.Sha256!, photo.PictureHash);
        }
        var again = Export(library, output);

        again.FilesWritten.ShouldBe(0);
        again.FilesUnchanged.ShouldBe(2);
        File.GetLastWriteTimeUtc(Path.Combine(output, "Person_001", "a.jpg")).ShouldBe(File.GetLastWriteTimeUtc(Path.Combine(library.PhotosRoot, "a.jpg")));

        // A photo changed since its scan is copied: the hash the library holds is no longer its content's.
        File.WriteAllText(Path.Combine(library.PhotosRoot, "b.jpg"), "photo b.jpg, edited");
        var third = Export(library, output);
        third.FilesWritten.ShouldBe(1);
        File.ReadAllText(Path.Combine(output, "Person_001", "b.jpg")).ShouldBe("photo b.jpg, edited");
    }

    [Fact]
    public void An_export_to_the_folder_above_a_scanned_folder_never_writes_into_it_nor_removes_its_originals()
    {
        // Photos kept in a folder called Unsorted, scanned, and exported to the folder above it: the export's Unsorted was
        // the scanned folder. Another photo with no person was copied in among the originals, a.jpg was its own "copy"
        // (listed in the manifest), and once its face had a person the next export removed it as a stale copy.
        using var library = new TemporaryLibrary();
        var unsorted = Path.Combine(library.Directory, "Unsorted");
        Directory.CreateDirectory(unsorted);
        var original = Path.Combine(unsorted, "a.jpg");
        File.WriteAllText(original, "photo Unsorted/a.jpg");
        var info = new FileInfo(original);
        var rootId = library.Photos.EnsureRoot(unsorted);
        using (var writer = new Core.Library.ScanWriter(library.Database))
        {
            writer.Write(new Core.Library.PhotoScanResult(
                new Core.Library.PhotoFile(rootId, unsorted, "a.jpg", original, info.Length, new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeMilliseconds()),
                "a-bytes", 640, 480, "jpeg",
                [new Core.Library.ScannedFace(0, new Core.Detection.FaceBox(10, 20, 80, 90), new Core.Detection.Landmarks5(30, 50, 60, 50, 45, 65, 35, 80, 55, 80), 0.9f, A)],
                null, "det@test", "emb@test"));
        }
        library.AddPhoto("b.jpg", B);
        var originals = HashTree(unsorted);
        var output = library.Directory;

        var first = Export(library, output);

        HashTree(unsorted).ShouldBe(originals, "nothing is copied in among the originals");
        first.Problems.Select(p => p.Path).Order(StringComparer.Ordinal).ShouldBe([original, Path.Combine(library.PhotosRoot, "b.jpg")]);
        first.Problems.ShouldAllBe(p => p.Reason.Contains("scanned folder", StringComparison.Ordinal));

        // A manifest an earlier version wrote, which listed the original as the export's own: a.jpg's face gets a person,
        // and Unsorted/a.jpg is no longer in the layout.
        var manifest = Path.Combine(output, ExportService.ManifestFileName);
        File.AppendAllText(manifest, $"Unsorted/a.jpg\ta-bytes\t{info.Length}\t{new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeMilliseconds()}\n");
        var faces = library.Faces.AllPresent();
        library.People.ReplaceAutomaticAssignments([[faces.Single(f => f.PhotoId == library.Photos.All().Single(p => p.FullPath == original).Id).Id]]);
        var second = Export(library, output);

        File.Exists(original).ShouldBeTrue("an original is never removed");
        HashTree(unsorted).ShouldBe(originals);
        File.ReadAllText(Path.Combine(output, "Person_001", "a.jpg")).ShouldBe("photo Unsorted/a.jpg");
        second.FilesRemoved.ShouldBe(0);
    }

    [Theory]
    [InlineData(ExportMode.Hardlink)]
    [InlineData(ExportMode.Symlink)]
    public void Link_modes_point_at_the_original(ExportMode mode)
    {
        using var library = new TemporaryLibrary();
        library.AddPhoto("a.jpg", A);
        var faces = library.Faces.AllPresent();
        library.People.ReplaceAutomaticAssignments([[faces[0].Id]]);
        var output = Path.Combine(library.Directory, "out");

        Export(library, output, mode);

        var exported = new FileInfo(Path.Combine(output, "Person_001", "a.jpg"));
        File.ReadAllText(exported.FullName).ShouldBe("photo a.jpg");
        if (mode == ExportMode.Symlink) exported.LinkTarget.ShouldBe(Path.Combine(library.PhotosRoot, "a.jpg"));
        else exported.LinkTarget.ShouldBeNull();
    }

    [Theory]
    [InlineData("Alice", "Alice")]
    [InlineData("../../etc", "_.._etc")]
    [InlineData("a/b", "a_b")]
    [InlineData("  ..  ", "_")]
    [InlineData("Bob .", "Bob")]
    [InlineData(". Bob", "Bob")]
    [InlineData("Con", "Con_")]
    [InlineData("nul", "nul_")]
    [InlineData("COM1", "COM1_")]
    [InlineData("Aux. Smith", "Aux_. Smith")]
    [InlineData("Connie", "Connie")]
    public void Person_names_become_safe_folder_names(string name, string folder) =>
        ExportPlanner.SafeFolderName(name).ShouldBe(folder);

    [Fact]
    public void A_long_name_becomes_a_folder_name_a_file_system_takes_cut_between_characters()
    {
        // 100 Chinese characters are 300 bytes of UTF-8: more than the 255 a file name may have.
        var chinese = ExportPlanner.SafeFolderName(new string('張', 100));
        System.Text.Encoding.UTF8.GetByteCount(chinese).ShouldBeLessThanOrEqualTo(200);
        chinese.ShouldBe(new string('張', 66));
        // An emoji (two UTF-16 units) across the 120th character is left out whole, not cut in half.
        var emoji = ExportPlanner.SafeFolderName(new string('a', 119) + "\U0001F600 b");
        emoji.ShouldBe(new string('a', 119));

        using var library = new TemporaryLibrary();
        library.AddPhoto("a.jpg", A);
        library.People.ReplaceAutomaticAssignments([[library.Faces.AllPresent()[0].Id]]);
        new Core.Corrections.CorrectionService(library.Database).Rename(library.People.Summaries()[0].Person.Id, new string('張', 100));
        var output = Path.Combine(library.Directory, "out");

        Export(library, output).Problems.ShouldBeEmpty();
        File.ReadAllText(Path.Combine(output, chinese, "a.jpg")).ShouldBe("photo a.jpg");
    }

    /// <summary>A library of one photo, a.jpg, whose face is Person_001.</summary>
    private static TemporaryLibrary OnePersonOnePhoto()
    {
        var library = new TemporaryLibrary();
        library.AddPhoto("a.jpg", A);
        library.People.ReplaceAutomaticAssignments([[library.Faces.AllPresent()[0].Id]]);
        return library;
    }

    private static Core.Export.ExportSummary Export(TemporaryLibrary library, string output, ExportMode mode = ExportMode.Copy, bool withRaw = false) =>
        new ExportService(library.Photos, library.Faces, library.People).Export(output, new ExportOptions { Mode = mode, WithRawFiles = withRaw });

    private static string[] Files(string root) => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
        .Where(f => !f.StartsWith('.'))
        .Order(StringComparer.Ordinal).ToArray();

    private static Dictionary<string, string> HashTree(string root) => Directory
        .EnumerateFiles(root, "*", SearchOption.AllDirectories)
        .ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}
