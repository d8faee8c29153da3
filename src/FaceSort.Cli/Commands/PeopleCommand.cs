using System.CommandLine;
using FaceSort.Core.Export;
using FaceSort.Core.Library;
using Spectre.Console;

namespace FaceSort.Cli.Commands;

internal static class PeopleCommand
{
    public static Command Create()
    {
        var library = CommonOptions.Library();
        var json = CommonOptions.Json();
        var hidden = new Option<bool>("--hidden") { Description = "Include hidden people." };
        var command = new Command("people", "List people with their face and photo counts, largest first.") { library, hidden, json };
        command.SetAction((parse, _) =>
        {
            var database = ClusterCommand.OpenExisting(parse.GetValue(library)!);
            var summaries = new PeopleStore(database).Summaries().Where(p => parse.GetValue(hidden) || !p.Person.Hidden).ToList();
            var folders = ExportPlanner.FolderNames(summaries.Select(p => p.Person).ToList(), new ExportOptions { IncludeHidden = true });
            // A person whose last face was moved away is kept for Undo, listed nowhere (the web app, the export): not here either.
            var people = summaries.Where(p => p.FaceCount > 0).ToList();
            if (parse.GetValue(json))
            {
                Output.Json(people.Select(p => Output.PersonJson(p, folders[p.Person.Id])));
                return Task.FromResult(ExitCodes.Success);
            }
            var table = new Table().AddColumn("person").AddColumn(new TableColumn("faces").RightAligned())
                .AddColumn(new TableColumn("photos").RightAligned()).AddColumn("id");
            foreach (var p in people)
                table.AddRow(Markup.Escape(folders[p.Person.Id]) + (p.Person.Hidden ? " [grey](hidden)[/]" : ""),
                    p.FaceCount.ToString("N0"), p.PhotoCount.ToString("N0"), p.Person.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
