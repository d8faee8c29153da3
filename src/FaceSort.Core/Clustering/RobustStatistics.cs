namespace FaceSort.Core.Clustering;

/// <summary>Centre and spread of a sample that a few outliers must not move: the median and 1.4826 × the median
/// absolute deviation (the standard deviation of a Gaussian).</summary>
internal static class RobustStatistics
{
    /// <summary>(0, 0) for no values. Sorts <paramref name="values"/>.</summary>
    public static (float Median, float Spread) Of(List<float> values)
    {
        if (values.Count == 0) return (0, 0);
        values.Sort();
        float median = values[values.Count / 2];
        var deviations = values.Select(v => MathF.Abs(v - median)).Order().ToList();
        return (median, 1.4826f * deviations[deviations.Count / 2]);
    }
}
