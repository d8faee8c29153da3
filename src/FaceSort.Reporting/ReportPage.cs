using System.Globalization;
using System.Net;
using System.Text;
using FaceSort.Core.Reporting;

namespace FaceSort.Reporting;

/// <summary>
/// The report's HTML: one section per question, each chart with a sentence on how to read it, and the table of people
/// to check first. No script, no external resource: it renders the same offline and in a headless browser.
/// </summary>
internal static class ReportPage
{
    private const string Style = """
        body { font-family: "DejaVu Sans", system-ui, sans-serif; max-width: 1140px; margin: 24px auto; padding: 0 16px; color: #222; }
        h1 { margin-bottom: 4px; } h2 { margin-top: 36px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        p.read { color: #444; max-width: 900px; } img.chart { width: 100%; max-width: 1100px; border: 1px solid #eee; }
        table.summary td { padding: 2px 16px 2px 0; } table.people { border-collapse: collapse; width: 100%; }
        table.people th, table.people td { border-bottom: 1px solid #e4e4e4; padding: 6px 8px; text-align: left; vertical-align: middle; }
        table.people th.n, table.people td.n { text-align: right; font-variant-numeric: tabular-nums; }
        td.truth { font-size: 14px; max-width: 260px; }
        .faces img { width: 48px; height: 48px; border-radius: 4px; margin-right: 4px; }
        table.people td:first-child { white-space: nowrap; }
        .faces code { display: block; font-size: 12px; color: #555; overflow-wrap: anywhere; }
        .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
        """;

    public static string Render(InsightReport report, IReadOnlyDictionary<string, string> charts, IReadOnlyDictionary<int, string> faceImages)
    {
        var input = report.Input;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>FaceSort insight report</title>\n<style>")
            .Append(Style).Append("</style></head><body>\n<h1>FaceSort insight report</h1>\n");
        html.Append("<table class=\"summary\">");
        Row(html, "faces", input.Faces.Count.ToString("N0", CultureInfo.InvariantCulture));
        Row(html, "people", $"{report.People.Count:N0} ({E(input.PeopleSource)})");
        Row(html, "faces of nobody", report.Unassigned.ToString("N0", CultureInfo.InvariantCulture));
        if (report.HasTruth) Row(html, "true identities (folder names)", input.TruthNames!.Length.ToString("N0", CultureInfo.InvariantCulture));
        Row(html, "mean silhouette", Silhouette(report.MeanSilhouette));
        if (report.EqualError is { } eer)
            Row(html, "equal-error threshold", $"similarity {eer.Threshold:0.000}, error {eer.Rate:P1} ({(report.HasTruth ? "true identities" : "people")})");
        Row(html, "computed in", $"{report.Elapsed.TotalSeconds:0.00} s");
        html.Append("</table>\n");

        if (charts.TryGetValue("similarity", out var similarity))
            Section(html, "Are two faces of one person more alike than faces of two people?", similarity, report.HasTruth
                ? "Cosine similarity of face pairs of the same true identity (blue) and of different identities (red). The less the two humps overlap, the easier it is to sort; a clustering threshold belongs in the gap, near the dashed line where both kinds of error are equal."
                : "Without true labels the pairs are split by the people themselves: blue within a person, red across people. Red mass far to the right means people that look alike and might be one; blue mass on the left means a person whose faces disagree.");
        if (charts.TryGetValue("nearest", out var nearest))
            Section(html, "How close is each face to its nearest other face?", nearest,
                "Needs no labels. A face whose nearest neighbour is far below the clustering threshold will stay alone (a stranger, or a bad detection); a tall hump near 1 means near-duplicates.");
        Section(html, "How do the people sit relative to each other?", charts["pca"],
            $"Every face projected on the two directions along which the embeddings vary most. Tight, separate blobs are easy people; overlapping colours are people the embedding confuses. Only two of {input.Faces.Dimension} dimensions are shown (the axis titles say how much variance they hold), so overlap here is not proof of confusion. The {report.Options.ColouredPeople} largest people have their own colour, the others are grey.");
        Section(html, "How many groups does the data itself suggest?", charts["elbow"],
            "k-means inertia for a range of k. Where the curve bends (the elbow) adding clusters stops paying; compare it with the dashed line, the number of people.");
        Section(html, "Which faces sit closer to another person than to their own?", charts["silhouette"],
            "One bar per face, sorted within each person. Near 1: well inside its person; near 0: on the border; below 0: closer on average to another person — a likely mistake.");
        Section(html, "Which people are least clear-cut?", charts["silhouette-people"],
            "The mean silhouette of each person's faces, lowest first.");
        Section(html, "How big are the people?", charts["sizes"],
            "How many people have 1, 2, 3–4, 5–8, … faces. Many people of one face usually means strangers in the background, or one person split into many.");
        PeopleTable(html, report, faceImages);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void PeopleTable(StringBuilder html, InsightReport report, IReadOnlyDictionary<int, string> faceImages)
    {
        var input = report.Input;
        html.Append("<h2>Where to look first: people with the lowest cohesion</h2>\n<p class=\"read\">Cohesion is the mean cosine similarity of a person's faces to their typical face. A low value means the faces disagree: a wrong merge, or one person across very different photos. The faces shown are the person's least like their typical face, least alike first: the first faces of the person page in its \"least alike first\" order.</p>\n");
        html.Append("<table class=\"people\"><tr><th>person</th><th class=\"n\">faces</th><th class=\"n\">cohesion</th><th class=\"n\">mean silhouette</th>")
            .Append(report.HasTruth ? "<th>true identities of its labelled faces</th>" : "").Append("<th>least alike faces</th></tr>\n");
        foreach (var person in report.People.Take(report.Options.TablePeople))
        {
            var colour = ReportCharts.PersonColour(report, person.Person);
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><span class=\"swatch\" style=\"background:{colour.ToHex()}\"></span>{E(person.Name)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{person.Faces}</td><td class=\"n\">{person.Cohesion:0.000}</td><td class=\"n\">{(double.IsNaN(person.MeanSilhouette) ? "none" : person.MeanSilhouette.ToString("0.000", CultureInfo.InvariantCulture))}</td>");
            if (report.HasTruth)
                html.Append("<td class=\"truth\">").Append(person.Identities.Count == 0 ? "none labelled"
                    : E(string.Join(", ", person.Identities.Take(3).Select(x => $"{x.Identity} ({x.Faces})")) + (person.Identities.Count > 3 ? $", +{person.Identities.Count - 3} more" : ""))).Append("</td>");
            html.Append("<td class=\"faces\">");
            foreach (var face in person.Outliers)
            {
                var note = input.FaceNotes?[face] ?? $"face row {face}";
                if (faceImages.TryGetValue(face, out var src))
                    html.Append(CultureInfo.InvariantCulture, $"<img src=\"{E(src)}\" alt=\"{E(note)}\" title=\"{E(note)}\">");
                else html.Append(CultureInfo.InvariantCulture, $"<code>{E(note)}</code>");
            }
            html.Append("</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void Section(StringBuilder html, string question, string image, string reading) =>
        html.Append(CultureInfo.InvariantCulture, $"<h2>{E(question)}</h2>\n<p class=\"read\">{E(reading)}</p>\n<img class=\"chart\" src=\"{E(image)}\" alt=\"{E(question)}\">\n");

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(name)}</td><td><b>{E(value)}</b></td></tr>");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A silhouette needs a second person to compare with; with fewer than two it is none, not 0 or NaN.</summary>
    private static string Silhouette(double value) =>
        double.IsNaN(value) ? "none (fewer than two people)" : value.ToString("0.000", CultureInfo.InvariantCulture);
}
