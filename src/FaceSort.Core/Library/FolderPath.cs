namespace FaceSort.Core.Library;

/// <summary>Whether one absolute path lies inside another folder, compared whole: <c>/x/People2</c> is not inside
/// <c>/x/People</c>, and every path but the root itself is inside <c>/</c>.</summary>
public static class FolderPath
{
    /// <summary>True when <paramref name="path"/> is strictly below <paramref name="folder"/> (both absolute, without a
    /// trailing separator unless the folder is the file system root).</summary>
    public static bool IsInside(string path, string folder, StringComparison comparison = StringComparison.Ordinal)
    {
        var prefix = Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar;
        return path.Length > prefix.Length && path.StartsWith(prefix, comparison);
    }
}
