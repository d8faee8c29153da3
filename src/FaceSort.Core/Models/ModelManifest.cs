using System.Text.Json.Serialization;

namespace FaceSort.Core.Models;

/// <summary>
/// One model file and how to feed it, as written in a models directory's <c>models.json</c>. A user points
/// <c>--models</c> or <c>FACESORT_MODELS</c> at a directory with their own manifest to swap either model.
/// </summary>
public sealed record ModelEntry
{
    /// <summary>File name inside the models directory.</summary>
    [JsonPropertyName("file")] public required string File { get; init; }

    /// <summary>Decoder family: <c>yunet</c> or <c>scrfd</c> for detectors, <c>arcface</c> for 112×112 recognisers.</summary>
    [JsonPropertyName("kind")] public required string Kind { get; init; }

    /// <summary>Expected sha256 (hex); a mismatch refuses to load, so a damaged or swapped file never runs silently.</summary>
    [JsonPropertyName("sha256")] public required string Sha256 { get; init; }

    /// <summary>Channel order the network wants: <c>RGB</c> or <c>BGR</c>.</summary>
    [JsonPropertyName("channels")] public string Channels { get; init; } = "RGB";

    /// <summary>Per-channel value subtracted from 0–255 pixels before scaling.</summary>
    [JsonPropertyName("mean")] public float Mean { get; init; }

    /// <summary>Per-channel divisor applied after the mean (1 = raw pixels).</summary>
    [JsonPropertyName("std")] public float Std { get; init; } = 1;

    /// <summary>Square input side for recognisers (112); detectors read theirs from the model.</summary>
    [JsonPropertyName("input_size")] public int InputSize { get; init; }

    /// <summary>Where the file came from and under which licence; shown by <c>facesort models</c>.</summary>
    [JsonPropertyName("licence")] public string? Licence { get; init; }
}

/// <summary>The <c>models.json</c> of a models directory: one detector and one embedder.</summary>
public sealed record ModelManifest
{
    [JsonPropertyName("detector")] public required ModelEntry Detector { get; init; }
    [JsonPropertyName("embedder")] public required ModelEntry Embedder { get; init; }
}
