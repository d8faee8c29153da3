namespace FaceSort.Core.Clustering;

/// <summary>The clustering methods by the names the command line and reports use.</summary>
public static class ClustererCatalog
{
    public const string DefaultName = "default";

    public static IReadOnlyList<string> Names { get; } = [DefaultName];

    public static IFaceClusterer Create(string name) =>
        throw new ArgumentException($"unknown clustering method '{name}'; known: {string.Join(", ", Names)}");
}
