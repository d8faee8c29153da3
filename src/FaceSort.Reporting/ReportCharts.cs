using System.Globalization;
using FaceSort.Core.Reporting;
using ScottPlot;

namespace FaceSort.Reporting;

/// <summary>
/// Draws each chart of an <see cref="InsightReport"/> with ScottPlot. One method per chart, each returning a plot the
/// caller saves; every chart has a title, labelled axes with units, and the same font and palette.
/// </summary>
internal static class ReportCharts
{
    /// <summary>DejaVu Sans ships with Debian's fonts-dejavu-core and reads better at small sizes than the serif fallback.</summary>
    private const string FontName = "DejaVu Sans";

    private static readonly ScottPlot.Palettes.Category20 Palette = new();
    internal static readonly Color Grey = Color.FromHex("#8c8c8c");
    internal static readonly Color Nobody = Color.FromHex("#cfcfcf");
    private static readonly Color SameColour = Color.FromHex("#1f77b4");
    private static readonly Color DifferentColour = Color.FromHex("#d62728");

    /// <summary>Colour of a person: its palette slot, grey for people beyond the coloured ones.</summary>
    public static Color PersonColour(InsightReport report, int person) =>
        person >= 0 && report.PersonColour[person] is var slot and >= 0 ? Slot(slot) : Grey;

    /// <summary>
    /// Category20 holds ten dark/light pairs; the ten dark ones first keeps neighbouring slots (the largest people) far
    /// apart. Its grey pair is swapped for Category20b's indigo and gold: grey is what the other people and the faces of
    /// nobody are drawn in, and #7f7f7f beside <see cref="Grey"/>, #c7c7c7 beside <see cref="Nobody"/> made the 8th and
    /// 18th largest people look like them.
    /// </summary>
    internal static Color Slot(int slot) => slot switch
    {
        7 => Color.FromHex("#393b79"),
        17 => Color.FromHex("#e7ba52"),
        _ => Palette.GetColor(slot < 10 ? 2 * slot : 2 * (slot - 10) + 1),
    };

