using System.Net;
using System.Net.Sockets;

namespace FaceSort.Cli.Tests;

public sealed class ServeCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-serve-").FullName;

    [Fact]
    public async Task A_port_in_use_is_said_in_one_line_without_the_hosting_stack_trace()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var result = await FaceSortProcess.RunAsync(["serve", "--port", port, "--library", Path.Combine(_work, "library")]);

        result.ExitCode.ShouldBe(1, result.Stdout + result.Stderr);
        result.Stderr.Trim().ShouldBe($"facesort: port {port} is in use; choose another with --port");
        result.Stdout.ShouldNotContain("Exception");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
