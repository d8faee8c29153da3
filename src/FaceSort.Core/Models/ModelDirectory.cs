using System.Security.Cryptography;
using System.Text.Json;

namespace FaceSort.Core.Models;

/// <summary>
/// The one way to reach model files: finds the models directory, reads its manifest and hands out verified paths.
/// </summary>
public sealed class ModelDirectory
{
    public const string EnvironmentVariable = "FACESORT_MODELS";
    public const string ManifestFileName = "models.json";

    private ModelDirectory(string path, ModelManifest manifest)
    {
        Path = path;
        Manifest = manifest;
    }

    public string Path { get; }
    public ModelManifest Manifest { get; }

    /// <summary>
    /// Opens <paramref name="explicitPath"/>, else <c>$FACESORT_MODELS</c>, else the <c>models</c> directory shipped
    /// beside the program. Throws <see cref="ModelException"/> naming what is missing.
    /// </summary>
    public static ModelDirectory Locate(string? explicitPath = null)
    {
        var path = explicitPath ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(path))
            path = System.IO.Path.Combine(AppContext.BaseDirectory, "models");
        return Open(path);
    }

    public static ModelDirectory Open(string path)
    {
        var manifestPath = System.IO.Path.Combine(path, ManifestFileName);
        if (!File.Exists(manifestPath))
            throw new ModelException($"no {ManifestFileName} in models directory '{path}'");
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(manifestPath));
        }
        catch (JsonException e)
        {
            throw new ModelException($"{manifestPath} is not a valid model manifest: {e.Message}");
        }
        return new ModelDirectory(path, manifest ?? throw new ModelException($"{manifestPath} is empty"));
    }

    /// <summary>Full path of <paramref name="entry"/>'s file after checking that its sha256 matches the manifest.</summary>
    public string VerifiedPath(ModelEntry entry)
    {
        var file = System.IO.Path.Combine(Path, entry.File);
        if (!File.Exists(file)) throw new ModelException($"model file missing: {file}");
        var actual = Sha256Of(file);
        if (!actual.Equals(entry.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new ModelException($"model file {file} has sha256 {actual}, but {ManifestFileName} expects {entry.Sha256}");
        return file;
    }

    /// <summary>Short, stable id stored with every face: file name and the first 12 hex digits of its sha256.</summary>
    public static string IdOf(ModelEntry entry) => $"{System.IO.Path.GetFileNameWithoutExtension(entry.File)}@{entry.Sha256[..12].ToLowerInvariant()}";

    public static string Sha256Of(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

/// <summary>A model that cannot be used: missing, damaged, or not shaped as its manifest says.</summary>
public sealed class ModelException : Exception
{
    public ModelException(string message) : base(message) { }
    public ModelException(string message, Exception inner) : base(message, inner) { }
    public ModelException() { }
}
