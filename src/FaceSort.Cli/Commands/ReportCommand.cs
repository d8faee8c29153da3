using System.CommandLine;
using FaceSort.Core.Evaluation;
using FaceSort.Core.Library;
using FaceSort.Core.Reporting;
using FaceSort.Reporting;

namespace FaceSort.Cli.Commands;

/// <summary>
/// <c>facesort report --out DIR [--library DIR | --embeddings TSV] [--labels-from-folders DIR]</c>: writes
/// <c>DIR/report.html</c> with its charts (PNG) beside it — similarity histograms, PCA scatter, elbow curve,
/// silhouettes, person sizes and the people to check first (docs/report.md).
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder to write report.html and its images into (created if needed).", Required = true };
        var library = CommonOptions.Library();
        var embeddings = new Option<string?>("--embeddings") { Description = "Embedding TSV (see EmbeddingSetFile) instead of a library; clustered with --method." };
        var labels = new Option<string?>("--labels-from-folders")
        {
            Description = "Scanned folder whose sub-folder names are the identities of each photo's main face (as in eval).",
        };
        var unlabelled = new Option<string>("--unlabelled")
        {
            Description = "Comma-separated folder names whose photos carry no identity.",
            DefaultValueFactory = _ => string.Join(',', LibraryEmbeddingSet.DefaultUnlabelled.Order(StringComparer.Ordinal)),
        };
        var method = new Option<string>("--method")
        {
            Description = $"With --embeddings, the clustering method that makes the people: {string.Join(", ", ClusteringMethods.Names)}.",
            DefaultValueFactory = _ => "facesort",
        };
        var json = CommonOptions.Json();
        var command = new Command("report", "Write an HTML report with charts on how well faces separate into people.")
        {
            output, library, embeddings, labels, unlabelled, method, json,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            // .NET's own words for it ("The file '…' already exists.", exit 1) read as if the report would not overwrite it.
            if (File.Exists(parse.GetValue(output))) throw new ArgumentException($"--out {parse.GetValue(output)} is a file, not a folder");
            if (parse.GetValue(labels) is { } labelsRoot && !Directory.Exists(labelsRoot))
                throw new ArgumentException($"folder not found: {labelsRoot}");
            ReportInput input;
            IFaceThumbnails? thumbnails = null;
            if (parse.GetValue(embeddings) is { } file)
                input = InputFile.Read("--embeddings", file, f => ReportInputs.FromEmbeddingFile(f, parse.GetValue(method)!, cancellationToken));
            else
            {
                var libraryPath = parse.GetValue(library)!;
                var database = ClusterCommand.OpenExisting(libraryPath);
                var folders = parse.GetValue(unlabelled)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .ToHashSet(StringComparer.Ordinal);
                if (parse.GetValue(labels) is { } root) EvalCommand.WarnSharedFolderNames(new PhotoStore(database), root, folders);
                var fromLibrary = ReportInputs.FromLibrary(new PhotoStore(database), new FaceStore(database), new PeopleStore(database),
                    parse.GetValue(labels), folders);
                input = fromLibrary.Input;
                // Every chart of no faces is an empty frame; say so instead of writing a page of them.
                if (input.Faces.Count == 0)
                    throw new ArgumentException($"no faces in the library at {libraryPath}: nothing to report (scan photos with faces first)");
                thumbnails = new LibraryFaceThumbnails(fromLibrary.Faces, fromLibrary.Photos);
            }
            var report = ReportBuilder.Build(input);
            var files = ReportWriter.Write(report, parse.GetValue(output)!, thumbnails);
            if (parse.GetValue(json))
                Output.Json(new
                {
                    html = files.Html,
                    images = files.Images,
                    faces = input.Faces.Count,
                    people = report.People.Count,
                    mean_silhouette = double.IsNaN(report.MeanSilhouette) ? (double?)null : Math.Round(report.MeanSilhouette, 4),
                    seconds = Math.Round(report.Elapsed.TotalSeconds, 3),
                });
            else
                Console.Out.WriteLine($"Report: {files.Html} ({files.Images.Count} images, {input.Faces.Count:N0} faces, {report.People.Count:N0} people, {report.Elapsed.TotalSeconds:0.00} s)");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
