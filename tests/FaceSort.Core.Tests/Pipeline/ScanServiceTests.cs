using System.Security.Cryptography;
using FaceSort.Core.Imaging;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;
using FaceSort.Core.Tests.Imaging;

namespace FaceSort.Core.Tests.Pipeline;

[Collection(ModelCollection.Name)]
public sealed class ScanServiceTests(ModelFixture fixture) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-scan-").FullName;

    private static string Bbt => Path.Combine(TestPaths.Fixtures, "faceapi-bbt");

    [Fact]
    public async Task Scanning_the_fixture_finds_a_face_in_every_portrait_and_a_rescan_skips_everything()
    {
        var photos = CopyOf(Bbt);
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));

        var first = await Scan(library, photos);
        var facesAfterFirst = new FaceStore(library).Count();
        var second = await Scan(library, photos);

        first.PhotosScanned.ShouldBe(45);
        first.Skipped.ShouldBeEmpty();
        var portraits = new PhotoStore(library).All().Where(p => !p.RelativePath.StartsWith("group/", StringComparison.Ordinal)).ToList();
        portraits.Count.ShouldBe(40);
        portraits.ShouldAllBe(p => p.FaceCount >= 1);
        second.PhotosScanned.ShouldBe(0);
        second.PhotosUnchanged.ShouldBe(45);
        new FaceStore(library).Count().ShouldBe(facesAfterFirst);
    }

    // A named pipe among the photos made the scan wait forever: the timeout turns that into a failure.
    [Fact(Timeout = 120_000)]
    public async Task Every_bad_file_gets_its_reason_and_the_scan_goes_on()
    {
        var photos = Path.Combine(_work, "photos");
        Directory.CreateDirectory(photos);
        File.Copy(Path.Combine(Bbt, "amy", "amy1.png"), Path.Combine(photos, "good.png"));
        var expected = BadInputFiles.WriteAll(Path.Combine(photos, "bad"), Path.Combine(Bbt, "group", "bbt1.jpg"), Path.Combine(Bbt, "amy", "amy1.png"));
        var unusual = BadInputFiles.WriteUnusual(Path.Combine(photos, "unusual"), Path.Combine(Bbt, "group", "bbt1.jpg"));
        foreach (var (file, word) in BadInputFiles.WriteSpecialFiles(Path.Combine(photos, "special"))) expected[file] = word;
        BadInputFiles.WriteNonUtf8Name(photos);
        Directory.CreateSymbolicLink(Path.Combine(photos, "bad", "loop"), photos);
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));

        var summary = await ScanWith(library, photos, null, TestContext.Current.CancellationToken);

        var reasons = summary.Skipped.ToDictionary(s => Path.GetFileName(s.Path), s => s.Reason);
        foreach (var (file, word) in expected)
            reasons[file].ShouldContain(word, Case.Insensitive, $"reason for {file}: {reasons.GetValueOrDefault(file)}");
        reasons.Keys.ShouldContain(k => k.StartsWith("caf", StringComparison.Ordinal), "the non-UTF-8 name is reported");
        reasons["loop"].ShouldContain("already visited");
        reasons.Keys.ShouldNotContain("pipe-without-extension");
        reasons.Keys.ShouldNotContain("zeros-without-extension");
        var stored = new PhotoStore(library).All().ToDictionary(p => p.RelativePath);
        stored["good.png"].Status.ShouldBe(PhotoStatus.Done);
        stored["good.png"].FaceCount.ShouldBe(1);
        foreach (var file in unusual)
            stored["unusual/" + file].Status.ShouldBe(PhotoStatus.Done, $"{file}: {stored["unusual/" + file].Reason}");
        stored["unusual/cmyk.jpg"].FaceCount.ShouldBe(stored["unusual/grey.jpg"].FaceCount);

        // Scanned again: nothing is processed, and every unusable file is still named with its reason.
        var again = await Scan(library, photos);
        again.PhotosScanned.ShouldBe(0);
        var reasonsAgain = again.Skipped.ToDictionary(s => Path.GetFileName(s.Path), s => s.Reason);
        foreach (var (file, word) in expected)
            reasonsAgain[file].ShouldContain(word, Case.Insensitive, $"reason for {file} on the second scan");
    }

    [Fact]
    public async Task A_moved_photo_keeps_its_faces_and_a_copy_reuses_them_without_running_the_models()
    {
        var photos = CopyOf(Path.Combine(Bbt, "penny"));
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        await Scan(library, photos);
        var before = new FaceStore(library).AllPresent().ToDictionary(f => f.Id);

        Directory.CreateDirectory(Path.Combine(photos, "moved"));
        File.Move(Path.Combine(photos, "penny1.png"), Path.Combine(photos, "moved", "renamed.png"));
        File.Copy(Path.Combine(photos, "penny2.png"), Path.Combine(photos, "copy.png"));
        var summary = await Scan(library, photos);

        summary.PhotosMoved.ShouldBe(1);
        summary.PhotosDuplicate.ShouldBe(1);
        summary.ScannedNow().ShouldBe("0 scanned now, 0 faces found in them; 1 moved, keeping their faces; 1 copy of a photo already scanned, taking its faces",
            "no model read either: the moved photo keeps its face, the copy takes its original's");
        summary.Times[Stage.Detect].ShouldBe(TimeSpan.Zero);
        var store = new PhotoStore(library);
        var renamed = store.All().Single(p => p.RelativePath == "moved/renamed.png");
        var renamedFaces = new FaceStore(library).OfPhoto(renamed.Id);
        renamedFaces.ShouldNotBeEmpty();
        renamedFaces.ShouldAllBe(f => before.ContainsKey(f.Id));
        store.All().ShouldNotContain(p => p.RelativePath == "penny1.png");
    }

    [Fact]
    public async Task Byte_identical_photos_in_a_renamed_folder_each_keep_their_own_row_and_faces()
    {
        // A family's folder holds the same photo twice (penny2.png and a copy); the folder is then renamed (or copied to
        // a new disk and the old one unmounted) and scanned at its new path. The new name sorts before the old one, so
        // the copy's row, once moved, comes first among the rows with that hash.
        var photos = CopyOf(Path.Combine(Bbt, "penny"));
        File.Copy(Path.Combine(photos, "penny2.png"), Path.Combine(photos, "copy.png"));
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        await Scan(library, photos);
        var store = new PhotoStore(library);
        var faceStore = new FaceStore(library);
        string[] FacesByPath() => [.. store.All().Select(p => p.RelativePath + ": " + string.Join(",", faceStore.OfPhoto(p.Id).Select(f => f.Id))).Order(StringComparer.Ordinal)];
        var before = FacesByPath();
        var renamed = Path.Combine(_work, "album");
        Directory.Move(photos, renamed);

        var summary = await Scan(library, renamed);

        summary.PhotosMoved.ShouldBe(6);
        summary.PhotosDuplicate.ShouldBe(0, "neither copy takes the other's faces");
        var after = store.All();
        after.ShouldAllBe(p => p.RootPath == renamed, "no row stays behind at the old path, where no file is");
        FacesByPath().ShouldBe(before);
    }

    [Fact]
    public async Task Photos_whose_file_time_changed_but_not_their_bytes_keep_their_faces_without_running_the_models()
    {
        // The collection copied to a new disk without its times, or a FAT drive across a daylight-saving change: every
        // file has another modification time. One photo really changed (another picture under the same name), and one
        // has a byte-identical copy beside it.
        var photos = CopyOf(Path.Combine(Bbt, "penny"));
        File.Copy(Path.Combine(photos, "penny2.png"), Path.Combine(photos, "copy.png"));
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        await Scan(library, photos);
        var before = new FaceStore(library).AllPresent().ToDictionary(f => f.Id);
        foreach (var file in Directory.EnumerateFiles(photos)) File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddHours(1));
        File.Copy(Path.Combine(Bbt, "amy", "amy1.png"), Path.Combine(photos, "penny5.png"), overwrite: true);

        var summary = await Scan(library, photos);

        summary.PhotosUnchanged.ShouldBe(5);
        summary.PhotosScanned.ShouldBe(1, "only the photo whose bytes changed is read again");
        summary.PhotosDuplicate.ShouldBe(0, "the copy and its original keep their own faces");
        summary.ScannedNow().ShouldBe("1 scanned now, 1 faces found in them");
        var after = new FaceStore(library).AllPresent();
        var penny5 = new PhotoStore(library).All().Single(p => p.RelativePath == "penny5.png").Id;
        after.Where(f => f.PhotoId != penny5).ShouldAllBe(f => before.ContainsKey(f.Id) && before[f.Id].Embedding.SequenceEqual(f.Embedding));
        // The library took the new times: the next scan skips every photo without hashing it.
        var again = await Scan(library, photos);
        again.PhotosUnchanged.ShouldBe(6);
        again.Times[Stage.Hash].ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public async Task Photos_a_tagger_wrote_keywords_into_keep_their_faces_without_running_the_models()
    {
        // digiKam, Shotwell or exiftool writing tags into the files: new bytes and a new time, the same picture.
        var photos = CopyOf(Path.Combine(Bbt, "group"));
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        await Scan(library, photos);
        var store = new PhotoStore(library);
        var before = new FaceStore(library).AllPresent().ToDictionary(f => f.Id);
        var mine = new Core.Corrections.CorrectionService(library).MoveFaces([before.Keys.Min()], null, "Sheldon").PersonId!.Value;
        foreach (var file in Directory.EnumerateFiles(photos))
            File.WriteAllBytes(file, JpegSegments.WithSegments(File.ReadAllBytes(file), JpegSegments.Xmp("Family", "Friends"), JpegSegments.Comment("tagged")));
        // One is given the time it was taken (exiftool -DateTimeOriginal=…), which tells burst frames from copies.
        var dated = Path.Combine(photos, "bbt1.jpg");
        File.WriteAllBytes(dated, JpegSegments.WithSegments(File.ReadAllBytes(dated), JpegSegments.ExifTaken("2019:06:12 10:00:00", "25")));

        var summary = await Scan(library, photos);

        summary.PhotosScanned.ShouldBe(0, "no photo is decoded, searched or embedded again");
        store.All().Single(p => p.RelativePath == "bbt1.jpg").TakenAt.ShouldBe("2019:06:12 10:00:00.25");
        summary.PhotosUnchanged.ShouldBe(5);
        var after = new FaceStore(library).AllPresent();
        after.Count.ShouldBe(before.Count);
        after.ShouldAllBe(f => before.ContainsKey(f.Id) && before[f.Id].Embedding.SequenceEqual(f.Embedding) && before[f.Id].Box == f.Box);
        new PeopleStore(library).Assignments()[before.Keys.Min()].ShouldBe((mine, AssignmentSource.User));
        // The library holds the tagged files' hashes and times: the export copies the tagged files, and the next scan
        // skips every photo without reading it.
        store.All().ShouldAllBe(p => p.Sha256 == Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(p.FullPath))));
        var again = await Scan(library, photos);
        again.PhotosUnchanged.ShouldBe(5);
        again.Times[Stage.Hash].ShouldBe(TimeSpan.Zero);

        // A new EXIF orientation turns the picture the models see: that photo is read again, its faces keep their ids.
        var upright = store.All().Single(p => p.RelativePath == "bbt2.jpg");
        File.WriteAllBytes(upright.FullPath, JpegSegments.WithSegments(File.ReadAllBytes(upright.FullPath), JpegSegments.Exif(orientation: 6)));
        var turned = await Scan(library, photos);

        turned.PhotosScanned.ShouldBe(1);
        var photo = store.Get(upright.Id)!;
        (photo.Width, photo.Height).ShouldBe((upright.Height, upright.Width));
        var original = before.Values.Where(f => f.PhotoId == photo.Id).ToList();
        original.ShouldNotBeEmpty();
        var turnedFaces = new FaceStore(library).OfPhoto(photo.Id);
        turnedFaces.Select(f => f.Id).Order().ShouldBe(original.Select(f => f.Id).Order());
        turnedFaces.ShouldAllBe(f => !before[f.Id].Box.Equals(f.Box));
    }

    [Fact]
    public async Task A_photo_moved_and_tagged_keeps_its_faces_and_a_tagged_copy_takes_them_without_running_the_models()
    {
        var photos = CopyOf(Path.Combine(Bbt, "group"));
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        await Scan(library, photos);
        var store = new PhotoStore(library);
        PhotoRecord Row(string path) => store.All().Single(p => p.RelativePath == path);
        var (moved, copied) = (Row("bbt1.jpg"), Row("bbt2.jpg"));
        var faceStore = new FaceStore(library);
        var sheldon = faceStore.OfPhoto(copied.Id)[0].Id;
        var mine = new Core.Corrections.CorrectionService(library).MoveFaces([sheldon], null, "Sheldon").PersonId!.Value;
        static byte[] Tagged(string path) => JpegSegments.WithSegments(File.ReadAllBytes(path), JpegSegments.Xmp("Family"));

        // Sorted into an album and tagged in one sitting; a tagged copy of another photo put in a folder to share.
        Directory.CreateDirectory(Path.Combine(photos, "2019"));
        File.WriteAllBytes(Path.Combine(photos, "2019", "bbt1.jpg"), Tagged(moved.FullPath));
        File.Delete(moved.FullPath);
        Directory.CreateDirectory(Path.Combine(photos, "share"));
        File.WriteAllBytes(Path.Combine(photos, "share", "bbt2.jpg"), Tagged(copied.FullPath));
        var summary = await Scan(library, photos);

        summary.Times[Stage.Decode].ShouldBe(TimeSpan.Zero, "no photo is decoded");
        summary.Times[Stage.Embed].ShouldBe(TimeSpan.Zero);
        summary.PhotosMoved.ShouldBe(1);
        summary.PhotosDuplicate.ShouldBe(1);
        Row("2019/bbt1.jpg").Id.ShouldBe(moved.Id, "the moved photo keeps its row, and with it its faces");
        store.All().ShouldNotContain(p => p.RelativePath == "bbt1.jpg");
        var copy = faceStore.OfPhoto(Row("share/bbt2.jpg").Id);
        copy.Select(f => f.Embedding).ShouldBe(faceStore.OfPhoto(copied.Id).Select(f => f.Embedding));
        var copyOfSheldon = copy.Single(f => f.FaceIndex == faceStore.OfPhoto(copied.Id)[0].FaceIndex).Id;
        new PeopleStore(library).Assignments()[copyOfSheldon].ShouldBe((mine, AssignmentSource.User));
    }

    [Fact]
    public async Task A_copy_of_a_photo_takes_what_the_user_decided_about_the_originals_faces()
    {
        var photos = CopyOf(Path.Combine(Bbt, "penny"));
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        await Scan(library, photos);
        var store = new PhotoStore(library);
        long FaceOf(string file) => new FaceStore(library).OfPhoto(store.All().Single(p => p.RelativePath == file).Id).Single().Id;
        var corrections = new Core.Corrections.CorrectionService(library);
        // The user put penny1 and penny3 in a person of their own, and said penny2 is not that person.
        var mine = corrections.MoveFaces([FaceOf("penny1.png"), FaceOf("penny3.png")], null).PersonId!.Value;
        corrections.MoveFaces([FaceOf("penny2.png")], mine);
        corrections.RejectFaces([FaceOf("penny2.png")], mine);

        // The same pictures again, elsewhere in the collection (an album, a backup).
        Directory.CreateDirectory(Path.Combine(photos, "album"));
        File.Copy(Path.Combine(photos, "penny1.png"), Path.Combine(photos, "album", "a.png"));
        File.Copy(Path.Combine(photos, "penny2.png"), Path.Combine(photos, "album", "b.png"));
        var summary = await Scan(library, photos);

        summary.PhotosDuplicate.ShouldBe(2);
        var people = new PeopleStore(library);
        people.Assignments()[FaceOf("album/a.png")].ShouldBe((mine, AssignmentSource.User));
        people.Assignments().ContainsKey(FaceOf("album/b.png")).ShouldBeFalse();
        people.Rejections().ShouldContain((FaceOf("album/b.png"), mine));
    }

    [Fact]
    public async Task A_cancelled_scan_resumes_without_losing_or_duplicating_anything()
    {
        var photos = CopyOf(Bbt);
        var originals = HashTree(photos);
        var reference = LibraryDatabase.Open(Path.Combine(_work, "reference"));
        await Scan(reference, photos);
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));

        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p => { if (p.PhotosDone >= 10) cancel.Cancel(); });
        var interrupted = await ScanWith(library, photos, progress, cancel.Token);
        var resumed = await Scan(library, photos);

        interrupted.Cancelled.ShouldBeTrue();
        interrupted.PhotosScanned.ShouldBeLessThan(45);
        (interrupted.PhotosScanned + resumed.PhotosScanned).ShouldBe(45);
        Fingerprint(library).ShouldBe(Fingerprint(reference));
        HashTree(photos).ShouldBe(originals);
    }

    [Fact]
    public async Task A_scan_whose_library_write_fails_stops_with_the_error_and_stores_no_photo_without_its_faces()
    {
        // The library refusing a write (a full disk, an I/O error; here a trigger) mid-photo: the writer's dispose
        // committed the open transaction, photo row and all but its faces, so the next scan took the photo as unchanged
        // and its faces never came; and with more photos behind it than the pipeline's buffers hold, the scan waited
        // forever for a store loop that had ended (the CLI hung, the web job held the writer lock for good).
        var photos = CopyOf(Bbt);
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        using (var connection = library.Connect())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                CREATE TRIGGER refuse_faces BEFORE INSERT ON faces WHEN (SELECT COUNT(*) FROM faces) >= 3
                BEGIN SELECT RAISE(ABORT, 'injected write failure'); END;
                """;
            command.ExecuteNonQuery();
        }
        var service = new ScanService(library, new VipsPhotoDecoder(), fixture.Models.Detector, fixture.Models.Aligner, fixture.Models.Embedder,
            new ScanOptions { DecodeWorkers = 1, EmbedWorkers = 1, WriteBatchSize = 8 });

        var ended = false;
        var reportedAfterEnd = new TaskCompletionSource();
        var progress = new SynchronousProgress(_ => { if (Volatile.Read(ref ended)) reportedAfterEnd.TrySetResult(); });

        var failure = await Should.ThrowAsync<Microsoft.Data.Sqlite.SqliteException>(
            service.ScanAsync([photos], progress, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken));
        Volatile.Write(ref ended, true);

        failure.Message.ShouldContain("injected write failure");
        // The progress reporter (every 250 ms while a scan runs) kept reporting a failed scan as running, for good.
        (await Task.WhenAny(reportedAfterEnd.Task, Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken)))
            .ShouldNotBe(reportedAfterEnd.Task, "no progress is reported once the scan has ended");
        var faces = new FaceStore(library);
        new PhotoStore(library).All().ShouldAllBe(p => p.FaceCount == faces.OfPhoto(p.Id).Count, "a photo is stored with all its faces or not at all");
        using (var connection = library.Connect())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "DROP TRIGGER refuse_faces";
            command.ExecuteNonQuery();
        }
        (await Scan(library, photos)).PhotosScanned.ShouldBeGreaterThan(0);
        new PhotoStore(library).All().Count.ShouldBe(45);
        new PhotoStore(library).All().Where(p => !p.RelativePath.StartsWith("group/", StringComparison.Ordinal)).ShouldAllBe(p => p.FaceCount >= 1 && faces.OfPhoto(p.Id).Count == p.FaceCount);
    }

    private Task<ScanSummary> Scan(LibraryDatabase library, string photos) =>
        ScanWith(library, photos, null, TestContext.Current.CancellationToken);

    private async Task<ScanSummary> ScanWith(LibraryDatabase library, string photos, IProgress<ScanProgress>? progress, CancellationToken token)
    {
        var models = fixture.Models;
        var service = new ScanService(library, new VipsPhotoDecoder(), models.Detector, models.Aligner, models.Embedder,
            new ScanOptions { WriteBatchSize = 4 });
        return await service.ScanAsync([photos], progress, token);
    }

    /// <summary>Photo paths with their face boxes: equal for two libraries that hold the same scan.</summary>
    private static string[] Fingerprint(LibraryDatabase library)
    {
        var photos = new PhotoStore(library).All().ToDictionary(p => p.Id, p => p.RelativePath);
        return new FaceStore(library).AllPresent()
            .Select(f => $"{photos[f.PhotoId]}#{f.FaceIndex}:{f.Box.X:0}:{f.Box.Y:0}:{f.Box.Width:0}")
            .Order(StringComparer.Ordinal).ToArray();
    }

    private string CopyOf(string source) => FixturePhotos.CopyTo(source, Path.Combine(_work, "photos"));

    private static Dictionary<string, string> HashTree(string root) => Directory
        .EnumerateFiles(root, "*", SearchOption.AllDirectories)
        .ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // rm, not Directory.Delete: .NET cannot delete the file whose name is not UTF-8.
        using var remove = System.Diagnostics.Process.Start("rm", ["-rf", _work]);
        remove.WaitForExit();
    }

    private sealed class SynchronousProgress(Action<ScanProgress> report) : IProgress<ScanProgress>
    {
        public void Report(ScanProgress value) => report(value);
    }
}
