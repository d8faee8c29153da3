using FaceSort.Core.Reporting;

namespace FaceSort.Reporting;

/// <summary>The files a report consists of: the page and every image it links, all in one folder.</summary>
public sealed record ReportFiles(string Html, IReadOnlyList<string> Images);

/// <summary>
/// Writes an <see cref="InsightReport"/> as <c>report.html</c> with its charts as PNG files beside it (and face
/// thumbnails under <c>faces/</c>), every link relative, so the folder opens offline and can be moved or zipped.
/// </summary>
public static class ReportWriter
{
    /// <summary>Chart size in pixels: wide enough for a legend of 20 names beside the scatter, shown at page width.</summary>
    public const int Width = 1100, Height = 560;

    public static ReportFiles Write(InsightReport report, string directory, IFaceThumbnails? thumbnails = null)
    {
        Directory.CreateDirectory(directory);
        var images = new List<string>();
        var charts = new Dictionary<string, string>();
        void Save(string key, ScottPlot.Plot plot, int height = Height)
        {
            var file = key + ".png";
            plot.SavePng(Path.Combine(directory, file), Width, height);
            images.Add(Path.Combine(directory, file));
            charts[key] = file;
        }
        if (report.Same is not null || report.Different is not null) Save("similarity", ReportCharts.Similarity(report));
        if (report.Nearest is not null) Save("nearest", ReportCharts.NearestNeighbour(report));
        Save("pca", ReportCharts.Scatter(report), 640);
        Save("elbow", ReportCharts.Elbow(report));
        Save("silhouette", ReportCharts.SilhouetteFaces(report), 700);
        Save("silhouette-people", ReportCharts.SilhouettePeople(report));
        Save("sizes", ReportCharts.Sizes(report));

        var faceImages = new Dictionary<int, string>();
        if (thumbnails is not null)
        {
            var faces = Path.Combine(directory, "faces");
            Directory.CreateDirectory(faces);
            foreach (var person in report.People.Take(report.Options.TablePeople))
                foreach (var face in person.Outliers)
                {
                    if (faceImages.ContainsKey(face) || thumbnails.Jpeg(face) is not { } jpeg) continue;
                    var file = $"face-{face}.jpg";
                    File.WriteAllBytes(Path.Combine(faces, file), jpeg);
                    images.Add(Path.Combine(faces, file));
                    faceImages[face] = "faces/" + file;
                }
        }
        var html = Path.Combine(directory, "report.html");
        File.WriteAllText(html, ReportPage.Render(report, charts, faceImages));
        return new ReportFiles(html, images);
    }
}
