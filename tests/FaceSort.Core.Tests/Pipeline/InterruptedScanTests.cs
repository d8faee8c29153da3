using System.Collections.Concurrent;
using FaceSort.Core.Imaging;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;

namespace FaceSort.Core.Tests.Pipeline;

/// <summary>
/// A file on which an image library crashes or hangs takes the whole scan with it. These scans are abandoned while a
/// decoder never returns, which is how such a death looks to the next scan: the library and the reading journal as the
/// process left them.
/// </summary>
[Collection(ModelCollection.Name)]
public sealed class InterruptedScanTests(ModelFixture fixture) : IAsyncDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-interrupted-").FullName;
    private readonly List<(StuckDecoder Decoder, Task Scan)> _abandoned = [];

    private static string Bbt => Path.Combine(TestPaths.Fixtures, "faceapi-bbt");

    [Fact(Timeout = 240_000)]
    public async Task A_file_that_stops_the_scan_is_read_alone_next_time_and_skipped_with_its_reason_once_it_stops_it_alone()
    {
        var photos = Path.Combine(_work, "photos");
        Directory.CreateDirectory(photos);
        foreach (var person in new[] { "amy", "howard", "penny", "sheldon" })
            File.Copy(Path.Combine(Bbt, person, $"{person}1.png"), Path.Combine(photos, $"{person}.png"));
        File.Copy(Path.Combine(Bbt, "raj", "raj1.png"), Path.Combine(photos, "stuck.png"));
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        var token = TestContext.Current.CancellationToken;

        // Dies while reading stuck.png, with penny.png (a good photo) read beside it.
        var first = await Abandon(library, photos, "stuck.png", "penny.png");
        first.Entered.Order().ShouldBe(["penny.png", "stuck.png"]);
        var left = ReadingJournal.Leftover(library.Directory).Select(r => (Path.GetFileName(r.Path), r.Alone)).Order().ToList();
        left.ShouldBe([("penny.png", false), ("stuck.png", false)]);

        // The next scan reads both alone before anything else; penny.png is fine, stuck.png kills it again.
        var second = await Abandon(library, photos, "stuck.png");
        second.Decoded.Distinct().ShouldBe(["penny.png", "stuck.png"], "the suspects first, one at a time");
        ReadingJournal.Leftover(library.Directory).Select(r => (Path.GetFileName(r.Path), r.Alone)).ShouldBe([("stuck.png", true)]);

        // The third finishes without opening it, and says why it was not used.
        var third = new StuckDecoder("stuck.png");
        var summary = await Scan(library, photos, third, token);
        third.Entered.ShouldBeEmpty();
        summary.Skipped.Select(s => (Path.GetFileName(s.Path), s.Reason)).ShouldBe([("stuck.png", InterruptedReadStore.StoppedReason)]);
        var stored = new PhotoStore(library).All().ToDictionary(p => p.RelativePath);
        stored["stuck.png"].Status.ShouldBe(PhotoStatus.Failed);
        foreach (var person in new[] { "amy", "howard", "penny", "sheldon" })
        {
            stored[$"{person}.png"].Status.ShouldBe(PhotoStatus.Done, "no photo is skipped for a crash it was only beside");
            stored[$"{person}.png"].FaceCount.ShouldBe(1);
        }
        new InterruptedReadStore(library).All().ShouldBeEmpty();
        File.Exists(Path.Combine(library.Directory, ReadingJournal.FileName)).ShouldBeFalse("a scan that ends removes its journal");

        // Still named on every scan, until the file changes; then it is read as any photo.
        var again = await Scan(library, photos, new StuckDecoder(), token);
        again.PhotosScanned.ShouldBe(0);
        again.Skipped.Select(s => s.Reason).ShouldBe([InterruptedReadStore.StoppedReason]);
        File.SetLastWriteTimeUtc(Path.Combine(photos, "stuck.png"), DateTime.UtcNow.AddMinutes(1));
        var changed = await Scan(library, photos, new StuckDecoder(), token);
        changed.Skipped.ShouldBeEmpty();
        new PhotoStore(library).All().Single(p => p.RelativePath == "stuck.png").FaceCount.ShouldBe(1);
    }

    [Fact(Timeout = 240_000)]
    public async Task A_file_killed_beside_a_culprit_is_read_alone_once_and_then_with_the_others()
    {
        var photos = Path.Combine(_work, "photos");
        Directory.CreateDirectory(photos);
        foreach (var person in new[] { "amy", "penny" })
            File.Copy(Path.Combine(Bbt, person, $"{person}1.png"), Path.Combine(photos, $"{person}.png"));
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        var token = TestContext.Current.CancellationToken;

        await Abandon(library, photos, "amy.png", "penny.png");
        // Both were being read: neither is known to be the culprit, so both are read alone, and both are fine.
        var next = await Scan(library, photos, new StuckDecoder(), token);
        next.PhotosReadAlone.ShouldBe(2);
        next.Skipped.ShouldBeEmpty();
        new PhotoStore(library).All().ShouldAllBe(p => p.Status == PhotoStatus.Done && p.FaceCount == 1);
        new InterruptedReadStore(library).All().ShouldBeEmpty();
    }

    [Fact(Timeout = 240_000)]
    public async Task A_file_read_for_longer_than_a_photo_takes_is_named_in_the_progress()
    {
        var photos = Path.Combine(_work, "photos");
        Directory.CreateDirectory(photos);
        File.Copy(Path.Combine(Bbt, "amy", "amy1.png"), Path.Combine(photos, "amy.png"));
        File.Copy(Path.Combine(Bbt, "raj", "raj1.png"), Path.Combine(photos, "stuck.png"));
        var library = LibraryDatabase.Open(Path.Combine(_work, "library"));
        var decoder = new StuckDecoder("stuck.png");
        var named = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new CallbackProgress(p => { if (p.SlowReadText() is { } text) named.TrySetResult(text); });
        var models = fixture.Models;
        var service = new ScanService(library, decoder, models.Detector, models.Aligner, models.Embedder,
            new ScanOptions { SlowReadNotice = TimeSpan.FromMilliseconds(300) });

        var scan = Task.Run(() => service.ScanAsync([photos], progress, CancellationToken.None), CancellationToken.None);
        _abandoned.Add((decoder, scan));

        (await named.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken)).ShouldStartWith("still reading stuck.png (");
        decoder.Release.Set();
        var summary = await scan.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        summary.Skipped.Single().Reason.ShouldBe("released after the test");
    }

    /// <summary>Starts a scan whose decoder never returns for <paramref name="stuck"/>, waits until every one of them is
    /// being read, and leaves the scan hanging there, as a crash leaves it.</summary>
    private async Task<StuckDecoder> Abandon(LibraryDatabase library, string photos, params string[] stuck)
    {
        var decoder = new StuckDecoder(stuck);
        var scan = Scan(library, photos, decoder, CancellationToken.None);
        _abandoned.Add((decoder, scan));
        for (var i = 0; i < stuck.Length; i++)
            (await decoder.EnteredOne.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken)).ShouldBeTrue("the scan reaches the stuck file");
        return decoder;
    }

    private Task<ScanSummary> Scan(LibraryDatabase library, string photos, StuckDecoder decoder, CancellationToken token)
    {
        var models = fixture.Models;
        var service = new ScanService(library, decoder, models.Detector, models.Aligner, models.Embedder,
            new ScanOptions { DecodeWorkers = 2, WriteBatchSize = 4 });
        return Task.Run(() => service.ScanAsync([photos], null, token), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (decoder, scan) in _abandoned)
        {
            decoder.Release.Set();
            try
            {
                await scan.WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (Exception e) when (e is TimeoutException or IOException or Microsoft.Data.Sqlite.SqliteException)
            {
                // The abandoned scan wakes to a library the test has moved on from; only its end matters here.
            }
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }

    private sealed class CallbackProgress(Action<ScanProgress> report) : IProgress<ScanProgress>
    {
        public void Report(ScanProgress value) => report(value);
    }

    /// <summary>The real decoder, except that it never returns for the files named (until released): what a hang in
    /// an image library looks like, and to the next scan also what a crash looks like.</summary>
    private sealed class StuckDecoder(params string[] stuck) : IPhotoDecoder
    {
        private readonly VipsPhotoDecoder _inner = new();

        public ManualResetEventSlim Release { get; } = new(false);
        public SemaphoreSlim EnteredOne { get; } = new(0);
        public ConcurrentQueue<string> Entered { get; } = new();
        public ConcurrentQueue<string> Decoded { get; } = new();

        public PhotoHeader ReadHeader(string path)
        {
            Reach(path);
            return _inner.ReadHeader(path);
        }

        public RgbImage Decode(string path, int maxLongSide)
        {
            Reach(path);
            return _inner.Decode(path, maxLongSide);
        }

        public DecodedPhoto Load(string path, int maxLongSide) => Load(path, maxLongSide, 0);

        public DecodedPhoto Load(string path, int maxLongSide, int detailLongSide)
        {
            Reach(path);
            return ((IPhotoDecoder)_inner).Load(path, maxLongSide, detailLongSide);
        }

        private void Reach(string path)
        {
            var name = Path.GetFileName(path);
            Decoded.Enqueue(name);
            if (!stuck.Contains(name)) return;
            Entered.Enqueue(name);
            EnteredOne.Release();
            Release.Wait();
            throw new PhotoDecodeException("released after the test");
        }
    }
}
