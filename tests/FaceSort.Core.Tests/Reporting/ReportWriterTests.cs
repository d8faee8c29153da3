using System.Text.RegularExpressions;
using FaceSort.Core.Reporting;
using FaceSort.Reporting;

namespace FaceSort.Core.Tests.Reporting;

public sealed partial class ReportWriterTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-report-").FullName;

    [Fact]
    public void Report_over_real_embeddings_writes_a_page_and_every_png_it_links()
    {
        var input = ReportInputs.FromEmbeddingFile(
            Path.Combine(TestPaths.Fixtures, "embeddings", "faceapi-bbt.tsv"), cancellationToken: TestContext.Current.CancellationToken);

        var report = ReportBuilder.Build(input);
        var files = ReportWriter.Write(report, _work);

        report.HasTruth.ShouldBeTrue();
        report.People.Count.ShouldBeGreaterThan(1);
        var html = File.ReadAllText(files.Html);
        var links = ImageSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        links.Count(l => l.EndsWith(".png", StringComparison.Ordinal)).ShouldBe(6, "similarity, PCA, elbow, two silhouette charts, sizes");
        foreach (var link in links)
        {
            Path.IsPathRooted(link).ShouldBeFalse("links are relative so the folder opens anywhere");
            var bytes = File.ReadAllBytes(Path.Combine(_work, link));
            bytes.Length.ShouldBeGreaterThan(1000, link);
            bytes[..8].ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, link);
        }
        files.Images.Count.ShouldBe(links.Count);
        foreach (var person in report.People.Take(3)) html.ShouldContain(person.Name);
    }

    [Fact]
    public void People_are_listed_lowest_cohesion_first_and_cohesion_is_one_for_identical_faces()
    {
        var faces = new Core.Clustering.EmbeddingMatrix(5, 2, [1, 0, 1, 0, 1, 0, 0.6f, 0.8f, 0.8f, 0.6f]);
        var input = new ReportInput(faces, [0, 0, 0, 1, 1], ["tight", "loose"], null, null, null, "test");

        var report = ReportBuilder.Build(input);

        report.People.Select(p => p.Name).ShouldBe(["loose", "tight"]);
        report.People[1].Cohesion.ShouldBe(1, 1e-6);
        report.People[0].Cohesion.ShouldBe(Math.Cos(Math.Atan2(0.8, 0.6) - Math.PI / 4), 1e-5);
        report.Nearest.ShouldNotBeNull("without true labels the nearest-neighbour chart stands in");
    }

    [Fact]
    public void Each_coloured_person_has_a_hue_of_its_own_not_the_grey_of_other_people_or_of_nobody()
    {
        var input = ReportInputs.FromEmbeddingFile(
            Path.Combine(TestPaths.Fixtures, "embeddings", "lfw.tsv"), cancellationToken: TestContext.Current.CancellationToken);

        var report = ReportBuilder.Build(input);

        var colours = report.People.Where(p => report.PersonColour[p.Person] >= 0).Select(p => ReportCharts.PersonColour(report, p.Person)).ToList();
        colours.Count.ShouldBe(report.Options.ColouredPeople, "lfw has more people than colours");
        colours.Select(c => c.ToHex()).Distinct().Count().ShouldBe(colours.Count);
        // Grey and Nobody have three equal channels; a person told apart from them by a shade of grey is not told apart
        // (Category20's #7f7f7f and #c7c7c7 were the 8th and 18th largest people).
        foreach (var colour in colours)
            (Math.Max(colour.R, Math.Max(colour.G, colour.B)) - Math.Min(colour.R, Math.Min(colour.G, colour.B))).ShouldBeGreaterThan(24, colour.ToHex());
        ReportCharts.Grey.R.ShouldBe(ReportCharts.Grey.B);
        ReportCharts.Nobody.R.ShouldBe(ReportCharts.Nobody.G);
    }

    [Fact]
    public void The_names_under_the_per_person_silhouettes_fit_in_the_image()
    {
        // 19 people, as a glint12 library has: the names, turned 45°, used to run off the bottom edge ("_012").
        const int people = 19, each = 4, dimension = 32;
        var data = new float[people * each * dimension];
        var random = new Random(5);
        for (var i = 0; i < people * each; i++)
        {
            for (var k = 0; k < dimension; k++) data[i * dimension + k] = (float)(random.NextDouble() * 0.3);
            data[i * dimension + i / each % dimension] += 1;
        }
        string[] names = [.. Enumerable.Range(1, people).Select(p => p % 2 == 0 ? $"Person_{p:000}" : $"Jennifer_Lopez_Anthony{p}")];
        var input = new ReportInput(new Core.Clustering.EmbeddingMatrix(people * each, dimension, data),
            [.. Enumerable.Range(0, people * each).Select(i => i / each)], names, null, null, null, "test");
        var report = ReportBuilder.Build(input);

        var png = ReportCharts.SilhouettePeople(report).GetImageBytes(ReportWriter.Width, ReportWriter.Height, ScottPlot.ImageFormat.Png);

        using var image = SkiaSharp.SKBitmap.Decode(png);
        int Ink(int x0, int y0, int width, int height)
        {
            var ink = 0;
            for (var y = y0; y < y0 + height; y++)
                for (var x = x0; x < x0 + width; x++)
                {
                    var c = image.GetPixel(x, y);
                    if (Math.Min(c.Red, Math.Min(c.Green, c.Blue)) < 200) ink++;
                }
            return ink;
        }
        Ink(0, image.Height - 2, image.Width, 2).ShouldBe(0, "no name touches the bottom edge");
        Ink(0, 0, 2, image.Height).ShouldBe(0, "nor the left edge");
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [GeneratedRegex("src=\"([^\"]+)\"")]
    private static partial Regex ImageSource();
}
