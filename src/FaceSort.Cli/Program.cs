using System.CommandLine;
using FaceSort.Cli;
using FaceSort.Cli.Commands;

var root = new RootCommand("FaceSort: find every face in your photos and sort the photos into one folder per person. Nothing leaves this machine.");
root.Subcommands.Add(ScanCommand.Create());
root.Subcommands.Add(ClusterCommand.Create());
root.Subcommands.Add(PeopleCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(OrganizeCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
foreach (var command in CorrectionCommands.Create()) root.Subcommands.Add(command);
root.Subcommands.Add(SuggestCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
return await CliRunner.RunAsync(root, args);
