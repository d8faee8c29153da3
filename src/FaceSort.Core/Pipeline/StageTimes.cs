using System.Runtime.InteropServices;

namespace FaceSort.Core.Pipeline;

/// <summary>The pipeline's stages in the order a photo goes through them.</summary>
public enum Stage
{
    Hash,
    Decode,
    Detect,
    Align,
    Embed,
    Store,
}

/// <summary>
/// CPU time spent in each stage, summed over threads (thread-safe). CPU time, not wall time: with more busy threads
/// than cores a stage's wall time includes waiting for a core, which would overstate it. Model calls run on the calling
/// thread (one intra-op thread), so their CPU time is the thread's.
/// </summary>
public sealed class StageTimes
{
    private readonly long[] _nanoseconds = new long[Enum.GetValues<Stage>().Length];

    public void Add(Stage stage, long nanoseconds) => Interlocked.Add(ref _nanoseconds[(int)stage], nanoseconds);

    public TimeSpan this[Stage stage] => TimeSpan.FromTicks(Interlocked.Read(ref _nanoseconds[(int)stage]) / 100);

    /// <summary>Times <paramref name="stage"/> from now until the returned value is disposed.</summary>
    public Timer Time(Stage stage) => new(this, stage);

    public readonly struct Timer(StageTimes owner, Stage stage) : IDisposable
    {
        private readonly long _start = ThreadCpuClock.Nanoseconds();

        public void Dispose() => owner.Add(stage, ThreadCpuClock.Nanoseconds() - _start);
    }
}

/// <summary>The calling thread's CPU time (Linux CLOCK_THREAD_CPUTIME_ID); wall time where that is unavailable.</summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;
    private static readonly bool Available = OperatingSystem.IsLinux();

    public static long Nanoseconds()
    {
        if (Available && ClockGetTime(ClockThreadCpuTimeId, out var time) == 0)
            return time.Seconds * 1_000_000_000L + time.Nanoseconds;
        return System.Diagnostics.Stopwatch.GetTimestamp() * (1_000_000_000L / System.Diagnostics.Stopwatch.Frequency);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
