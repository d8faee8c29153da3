namespace FaceSort.Core.Reporting;

/// <summary>Counts of values in <see cref="Counts"/>.Length equal bins over [<see cref="Min"/>, <see cref="Max"/>]; values outside are clamped into the end bins.</summary>
public sealed record Histogram(double Min, double Max, int[] Counts)
{
    public double BinWidth => (Max - Min) / Counts.Length;

    public long Total
    {
        get
        {
            long total = 0;
            foreach (var c in Counts) total += c;
            return total;
        }
    }

    /// <summary>Left edge of bin <paramref name="bin"/>.</summary>
    public double Edge(int bin) => Min + bin * BinWidth;

    public static Histogram Of(ReadOnlySpan<float> values, double min, double max, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bins);
        if (!(max > min)) throw new ArgumentException($"max {max} must exceed min {min}.");
        var counts = new int[bins];
        var scale = bins / (max - min);
        foreach (var v in values)
        {
            var bin = (int)Math.Floor((v - min) * scale);
            counts[Math.Clamp(bin, 0, bins - 1)]++;
        }
        return new Histogram(min, max, counts);
    }
}
