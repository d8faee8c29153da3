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
    DetectionOptions? detectionOptions = null,
    ImagingOptions? imagingOptions = null)
{
    private readonly ScanOptions _options = scanOptions ?? new ScanOptions();
    private readonly DetectionOptions _detection = detectionOptions ?? new DetectionOptions();
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

        foreach (var root in roots)
        {
            var rootPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
            if (!Directory.Exists(rootPath)) throw new DirectoryNotFoundException($"folder not found: {root}");
            var rootId = photos.EnsureRoot(rootPath);
            var known = photos.StatesUnder(rootId);
            var seen = seenByRoot[rootId] = new HashSet<string>(StringComparer.Ordinal);
            var walkSkips = new List<SkippedPath>();
            foreach (var found in finder.Find(rootPath, walkSkips))
            {
                seen.Add(found.RelativePath);
                if (_options.SkipUnchanged && known.TryGetValue(found.RelativePath, out var state)
                    && state.Size == found.Size && state.MtimeMs == found.MtimeMs && state.Status != PhotoStatus.Missing)
                {
                    unchanged++;
                    continue;
                }
                work.Add(new PhotoFile(rootId, rootPath, found.RelativePath, found.FullPath, found.Size, found.MtimeMs));
            }
            foreach (var skip in walkSkips) skipped.Enqueue(new SkippedFile(skip.Path, skip.Reason));
        }

        var counters = new Counters { Total = work.Count + unchanged, Unchanged = unchanged };
        var times = new StageTimes();
        var preparer = new PhotoPreparer(decoder, detector, aligner, photos, new FaceStore(database), _options, _detection, times);
        var prepared = Channel.CreateBounded<PreparedPhoto>(new BoundedChannelOptions(Math.Max(8, _options.DecodeWorkers * 4))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        using var reporterStop = new CancellationTokenSource();
        var reporter = progress is null ? Task.CompletedTask : ReportAsync(progress, counters, clock, reporterStop.Token);

        var producer = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForEachAsync(work, new ParallelOptions
                {
                    MaxDegreeOfParallelism = _options.DecodeWorkers,
                    CancellationToken = cancellationToken,
                }, async (file, token) =>
                {
                    var photo = PrepareSafely(preparer, file);
                    await prepared.Writer.WriteAsync(photo, token).ConfigureAwait(false);
                }).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stop taking new photos; what is already prepared is still stored below.
            }
            finally
            {
                prepared.Writer.Complete();
            }
        }, CancellationToken.None);

        void ReportStored() => progress?.Report(counters.Snapshot(clock.Elapsed));
        var store = Task.Run(() => EmbedAndStore(prepared.Reader, counters, times, skipped, ReportStored), CancellationToken.None);
        await producer.ConfigureAwait(false);
        await store.ConfigureAwait(false);

        var cancelled = cancellationToken.IsCancellationRequested;
        var missing = 0;
        if (!cancelled)
        {
            using var writer = new ScanWriter(database, _options.WriteBatchSize);
            foreach (var (rootId, seen) in seenByRoot) missing += writer.MarkMissing(rootId, seen);
        }
        await reporterStop.CancelAsync().ConfigureAwait(false);
        await reporter.ConfigureAwait(false);
        progress?.Report(counters.Snapshot(clock.Elapsed));

        return new ScanSummary(counters.Total, counters.Done, counters.Unchanged, counters.Moved, counters.Duplicates,
            missing, counters.Faces, skipped.OrderBy(s => s.Path, StringComparer.Ordinal).ToList(), times, clock.Elapsed, cancelled);
    }

    private static PreparedPhoto PrepareSafely(PhotoPreparer preparer, PhotoFile file)
    {
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

    private void EmbedAndStore(
        ChannelReader<PreparedPhoto> reader, Counters counters, StageTimes times, ConcurrentQueue<SkippedFile> skipped, Action reportStored)
    {
        using var writer = new ScanWriter(database, _options.WriteBatchSize);
        var batch = new List<PreparedPhoto>();
        var batchFaces = 0;
        var faceBytes = embedder.InputSize * embedder.InputSize * 3;
        var maxFaces = 32;
        var alignedBuffer = new byte[maxFaces * faceBytes];
        var vectors = new float[maxFaces * embedder.Dimension];

        void Flush()
        {
            if (batch.Count == 0) return;
            if (batchFaces > maxFaces)
            {
                maxFaces = batchFaces;
                alignedBuffer = new byte[maxFaces * faceBytes];
                vectors = new float[maxFaces * embedder.Dimension];
            }
            var offset = 0;
            foreach (var photo in batch.Where(p => p.NeedsEmbedding))
            {
                photo.AlignedFaces.CopyTo(alignedBuffer.AsSpan(offset * faceBytes));
                offset += photo.Faces.Count;
            }
            if (offset > 0)
            {
                using (times.Time(Stage.Embed))
                    embedder.Embed(alignedBuffer.AsSpan(0, offset * faceBytes), offset, vectors.AsSpan(0, offset * embedder.Dimension));
            }
            using (times.Time(Stage.Store))
            {
                offset = 0;
                foreach (var photo in batch)
                {
                    Store(writer, photo, vectors, ref offset, counters, skipped);
                }
                writer.Flush();
            }
            batch.Clear();
            batchFaces = 0;
            reportStored();
        }

        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var photo))
            {
                batch.Add(photo);
                if (photo.NeedsEmbedding) batchFaces += photo.Faces.Count;
                if (batchFaces >= 32 || batch.Count >= _options.WriteBatchSize) Flush();
            }
            // The channel is momentarily empty: embed what we have rather than wait while a core idles.
            if (batchFaces >= 8 || batch.Count > 0 && batchFaces == 0) Flush();
        }
        Flush();
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
            writer.Relink(oldId, photo.File);
            Interlocked.Increment(ref counters.Moved);
        }
        else
        {
            IReadOnlyList<ScannedFace> faces;
            if (photo.CopiedFaces is not null)
            {
                faces = photo.CopiedFaces;
                Interlocked.Increment(ref counters.Duplicates);
            }
            else
            {
                var list = new List<ScannedFace>(photo.Faces.Count);
                for (var i = 0; i < photo.Faces.Count; i++, offset++)
                {
                    var face = photo.Faces[i];
                    var vector = vectors.AsSpan(offset * embedder.Dimension, embedder.Dimension).ToArray();
                    list.Add(new ScannedFace(i, face.Box, face.Landmarks, face.Score, vector));
                }
                faces = list;
            }
            writer.Write(new PhotoScanResult(photo.File, photo.Sha256, photo.Width, photo.Height, photo.Format, faces, null,
                detector.ModelId, embedder.ModelId));
            Interlocked.Add(ref counters.Faces, faces.Count);
        }
        Interlocked.Increment(ref counters.Done);
    }

    private static async Task ReportAsync(IProgress<ScanProgress> progress, Counters counters, Stopwatch clock, CancellationToken token)
    {
        try
        {
            while (!token.IsCancellationRequested)
            {
                progress.Report(counters.Snapshot(clock.Elapsed));
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

        public ScanProgress Snapshot(TimeSpan elapsed) =>
            new(Total, Volatile.Read(ref Done), Unchanged, Volatile.Read(ref Failed), Volatile.Read(ref Faces), elapsed);
    }
}
