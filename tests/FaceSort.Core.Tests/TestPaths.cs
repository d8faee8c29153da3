namespace FaceSort.Core.Tests;

/// <summary>Where tests find the repository, its bundled models and fixtures, and the shared data beside it.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Models => Path.Combine(RepoRoot, "models");

    public static string Fixtures => Path.Combine(RepoRoot, "tests", "fixtures");

    /// <summary>The shared data sets (<c>../shared/data</c> beside the repository), present in CI.</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));

    public static string SharedModels => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "models"));

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FaceSort.slnx")))
                return dir.FullName;
        throw new InvalidOperationException("FaceSort.slnx not found above " + AppContext.BaseDirectory);
    }
}
