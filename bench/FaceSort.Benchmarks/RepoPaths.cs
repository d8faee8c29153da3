namespace FaceSort.Benchmarks;

/// <summary>
/// The repository root (the folder holding FaceSort.slnx), found from the current directory or, for BenchmarkDotNet's
/// child processes that run from their own build folder, from the program's location.
/// </summary>
internal static class RepoPaths
{
    public static string Root { get; } = Find(Directory.GetCurrentDirectory()) ?? Find(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("FaceSort.slnx not found above the current directory or the program");

    public static string Models => Path.Combine(Root, "models");

    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FaceSort.slnx"))) return dir.FullName;
        return null;
    }
}
