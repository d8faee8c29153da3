using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using FaceSort.Core.Alignment;
using FaceSort.Core.Detection;
using FaceSort.Core.Embedding;
using FaceSort.Core.Imaging;
using FaceSort.Core.Library;

namespace FaceSort.Core.Pipeline;

/// <summary>
/// Scans folders into the library. Photos flow through the stages in this order:
/// find → skip unchanged → hash (moved/duplicate files reuse their faces) → decode → detect → align → embed → store.
/// Decode, detect and align run on every core; embedding batches faces across photos on its own thread; the writer
/// commits photos in batches. Cancelling stops new work, stores what is finished, and the next scan resumes.
/// </summary>
public sealed class ScanService(
    LibraryDatabase database,
    IPhotoDecoder decoder,
    IFaceDetector detector,
    IFaceAligner aligner,
    IFaceEmbedder embedder,
    ScanOptions? scanOptions = null,
    ImagingOptions? imagingOptions = null)
{
    private readonly ScanOptions _options = scanOptions ?? new ScanOptions();
    private readonly ImagingOptions _imaging = imagingOptions ?? new ImagingOptions();

    public async Task<ScanSummary> ScanAsync(
        IReadOnlyList<string> roots, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var photos = new PhotoStore(database);
        var skipped = new ConcurrentQueue<SkippedFile>();
        var work = new List<PhotoFile>();
        var seenByRoot = new Dictionary<long, HashSet<string>>();
        var unchanged = 0;
        var finder = new PhotoFinder(_imaging);
        // Files the last scan died reading are read first, one at a time, so a file that kills the scan again is known.
        var interrupted = new InterruptedReadStore(database);
        interrupted.Add(ReadingJournal.Leftover(database.Directory));
        var suspects = interrupted.All();
        var dealtWith = new ConcurrentQueue<string>();
        var models = PhotoScanResult.ModelPair(detector.ModelId, embedder.ModelId);

        // Walked folders by root: "" when the whole root was walked, else the subfolders (missing photos are only
        // looked for where the scan looked).
        var walkedByRoot = new Dictionary<long, List<string>>();
        foreach (var folder in OutermostFolders(roots))
        {
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"folder not found: {folder}");
            var target = photos.TargetFor(folder);
            var rootId = target.RootId;
            var prefix = target.SubPath.Length == 0 ? "" : target.SubPath + "/";
            var known = photos.StatesUnder(rootId);
            if (!seenByRoot.TryGetValue(rootId, out var seen)) seenByRoot[rootId] = seen = new HashSet<string>(StringComparer.Ordinal);
            if (!walkedByRoot.TryGetValue(rootId, out var walked)) walkedByRoot[rootId] = walked = [];
            walked.Add(target.SubPath);
            var walkSkips = new List<SkippedPath>();
            foreach (var found in finder.Find(folder, walkSkips))
            {
                var relativePath = prefix + found.RelativePath;
                seen.Add(relativePath);
                // Other models than the ones that processed it: scan again (faces are mapped, people kept).
                if (_options.SkipUnchanged && known.TryGetValue(relativePath, out var state)
                    && state.IsUnchanged(found.Size, found.MtimeMs, models))
                {
                    unchanged++;
                    // Stored by the scan that died before it died.
                    if (suspects.ContainsKey(found.FullPath)) dealtWith.Enqueue(found.FullPath);
                    // Still unusable: say so on every run, not only the one that first tried it.
                    if (state.Status == PhotoStatus.Failed) skipped.Enqueue(new SkippedFile(found.FullPath, state.Reason ?? "could not be used"));
                    continue;
                }
                work.Add(new PhotoFile(rootId, target.RootPath, relativePath, found.FullPath, found.Size, found.MtimeMs));
            }
            foreach (var skip in walkSkips) skipped.Enqueue(new SkippedFile(skip.Path, skip.Reason));
        }
        var outdated = OutdatedElsewhere(photos, models, seenByRoot);
        work.AddRange(outdated);

        var alone = suspects.Count == 0 ? [] : work.Where(f => suspects.ContainsKey(f.FullPath)).ToList();
        var together = alone.Count == 0 ? work : work.Where(f => !suspects.ContainsKey(f.FullPath)).ToList();
        using var journal = ReadingJournal.Begin(database.Directory);

        var counters = new Counters { Total = work.Count + unchanged, Unchanged = unchanged, Outdated = outdated.Count };
        var times = new StageTimes();
        var preparer = new PhotoPreparer(decoder, detector, aligner, photos, new FaceStore(database), _options, times, models, database.Directory);
        var prepared = Channel.CreateBounded<PreparedPhoto>(new BoundedChannelOptions(Math.Max(8, _options.DecodeWorkers * 4))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        using var reporterStop = new CancellationTokenSource();
        (string, TimeSpan)? SlowRead() => journal.LongestOpen() is { } open && open.For >= _options.SlowReadNotice ? open : null;
        var reporter = progress is null ? Task.CompletedTask : ReportAsync(progress, () => counters.Snapshot(clock.Elapsed, SlowRead()), reporterStop.Token);

        var cancelled = false;
        var missing = 0;
        try
        {
            // Cancelled by the caller, or by the store when it fails: the stages feeding it would otherwise wait forever on
            // full channels that nobody reads, and the scan with them.
            using var feeding = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var producer = Task.Run(async () =>
            {
                try
                {
                    foreach (var file in alone)
                    {
                        feeding.Token.ThrowIfCancellationRequested();
                        var photo = suspects[file.FullPath]
                            ? PreparedPhoto.Failed(file, null, InterruptedReadStore.StoppedReason)
                            : PrepareSafely(preparer, journal, file, alone: true);
                        await prepared.Writer.WriteAsync(photo, feeding.Token).ConfigureAwait(false);
                        dealtWith.Enqueue(file.FullPath);
                    }
                    await Parallel.ForEachAsync(together, new ParallelOptions
                    {
                        MaxDegreeOfParallelism = _options.DecodeWorkers,
                        CancellationToken = feeding.Token,
                    }, async (file, token) =>
                    {
                        var photo = PrepareSafely(preparer, journal, file, alone: false);
                        await prepared.Writer.WriteAsync(photo, token).ConfigureAwait(false);
                    }).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (feeding.IsCancellationRequested)
                {
                    // Stop taking new photos; what is already prepared is still stored below (unless the store failed).
                }
                finally
                {
                    prepared.Writer.Complete();
                }
            }, CancellationToken.None);

            void ReportStored() => progress?.Report(counters.Snapshot(clock.Elapsed));
            var store = EmbedAndStoreAsync(prepared.Reader, counters, times, skipped, ReportStored, feeding);
            await producer.ConfigureAwait(false);
            await store.ConfigureAwait(false);
            // Stored now: read alone without harm, or skipped for good with their reason.
            interrupted.Remove(dealtWith);

            cancelled = cancellationToken.IsCancellationRequested;
            if (!cancelled)
            {
                using var writer = new ScanWriter(database, _options.WriteBatchSize);
                foreach (var (rootId, seen) in seenByRoot)
                    missing += writer.MarkMissing(rootId, seen, walkedByRoot[rootId].Contains("") ? null : walkedByRoot[rootId]);
            }
        }
        finally
        {
            // Stopped on every way out: left running after a scan that failed, it went on saying the scan was running
            // (the web page showed a failed job as running again, until the server stopped).
            await reporterStop.CancelAsync().ConfigureAwait(false);
            await reporter.ConfigureAwait(false);
        }
        progress?.Report(counters.Snapshot(clock.Elapsed));

        return new ScanSummary(counters.Total, counters.Done, counters.Unchanged, counters.Moved, counters.Duplicates,
            missing, counters.Faces, skipped.OrderBy(s => s.Path, StringComparer.Ordinal).ToList(), times, clock.Elapsed, cancelled,
            counters.Outdated, counters.CopiedFaces, alone.Count(f => !suspects[f.FullPath]));
    }

    /// <summary>The requested folders as absolute paths, each once, without those inside another requested folder
    /// (its walk covers them).</summary>
    private static List<string> OutermostFolders(IReadOnlyList<string> folders)
    {
        var full = folders.Select(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f))).Distinct(StringComparer.Ordinal).ToList();
        return [.. full.Where(f => !full.Any(o => FolderPath.IsInside(f, o)))];
    }

    private static PreparedPhoto PrepareSafely(PhotoPreparer preparer, ReadingJournal journal, PhotoFile file, bool alone)
    {
        using var reading = journal.Start(file.FullPath, alone);
        try
        {
            return preparer.Prepare(file);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One odd file must never stop a scan of 100,000 photos.
            return PreparedPhoto.Failed(file, null, $"unexpected error: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// Batches prepared photos' faces across photos, embeds batches on every core (one ONNX session, run
    /// concurrently with separate buffers), and stores finished batches from a single writer.
    /// </summary>
    private async Task EmbedAndStoreAsync(
        ChannelReader<PreparedPhoto> reader, Counters counters, StageTimes times, ConcurrentQueue<SkippedFile> skipped, Action reportStored,
        CancellationTokenSource feeding)
    {
        var batches = Channel.CreateBounded<List<PreparedPhoto>>(new BoundedChannelOptions(_options.EmbedWorkers * 2) { SingleWriter = true });
        var embedded = Channel.CreateBounded<(List<PreparedPhoto> Photos, float[] Vectors)>(
            new BoundedChannelOptions(_options.EmbedWorkers * 2) { SingleReader = true });

        var batcher = Task.Run(async () =>
        {
            var batch = new List<PreparedPhoto>();
            var faces = 0;
            async Task Emit()
            {
                if (batch.Count == 0) return;
                await batches.Writer.WriteAsync(batch).ConfigureAwait(false);
                batch = [];
                faces = 0;
            }
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var photo))
                {
                    batch.Add(photo);
                    if (photo.NeedsEmbedding) faces += photo.Faces.Count;
                    if (faces >= _options.EmbedBatchSize || batch.Count >= _options.WriteBatchSize) await Emit().ConfigureAwait(false);
                }
                // Nothing waiting: hand over what we have rather than let an embedding core idle.
                await Emit().ConfigureAwait(false);
            }
            await Emit().ConfigureAwait(false);
            batches.Writer.Complete();
        });

        var embedders = Enumerable.Range(0, _options.EmbedWorkers).Select(_ => Task.Run(async () =>
        {
            await foreach (var batch in batches.Reader.ReadAllAsync().ConfigureAwait(false))
                await embedded.Writer.WriteAsync((batch, Embed(batch, times))).ConfigureAwait(false);
        })).ToArray();
        var closer = Task.WhenAll(embedders).ContinueWith(t => embedded.Writer.TryComplete(t.Exception), TaskScheduler.Default);

        using (var writer = new ScanWriter(database, _options.WriteBatchSize))
        {
            try
            {
                await foreach (var (photos, vectors) in embedded.Reader.ReadAllAsync().ConfigureAwait(false))
                {
                    using (times.Time(Stage.Store))
                    {
                        var offset = 0;
                        foreach (var photo in photos) Store(writer, photo, vectors, ref offset, counters, skipped);
                        writer.Flush();
                    }
                    reportStored();
                }
            }
            catch (Exception e)
            {
                // The library refused a write (a full disk, an I/O error): nothing more can be stored, so the stages
                // feeding the store stop (they waited forever on full channels, and the scan with them) and the scan
                // ends with the error.
                await feeding.CancelAsync().ConfigureAwait(false);
                batches.Writer.TryComplete(e);
                embedded.Writer.TryComplete(e);
                try
                {
                    await Task.WhenAll(batcher, closer).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // they end on the closed channels; the store's own error is the one to report.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
                throw;
            }
        }
        await batcher.ConfigureAwait(false);
        await closer.ConfigureAwait(false);
    }

    private float[] Embed(List<PreparedPhoto> batch, StageTimes times)
    {
        var faceBytes = embedder.InputSize * embedder.InputSize * 3;
        var count = batch.Where(p => p.NeedsEmbedding).Sum(p => p.Faces.Count);
        var vectors = new float[count * embedder.Dimension];
        if (count == 0) return vectors;
        var aligned = new byte[count * faceBytes];
        var offset = 0;
        foreach (var photo in batch.Where(p => p.NeedsEmbedding))
        {
            photo.AlignedFaces.CopyTo(aligned.AsSpan(offset * faceBytes));
            offset += photo.Faces.Count;
        }
        using (times.Time(Stage.Embed))
            embedder.Embed(aligned, count, vectors);
        return vectors;
    }

    private void Store(ScanWriter writer, PreparedPhoto photo, float[] vectors, ref int offset, Counters counters, ConcurrentQueue<SkippedFile> skipped)
    {
        if (photo.FailureReason is not null)
        {
            writer.Write(PhotoScanResult.Failed(photo.File, photo.Sha256, photo.FailureReason));
            skipped.Enqueue(new SkippedFile(photo.File.FullPath, photo.FailureReason));
            Interlocked.Increment(ref counters.Failed);
        }
        else if (photo.MovedFromPhotoId is { } oldId)
        {
            writer.Relink(oldId, photo.File, photo.Sha256!, photo.PictureHash, photo.TakenAtRead ? photo.TakenAt : null, photo.TakenAtRead);
            if (photo.SameContent)
            {
                // Only its file time changed: unchanged, as if the time had matched.
                Interlocked.Increment(ref counters.Unchanged);
                return;
            }
            Interlocked.Increment(ref counters.Moved);
        }
        else
        {
            IReadOnlyList<ScannedFace> faces;
            if (!photo.NeedsEmbedding && photo.CopiedFaces is null)
            {
                faces = [];
            }
            else if (photo.CopiedFaces is not null)
            {
                faces = photo.CopiedFaces;
                Interlocked.Increment(ref counters.Duplicates);
                Interlocked.Add(ref counters.CopiedFaces, faces.Count);
            }
            else
            {
                var list = new List<ScannedFace>(photo.Faces.Count);
                for (var i = 0; i < photo.Faces.Count; i++, offset++)
                {
                    var face = photo.Faces[i];
                    var vector = vectors.AsSpan(offset * embedder.Dimension, embedder.Dimension).ToArray();
                    list.Add(new ScannedFace(i, face.Box, face.Landmarks, face.Score, vector, photo.Sharpness?[i], photo.Cards?[i]));
                }
                faces = list;
            }
            writer.Write(new PhotoScanResult(photo.File, photo.Sha256, photo.Width, photo.Height, photo.Format, faces, null,
                detector.ModelId, embedder.ModelId, photo.PictureHash, photo.Sketch, photo.TakenAt));
            Interlocked.Add(ref counters.Faces, faces.Count);
        }
        Interlocked.Increment(ref counters.Done);
    }

    /// <summary>
    /// Photos outside the scanned folders that the same model files processed with older settings (a FaceSort upgrade
    /// changed a preprocessing step, such as the contrast stretch): scanned again with the rest, so the library stays
    /// one embedding space. Otherwise a scan of new photos alone left every earlier face in the old space, where no new
    /// face could meet it, and the new photos made people of their own (49 → 98 people in an upgraded library). Photos
    /// whose files are gone are left for the scan of their folder to mark missing.
    /// </summary>
    private static List<PhotoFile> OutdatedElsewhere(PhotoStore photos, string models, Dictionary<long, HashSet<string>> seenByRoot)
    {
        var outdated = new List<PhotoFile>();
        foreach (var photo in photos.ProcessedByOtherModels(models))
        {
            if (photo.Models is null || !PhotoScanResult.SameModelFiles(photo.Models, models)) continue;
            if (seenByRoot.TryGetValue(photo.RootId, out var seen) && seen.Contains(photo.RelativePath)) continue;
            var file = new FileInfo(photo.FullPath);
            if (!file.Exists) continue;
            outdated.Add(new PhotoFile(photo.RootId, photo.RootPath, photo.RelativePath, photo.FullPath, file.Length,
                new DateTimeOffset(file.LastWriteTimeUtc).ToUnixTimeMilliseconds()));
        }
        return outdated;
    }

    private static async Task ReportAsync(IProgress<ScanProgress> progress, Func<ScanProgress> snapshot, CancellationToken token)
    {
        try
        {
            while (!token.IsCancellationRequested)
            {
                progress.Report(snapshot());
                await Task.Delay(250, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class Counters
    {
        public int Total;
        public int Done;
        public int Unchanged;
        public int Failed;
        public int Faces;
        public int Moved;
        public int Duplicates;
        public int CopiedFaces;
        public int Outdated;

        public ScanProgress Snapshot(TimeSpan elapsed, (string, TimeSpan)? slowRead = null) =>
            new(Total, Volatile.Read(ref Done), Volatile.Read(ref Unchanged), Volatile.Read(ref Failed), Volatile.Read(ref Faces), elapsed, slowRead);
    }
}
