namespace FaceSort.Cli;

/// <summary>
/// Files a user hands a command to read (truth CSV, embedding TSV): a missing or malformed one is a bad argument
/// (exit 2, one line naming the file and row), not a crash with a parser's stack trace.
/// </summary>
internal static class InputFile
{
    public static T Read<T>(string option, string path, Func<string, T> read)
    {
        if (Directory.Exists(path)) throw new ArgumentException($"{option} {path} is a folder, not a file");
        if (!File.Exists(path)) throw new ArgumentException($"{option}: no file at {path}");
        try
        {
            return read(path);
        }
        catch (InvalidDataException e)
        {
            throw new ArgumentException($"{option}: {e.Message}", e);
        }
    }
}