    public static Plot Similarity(InsightReport report)
    {
        var plot = NewPlot();
        var (one, two) = report.HasTruth ? ("same identity", "different identities") : ("same person", "different people");
        if (report.Same is { } same) AddDensity(plot, same, SameColour, $"{one} ({same.Total:N0} pairs)");
        if (report.Different is { } different) AddDensity(plot, different, DifferentColour, $"{two} ({different.Total:N0} pairs)");
        if (report.EqualError is { } eer)
        {
            var line = plot.Add.VerticalLine(eer.Threshold, 2, Colors.Black, LinePattern.Dashed);
            line.LegendText = $"equal-error threshold {eer.Threshold:0.000} (error {eer.Rate:P1})";
        }
        plot.Title(report.HasTruth ? "Cosine similarity of face pairs, by true identity" : "Cosine similarity of face pairs, by person");
        plot.XLabel("cosine similarity");
        plot.YLabel("share of pairs per 0.1 similarity");
        FitDensity(plot, report.Same, report.Different);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    public static Plot NearestNeighbour(InsightReport report)
    {
        var plot = NewPlot();
        AddDensity(plot, report.Nearest!, SameColour, $"nearest other face ({Count(report.Nearest!.Total, "face")})");
        plot.Title("Similarity of each face to its nearest other face");
        plot.XLabel("cosine similarity to the nearest other face");
        plot.YLabel("share of faces per 0.1 similarity");
        FitDensity(plot, report.Nearest);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    public static Plot Scatter(InsightReport report)
    {
        var plot = NewPlot();
        var pca = report.Pca;
        var person = report.Input.Person;
        // Grey first so coloured people are drawn on top; one series per coloured person keeps the legend honest.
        var groups = report.ScatterFaces.GroupBy(i => person[i] >= 0 ? report.PersonColour[person[i]] : -2)
            .OrderBy(g => g.Key < 0 ? -1 : 0).ThenBy(g => g.Key);
        foreach (var group in groups)
        {
            var xs = group.Select(i => pca.X[i]).ToArray();
            var ys = group.Select(i => pca.Y[i]).ToArray();
            var points = plot.Add.ScatterPoints(xs, ys);
            points.MarkerSize = report.ScatterFaces.Length > 2000 ? (group.Key >= 0 ? 5 : 2) : 6;
            if (group.Key >= 0)
            {
                var p = person[group.First()];
                points.Color = Slot(group.Key);
                points.LegendText = Shorten(report.Input.PersonNames[p]);
            }
            else
            {
                points.Color = group.Key == -2 ? Nobody : Grey.WithAlpha(0.7);
                points.LegendText = group.Key == -2 ? "nobody (unassigned)" : "other people";
            }
        }
        plot.Title($"Faces on the two main axes of variation (PCA), coloured by {Source(report)}");
        plot.XLabel($"PC 1 ({pca.Variance[0] / pca.TotalVariance:P1} of variance)");
        plot.YLabel($"PC 2 ({pca.Variance[1] / pca.TotalVariance:P1} of variance)");
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = 12;
        return plot;
    }

    public static Plot Elbow(InsightReport report)
    {
        var plot = NewPlot();
        var xs = report.Elbow.Select(p => (double)p.K).ToArray();
        var ys = report.Elbow.Select(p => p.Inertia).ToArray();
        var line = plot.Add.Scatter(xs, ys);
        line.LineWidth = 2;
        line.MarkerSize = 7;
        line.Color = SameColour;
        var people = report.People.Count;
        if (people > 0)
        {
            var marker = plot.Add.VerticalLine(people, 2, Colors.Black, LinePattern.Dashed);
            marker.LegendText = $"number of people ({people})";
            plot.ShowLegend(Alignment.UpperRight);
        }
        plot.Title("Elbow curve: k-means inertia against number of clusters k");
        plot.XLabel("k (clusters)");
        plot.YLabel("inertia: Σ (1 − cosine to the centre)");
        plot.Axes.Margins(bottom: 0);
        return plot;
    }

    /// <summary>
    /// Classic silhouette diagram: each person's faces sorted by silhouette, drawn as one filled step outline per person
    /// (bars of one face each blur into stripes once there are more faces than pixel rows), largest person at the top.
    /// </summary>
    public static Plot SilhouetteFaces(InsightReport report)
    {
        var plot = NewPlot();
        var ticks = new List<(double Position, string Label)>();
        var byPerson = report.People.OrderByDescending(p => p.Faces).ThenBy(p => p.Person).ToArray();
        var total = byPerson.Sum(p => p.Faces);
        var keep = Math.Min(1.0, report.Options.MaxSilhouetteBars / (double)Math.Max(total, 1));
        var facesOf = Enumerable.Range(0, report.Input.Person.Length).Where(i => report.Input.Person[i] >= 0).ToLookup(i => report.Input.Person[i]);
        // A gap between people in proportion to the rows, so it shows at any size but never outweighs the people.
        var gap = Math.Max(0.5, total * keep / Math.Max(150.0, 4.0 * byPerson.Length));
        double y = 0;
        var greys = 0;
        foreach (var person in byPerson)
        {
            var values = facesOf[person.Person].Select(i => (double)report.SilhouetteByFace[i]).OrderByDescending(v => v).ToArray();
            var shown = Math.Max(1, (int)Math.Round(values.Length * keep));
            var outline = new List<Coordinates> { new(0, -y) };
            for (var k = 0; k < shown; k++)
            {
                var v = values[(int)((long)k * values.Length / shown)];
                outline.Add(new Coordinates(v, -(y + k)));
                outline.Add(new Coordinates(v, -(y + k + 1)));
            }
            outline.Add(new Coordinates(0, -(y + shown)));
            var polygon = plot.Add.Polygon([.. outline]);
            var colour = PersonColour(report, person.Person);
            // Grey people alternate two shades so neighbours stay apart.
            if (report.PersonColour[person.Person] < 0 && greys++ % 2 == 1) colour = Nobody;
            polygon.FillColor = colour;
            polygon.LineWidth = 0;
            ticks.Add((-(y + shown / 2.0), Shorten(person.Name)));
            y += shown + gap;
        }
        if (!double.IsNaN(report.MeanSilhouette))
        {
            var mean = plot.Add.VerticalLine(report.MeanSilhouette, 2, Colors.Black, LinePattern.Dashed);
            mean.LegendText = $"mean silhouette {report.MeanSilhouette:0.000}";
        }
        if (ticks.Count <= 30) plot.Axes.Left.SetTicks([.. ticks.Select(t => t.Position)], [.. ticks.Select(t => t.Label)]);
        else plot.Axes.Left.SetTicks([], []);
        plot.Add.VerticalLine(0, 1, Colors.Black);
        plot.Title($"Silhouette of every face, sorted within each person ({Source(report)})");
        plot.XLabel("silhouette (−1 nearer another person … 1 well inside its own)");
        plot.YLabel(ticks.Count <= 30 ? "" : $"{ticks.Count} people, largest at the top");
        var lowest = report.SilhouetteByFace.Where(s => !float.IsNaN(s)).DefaultIfEmpty(0).Min();
        plot.Axes.SetLimits(Math.Min(-0.2, lowest - 0.05), 1, -(y - gap) - gap / 2, gap / 2);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>Mean silhouette per person, lowest first (the people to look at), with names while they fit.</summary>
    public static Plot SilhouettePeople(InsightReport report)
    {
        var plot = NewPlot();
        var people = report.People.Where(p => !double.IsNaN(p.MeanSilhouette)).OrderBy(p => p.MeanSilhouette).ThenBy(p => p.Person).ToArray();
        var bars = people.Select((p, k) => new Bar
        {
            Position = k, Value = p.MeanSilhouette, Size = 0.8, FillColor = PersonColour(report, p.Person), LineWidth = 0,
        }).ToList();
        plot.Add.Bars(bars);
        if (people.Length is > 0 and <= 40)
        {
            plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, people.Length).Select(k => (double)k)], [.. people.Select(p => Shorten(p.Name))]);
            plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            // ScottPlot gives the axis the height of its labels unturned, so turned names ran off the image's bottom edge
            // ("_012" for "Person_012"): room for the longest one turned, its width and height each at 45°, and the ticks.
            using var paint = Paint.NewDisposablePaint();
            var longest = people.Select(p => new LabelStyle
            {
                Text = Shorten(p.Name), FontName = FontName, FontSize = plot.Axes.Bottom.TickLabelStyle.FontSize,
            }.Measure(paint)).MaxBy(m => m.Width + m.Height);
            plot.Axes.Bottom.MinimumSize = (longest.Width + longest.Height) * MathF.Sqrt(0.5f) + 12;
        }
        else plot.Axes.Bottom.SetTicks([], []);
        plot.Title("Mean silhouette per person, lowest first");
        plot.XLabel(people.Length <= 40 ? "" : $"{people.Length} people, lowest mean silhouette on the left");
        plot.YLabel("mean silhouette of the person's faces");
        return plot;
    }

