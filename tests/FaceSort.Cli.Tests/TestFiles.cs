using System.Security.Cryptography;

namespace FaceSort.Cli.Tests;

/// <summary>Copying photo folders into a test's work area and proving originals were not touched.</summary>
public static class TestFiles
{
    /// <summary>Copies every file under <paramref name="source"/> except README/Markdown notes.</summary>
    public static void CopyTree(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".md", StringComparison.Ordinal)) continue;
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    /// <summary>SHA-256 of every file, by relative path: equal before and after means nothing was modified.</summary>
    public static Dictionary<string, string> HashTree(string root) => Directory
        .EnumerateFiles(root, "*", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}
