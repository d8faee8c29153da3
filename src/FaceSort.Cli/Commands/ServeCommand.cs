using System.CommandLine;
using System.Net;
using FaceSort.Web;

namespace FaceSort.Cli.Commands;

internal static class ServeCommand
{
    public static Command Create()
    {
        var library = CommonOptions.Library();
        var models = CommonOptions.Models();
        var port = CommonOptions.WholeNumber(new Option<int>("--port") { Description = "Port to listen on (0: any free port).", DefaultValueFactory = _ => 5170 });
        var address = new Option<string>("--address")
        {
            Description = "Address to bind. Default 127.0.0.1 (this machine only); any other address requires the access token printed at start.",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var uprightOnly = CommonOptions.UprightOnly();
        var scannedPrints = CommonOptions.ScannedPrints();
        var command = new Command("serve", "Start the local web app: add photos, watch progress, fix people, download folders.")
        {
            library, models, port, address, uprightOnly, scannedPrints,
        };
        CommonOptions.OneWayOfTurning(command, uprightOnly, scannedPrints);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!IPAddress.TryParse(parse.GetValue(address), out var ip))
                throw new ArgumentException($"--address: not an IP address: {parse.GetValue(address)}");
            var portValue = parse.GetValue(port);
            if (portValue is < 0 or > 65535) throw new ArgumentException("--port must be between 0 and 65535");
            CommonOptions.CheckLibraryFolder(parse.GetValue(library)!);
            try
            {
                await WebApp.RunAsync(new WebAppOptions
                {
                    LibraryDirectory = parse.GetValue(library)!, ModelsDirectory = parse.GetValue(models), Address = ip, Port = portValue,
                    Detection = CommonOptions.Detection(parse.GetValue(uprightOnly), parse.GetValue(scannedPrints)),
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                throw new IOException($"port {portValue} is in use; choose another with --port", e);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
