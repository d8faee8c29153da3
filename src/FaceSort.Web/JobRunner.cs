using System.Collections.Concurrent;
using System.Threading.Channels;
using FaceSort.Core.Evaluation;
using FaceSort.Core.Imaging;
using FaceSort.Core.Library;
using FaceSort.Core.Models;
using FaceSort.Core.Pipeline;

namespace FaceSort.Web;

/// <summary>
/// A snapshot of the running (or last) job, pushed to every page over Server-Sent Events. The final event of a scan
/// names each file it skipped and why (<see cref="Skipped"/>, paths relative to the scanned folder), so the upload
/// list can say which of the user's files were not used.
/// </summary>
public sealed record JobEvent(
    long JobId, string State, string Stage, int PhotosTotal, int PhotosDone, int PhotosUnchanged, int PhotosFailed,
    int FacesFound, double? EtaSeconds, int QueueLength, string? Message, IReadOnlyList<SkippedFile>? Skipped = null);

/// <summary>
/// Runs scan+cluster jobs one at a time from a queue, so the page stays usable and two scans never fight over the
/// writer. The models are loaded on the first job and kept. Progress goes to all subscribers (one channel each).
/// Jobs not ended when the server stops are taken up again at its next start (<see cref="PendingJobs"/>).
/// </summary>
public sealed class JobRunner : IDisposable
{
    private readonly LibraryDatabase _database;
    private readonly WebAppOptions _options;
    private readonly Channel<(long Id, IReadOnlyList<string> Roots, bool Resumed)> _queue = Channel.CreateUnbounded<(long, IReadOnlyList<string>, bool)>();
    private readonly PendingJobs _pending;
    private readonly ConcurrentDictionary<Guid, Channel<JobEvent>> _subscribers = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lazy<ModelSet> _models;
    private readonly Task _worker;
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _jobs = new();
    private long _nextId;
    private int _queued;

    public JobRunner(LibraryDatabase database, WebAppOptions options)
    {
        _database = database;
        _options = options;
        // A failed load is tried again by the next job (models put in place after the server started); the default
        // mode kept the exception, and every job failed until the server was restarted. Jobs run one at a time, so
        // the load never runs twice at once.
        _models = new Lazy<ModelSet>(() => new ModelSet(ModelDirectory.Locate(options.ModelsDirectory), options.Detection),
            LazyThreadSafetyMode.PublicationOnly);
        Last = new JobEvent(0, "idle", "idle", 0, 0, 0, 0, 0, null, 0, null);
        _pending = new PendingJobs(database.Directory);
        foreach (var roots in _pending.TakeLeftOver()) Enqueue(roots, resumed: true);
        _worker = Task.Run(WorkAsync);
    }

    /// <summary>The most recent event (sent first to a new subscriber).</summary>
    public JobEvent Last { get; private set; }

    public long Enqueue(IReadOnlyList<string> roots) => Enqueue(roots, resumed: false);

    /// <param name="resumed">A job the server was stopped in, taken up again at its start (its events say so).</param>
    private long Enqueue(IReadOnlyList<string> roots, bool resumed)
    {
        var id = Interlocked.Increment(ref _nextId);
        _jobs[id] = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        _pending.Add(id, roots);
        Interlocked.Increment(ref _queued);
        _queue.Writer.TryWrite((id, roots, resumed));
        Publish(Last with { QueueLength = Volatile.Read(ref _queued) });
        return id;
    }

    /// <summary>
    /// Stops a queued or running job: a running scan stops after the photos in flight (what it stored is kept, and
    /// the next scan resumes from there); a queued one never starts. False when the job is unknown or already over.
    /// </summary>
    public bool Cancel(long jobId)
    {
        if (!_jobs.TryGetValue(jobId, out var job)) return false;
        try
        {
            job.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false; // it finished between the lookup and the cancel
        }
    }