    /// <summary>How many people have 1, 2, 3–4, 5–8, … faces: doubling bins so one huge person does not flatten the rest.</summary>
    public static Plot Sizes(InsightReport report)
    {
        var plot = NewPlot();
        var largest = report.People.Select(p => p.Faces).DefaultIfEmpty(1).Max();
        var labels = new List<string>();
        var counts = new List<double>();
        for (int low = 1, high = 1; low <= largest; low = high + 1, high = high * 2)
        {
            var l = low;
            var h = high;
            counts.Add(report.People.Count(p => p.Faces >= l && p.Faces <= h));
            labels.Add(low == high ? $"{low}" : $"{low}–{high}");
        }
        var bars = plot.Add.Bars(counts.ToArray());
        bars.Color = SameColour;
        foreach (var bar in bars.Bars) bar.Label = bar.Value > 0 ? $"{bar.Value:0}" : "";
        bars.ValueLabelStyle.FontSize = 13;
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, labels.Count).Select(k => (double)k)], [.. labels]);
        plot.Title($"Faces per person ({Count(report.People.Count, "person", "people")}, {Count(report.Unassigned, "face")} of nobody)");
        plot.XLabel("faces per person");
        plot.YLabel("people");
        plot.Axes.Margins(bottom: 0, top: 0.15);
        return plot;
    }

    private static void AddDensity(Plot plot, Histogram histogram, Color colour, string legend)
    {
        // Shares per 0.1 of similarity, so same and different pairs of very different counts share one axis.
        var scale = 0.1 / histogram.BinWidth / Math.Max(1, histogram.Total);
        var bars = Enumerable.Range(0, histogram.Counts.Length).Select(b => new Bar
        {
            Position = histogram.Edge(b) + histogram.BinWidth / 2,
            Value = histogram.Counts[b] * scale,
            Size = histogram.BinWidth,
            FillColor = colour.WithAlpha(0.45),
            LineWidth = 0,
        }).ToList();
        var plottable = plot.Add.Bars(bars);
        plottable.LegendText = legend;
        plottable.Color = colour.WithAlpha(0.45);
    }

    /// <summary>Similarity from a little below the lowest occupied bin to 1, heights from 0, so the humps fill the chart.</summary>
    private static void FitDensity(Plot plot, params Histogram?[] histograms)
    {
        var present = histograms.Where(h => h is not null && h.Total > 0).Select(h => h!).ToArray();
        if (present.Length == 0) return;
        var low = present.Min(h => h.Edge(Array.FindIndex(h.Counts, c => c > 0)));
        var high = present.Max(h => h.Counts.Max() * 0.1 / h.BinWidth / h.Total);
        plot.Axes.SetLimits(Math.Min(0, Math.Floor(low * 10) / 10 - 0.05), 1.02, 0, high * 1.12);
    }

    private static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Axes.Title.Label.FontSize = 18;
        plot.Axes.Bottom.Label.FontSize = 15;
        plot.Axes.Left.Label.FontSize = 15;
        plot.Legend.FontSize = 13;
        return plot;
    }

    private static string Source(InsightReport report) => report.Input.PeopleSource;

    private static string Shorten(string name) => name.Length <= 22 ? name : name[..21] + "…";

    /// <summary>"1 face", "2 faces", "1,200 people".</summary>
    private static string Count(long n, string one, string? many = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:N0} {(n == 1 ? one : many ?? one + "s")}");
}
