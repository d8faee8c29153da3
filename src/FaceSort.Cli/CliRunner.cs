using System.CommandLine;
using FaceSort.Core.Imaging;
using FaceSort.Core.Models;
using Spectre.Console;

namespace FaceSort.Cli;

/// <summary>Exit codes: what a script calling facesort can rely on.</summary>
public static class ExitCodes
{
    /// <summary>The run finished, even if some files were skipped (they are listed with reasons).</summary>
    public const int Success = 0;

    /// <summary>The run itself failed: unwritable output, missing or damaged model, unreadable library.</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments.</summary>
    public const int Usage = 2;

    /// <summary>Stopped by Ctrl-C; the next run resumes where this one stopped.</summary>
    public const int Cancelled = 130;
}

internal static class CliRunner
{
    /// <summary>Table width when stdout is a file or a pipe, unless $COLUMNS says otherwise.</summary>
    public const int RedirectedWidth = 200;

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        // Redirected, Spectre assumes 80 columns and wraps cells mid-number ("0.98" / "9"); a pipe or file has no width,
        // so give tables room for a whole row.
        if (Console.IsOutputRedirected)
            AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), System.Globalization.CultureInfo.InvariantCulture, out var columns)
                && columns > 0 ? columns : RedirectedWidth;
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"facesort: {error.Message}");
            Console.Error.WriteLine("Try 'facesort --help'.");
            return ExitCodes.Usage;
        }
        // A closed terminal or a dropped SSH session (SIGHUP) stops a run as Ctrl-C and SIGTERM do, so it ends cleanly:
        // dying there left the scan's reading journal behind, and the next scan took the file being read for a culprit.
        using var hangUp = new CancellationTokenSource();
        using var onHangUp = OperatingSystem.IsWindows() ? null : System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                hangUp.Cancel();
            });
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, hangUp.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("facesort: stopped; run the same command again to resume.");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is ModelException or IOException or UnauthorizedAccessException or PhotoDecodeException
                                       or InvalidOperationException or ArgumentException or Microsoft.Data.Sqlite.SqliteException)
        {
            AnsiConsole.Console.Profile.Out.Writer.Flush();
            Console.Error.WriteLine($"facesort: {FaceSort.Core.ErrorMessages.Plain(e)}");
            return e is ArgumentException ? ExitCodes.Usage : ExitCodes.Failed;
        }
    }
}
