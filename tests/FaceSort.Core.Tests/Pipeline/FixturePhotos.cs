namespace FaceSort.Core.Tests.Pipeline;

/// <summary>Scans write nothing into their folders, but tests still work on a copy so the fixtures stay untouched.</summary>
internal static class FixturePhotos
{
    /// <summary>Copies the photos under <paramref name="source"/> (not its README files) to <paramref name="target"/>.</summary>
    public static string CopyTo(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.EndsWith(".md", StringComparison.Ordinal)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }
        return target;
    }
}