    public ChannelReader<JobEvent> Subscribe(out Guid key)
    {
        key = Guid.NewGuid();
        var channel = Channel.CreateBounded<JobEvent>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest });
        channel.Writer.TryWrite(Last);
        _subscribers[key] = channel;
        return channel.Reader;
    }

    public void Unsubscribe(Guid key)
    {
        if (_subscribers.TryRemove(key, out var channel)) channel.Writer.TryComplete();
    }

    private async Task WorkAsync()
    {
        await foreach (var (id, roots, resumed) in _queue.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
        {
            Interlocked.Decrement(ref _queued);
            var job = _jobs[id];
            try
            {
                job.Token.ThrowIfCancellationRequested();
                await RunAsync(id, roots, resumed, job.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return; // the server stops: the job stays pending and is taken up at the next start
            }
            catch (OperationCanceledException) when (job.IsCancellationRequested)
            {
                Publish(Last with { JobId = id, State = "cancelled", Stage = "cancelled", EtaSeconds = null, QueueLength = Volatile.Read(ref _queued),
                    Message = "cancelled; photos already scanned are kept" });
            }
#pragma warning disable CA1031 // a failed job is reported to the page; the runner must keep serving the queue.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Publish(Last with { JobId = id, State = "failed", Message = e.Message, QueueLength = Volatile.Read(ref _queued) });
            }
            finally
            {
                if (!_stop.IsCancellationRequested) _pending.Remove(id);
                if (_jobs.TryRemove(id, out var done)) done.Dispose();
            }
        }
    }

    private async Task RunAsync(long id, IReadOnlyList<string> roots, bool resumed, CancellationToken cancellationToken)
    {
        // A CLI scan, cluster or organize on this library runs first: the job waits for it rather than do its work twice.
        using var writer = await LibraryWriterLock.TakeAsync(_database.Directory, "the web app's scan (facesort serve)",
            message => Publish(new JobEvent(id, "running", "waiting", 0, 0, 0, 0, 0, null, Volatile.Read(ref _queued), message)),
            cancellationToken).ConfigureAwait(false);
        var again = resumed ? "taken up again: the server was stopped during this scan" : null;
        Publish(new JobEvent(id, "running", "loading models", 0, 0, 0, 0, 0, null, Volatile.Read(ref _queued), again));
        var models = _models.Value;
        // Cards cut while the photos are decoded anyway: the pages show them at once (a HEIC card costs a full decode otherwise).
        var scan = new ScanService(_database, new VipsPhotoDecoder(), models.Detector, models.Aligner, models.Embedder, new ScanOptions { CutFaceCards = FaceCardCutting.All });
        // Progress<T> would post to a sync context; a plain callback publishes at once from the reporter thread.
        var progress = new CallbackProgress(p => Publish(new JobEvent(id, "running", "decode · detect · embed", p.PhotosTotal, p.PhotosDone,
            p.PhotosUnchanged, p.PhotosFailed, p.FacesFound, p.EstimatedRemaining?.TotalSeconds, Volatile.Read(ref _queued), p.SlowReadText())));
        var summary = await scan.ScanAsync(roots, progress, cancellationToken).ConfigureAwait(false);
        var scanned = new JobEvent(id, "running", "cluster", summary.PhotosFound, summary.PhotosScanned, summary.PhotosUnchanged,
            summary.Skipped.Count, summary.FacesFound, null, Volatile.Read(ref _queued), null);
        Publish(scanned);
        // The same decision as `facesort cluster`: a library with people grows incrementally, corrections untouched.
        var cluster = new PeopleUpdater(_database).Update(ClusteringMethods.Create(_options.ClusterMethod), cancellationToken: cancellationToken, by: "the web app's scan");
        Publish(scanned with
        {
            State = "done", Stage = "done", EtaSeconds = 0, Skipped = Relative(summary.Skipped, roots),
            Message = $"{summary.PhotosFound:N0} photos ({summary.ScannedNow()}), {cluster.People:N0} people"
                + (cluster.NamedFromTags > 0 ? $", {cluster.NamedFromTags} faces named by the photos' own tags" : "")
                + (cluster.TooPoorToPlace > 0 ? $", {cluster.TooPoorToPlace} faces too blurred or small to place" : "")
                + (resumed ? " (a scan the server was stopped in, taken up again)" : ""),
        });
    }

    private static List<SkippedFile> Relative(IReadOnlyList<SkippedFile> skipped, IReadOnlyList<string> roots) =>
        skipped.Select(s => s with
        {
            Path = roots.Select(r => Path.GetRelativePath(r, s.Path)).FirstOrDefault(r => !r.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(r), s.Path)
                .Replace(Path.DirectorySeparatorChar, '/'),
        }).ToList();

    private void Publish(JobEvent e)
    {
        Last = e;
        foreach (var channel in _subscribers.Values) channel.Writer.TryWrite(e);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _queue.Writer.TryComplete();
        var ended = false;
        try { ended = _worker.Wait(TimeSpan.FromSeconds(10)); } catch (AggregateException) { ended = true; }
        // A job still inside a model call or a store after 10 s (a long clustering) would run on freed native memory:
        // its models and tokens are left to the process's end instead.
        if (!ended) return;
        if (_models.IsValueCreated) _models.Value.Dispose();
        foreach (var job in _jobs.Values) job.Dispose();
        _stop.Dispose();
    }

    private sealed class CallbackProgress(Action<ScanProgress> report) : IProgress<ScanProgress>
    {
        public void Report(ScanProgress value) => report(value);
    }
}
