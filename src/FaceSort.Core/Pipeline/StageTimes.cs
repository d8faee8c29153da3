using System.Diagnostics;

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

/// <summary>Accumulated busy time per stage, summed over threads (thread-safe).</summary>
public sealed class StageTimes
{
    private readonly long[] _ticks = new long[Enum.GetValues<Stage>().Length];

    public void Add(Stage stage, long stopwatchTicks) => Interlocked.Add(ref _ticks[(int)stage], stopwatchTicks);

    public TimeSpan this[Stage stage] => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks[(int)stage]));

    /// <summary>Times <paramref name="stage"/> from now until the returned value is disposed.</summary>
    public Timer Time(Stage stage) => new(this, stage);

    public readonly struct Timer(StageTimes owner, Stage stage) : IDisposable
    {
        private readonly long _start = Stopwatch.GetTimestamp();

        public void Dispose() => owner.Add(stage, Stopwatch.GetTimestamp() - _start);
    }
}
