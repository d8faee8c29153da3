using System.CommandLine;
using FaceSort.Core.Evaluation;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;
using Spectre.Console;

namespace FaceSort.Cli.Commands;

internal static class ClusterCommand
{
    public const string DefaultMethod = "facesort";

    public static Command Create()
    {
        var library = CommonOptions.Library();
        var method = MethodOption();
        var json = CommonOptions.Json();
        var full = new Option<bool>("--full")
        {
            Description = "Re-cluster every face. Without it, a library that has people only recognises new faces (docs/incremental.md). Corrections hold either way.",
        };
        var command = new Command("cluster", "Group the library's faces into people. Corrections you made are kept.") { library, method, full, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            CheckExisting(parse.GetValue(library)!);
            using var writer = await CommonOptions.TakeWriterLockAsync(parse.GetValue(library)!, "facesort cluster", cancellationToken).ConfigureAwait(false);
            var summary = Output.Step(parse.GetValue(json), "Grouping faces into people…",
                () => Run(parse.GetValue(library)!, parse.GetValue(method)!, cancellationToken, parse.GetValue(full)));
            if (parse.GetValue(json)) Output.Json(ClusterJson(summary));
            else PrintTable(summary);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Option<string> MethodOption() => new("--method")
    {
        Description = $"Clustering method: {string.Join(", ", ClusteringMethods.Names)} (docs/clustering.md).",
        DefaultValueFactory = _ => DefaultMethod,
    };

    /// <summary>A library with people is clustered incrementally (new faces recognised, leftovers grouped) unless
    /// <paramref name="full"/>; an empty one, or a full run, clusters every face. The caller holds the writer lock.</summary>
    public static ClusterSummary Run(string libraryPath, string method, CancellationToken cancellationToken, bool full = false, string by = "facesort cluster")
    {
        var database = OpenExisting(libraryPath);
        return new PeopleUpdater(database).Update(ClusteringMethods.Create(method), full, cancellationToken: cancellationToken, by: by);
    }

    public static LibraryDatabase OpenExisting(string libraryPath)
    {
        CheckExisting(libraryPath);
        return LibraryDatabase.Open(libraryPath);
    }

    /// <summary>A --library that holds no library is a wrong argument (exit 2), whether the folder is missing or merely empty.</summary>
    public static void CheckExisting(string libraryPath)
    {
        CommonOptions.CheckLibraryFolder(libraryPath);
        if (!File.Exists(Path.Combine(libraryPath, LibraryDatabase.FileName)))
            throw new ArgumentException($"no library at {libraryPath}: run 'facesort scan <folder> --library {libraryPath}' first");
    }

    public static object ClusterJson(ClusterSummary s) => new
    {
        method = s.Method,
        faces = s.Faces,
        people = s.People,
        unassigned_faces = s.UnassignedFaces,
        too_poor_to_place = s.TooPoorToPlace,
        named_from_tags = s.NamedFromTags,
        seconds = Math.Round(s.Elapsed.TotalSeconds, 3),
    };

    public static void PrintTable(ClusterSummary s)
    {
        var table = new Table().Title("Cluster").AddColumn("").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("Method", s.Method);
        table.AddRow("Faces", s.Faces.ToString("N0"));
        table.AddRow("People", s.People.ToString("N0"));
        if (s.NamedFromTags > 0) table.AddRow("Faces named by your photos' own tags", s.NamedFromTags.ToString("N0"));
        table.AddRow("Faces belonging to nobody yet", s.UnassignedFaces.ToString("N0"));
        if (s.TooPoorToPlace > 0) table.AddRow("  of which too blurred or small to place", s.TooPoorToPlace.ToString("N0"));
        table.AddRow("Time", $"{s.Elapsed.TotalSeconds:0.00} s");
        AnsiConsole.Write(table);
    }
}
