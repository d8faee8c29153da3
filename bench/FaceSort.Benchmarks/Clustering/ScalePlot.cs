using System.Globalization;
using ScottPlot;

namespace FaceSort.Benchmarks.Clustering;

/// <summary>
/// <c>cluster-scale-plot IN.tsv OUT.png</c>: time and peak memory of the default clusterer against the number of
/// faces, both axes logarithmic (docs/clustering-scale.md). IN.tsv: header, then n, wall seconds, CPU seconds,
/// peak MB per line, from <c>cluster-scale --n N</c> runs.
/// </summary>
internal static class ScalePlot
{
    public static int Run(string[] args)
    {
        var rows = File.ReadAllLines(args[0]).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split('\t').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        double[] n = [.. rows.Select(r => Math.Log10(r[0]))];
        var plot = new Plot();
        Add(plot, n, [.. rows.Select(r => Math.Log10(r[1]))], "wall seconds (kNN + merge)", Colors.Blue);
        Add(plot, n, [.. rows.Select(r => Math.Log10(r[2]))], "CPU seconds (all threads)", Colors.Green);
        Add(plot, n, [.. rows.Select(r => Math.Log10(r[3]))], "peak working set, MB", Colors.Red);
        plot.Add.HorizontalLine(Math.Log10(20), pattern: LinePattern.Dashed, color: Colors.Gray).Text = "20 s";
        plot.Add.HorizontalLine(Math.Log10(300), pattern: LinePattern.Dashed, color: Colors.Gray).Text = "300 s";
        plot.Add.HorizontalLine(Math.Log10(4096), pattern: LinePattern.Dotted, color: Colors.Red).Text = "4 GB";
        var ticks = new ScottPlot.TickGenerators.LogMinorTickGenerator();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Power, MinorTickGenerator = ticks, IntegerTicksOnly = true };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Power, MinorTickGenerator = ticks, IntegerTicksOnly = true };
        plot.XLabel("faces (128-d, synthetic)");
        plot.YLabel("seconds / MB");
        plot.Title("FaceSort default clustering: growth with n (2 shared cores)");
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plot.SavePng(args[1], 900, 600);
        Console.WriteLine($"wrote {args[1]}");
        return 0;
    }

    private static void Add(Plot plot, double[] x, double[] y, string label, Color color)
    {
        var s = plot.Add.Scatter(x, y, color);
        s.LegendText = label;
        s.MarkerSize = 8;
    }

    private static string Power(double v)
    {
        double x = Math.Pow(10, v);
        return x >= 1 ? x.ToString("N0", CultureInfo.InvariantCulture) : x.ToString("G2", CultureInfo.InvariantCulture);
    }
}
