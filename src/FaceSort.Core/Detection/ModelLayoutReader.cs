using FaceSort.Core.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FaceSort.Core.Detection;

/// <summary>Reads a detector's input and outputs from its metadata and fails with a message naming any mismatch.</summary>
internal static class ModelLayoutReader
{
    /// <summary>The single float input [1, 3, H, W]; dynamic H or W take <paramref name="fallbackSize"/> as their maximum.</summary>
    public static (string Name, int Width, int Height, bool Dynamic) ReadImageInput(InferenceSession session, string model, int fallbackSize)
    {
        if (session.InputMetadata.Count != 1)
            throw new ModelException($"{model}: expected one input, the model has {session.InputMetadata.Count} ({string.Join(", ", session.InputMetadata.Keys)})");
        var (name, meta) = session.InputMetadata.First();
        if (!meta.IsTensor || meta.ElementDataType != TensorElementType.Float)
            throw new ModelException($"{model}: input '{name}' must be a float tensor, it is {meta.ElementDataType}");
        var d = meta.Dimensions;
        if (d.Length != 4 || (d[0] != 1 && d[0] > 0) || d[1] != 3)
            throw new ModelException($"{model}: input '{name}' must be [1, 3, H, W], it is [{string.Join(", ", d)}]");
        var height = d[2] > 0 ? d[2] : fallbackSize;
        var width = d[3] > 0 ? d[3] : fallbackSize;
        if (height % 32 != 0 || width % 32 != 0)
            throw new ModelException($"{model}: input '{name}' is {width}×{height}; detectors here need multiples of 32");
        return (name, width, height, d[2] <= 0 && d[3] <= 0);
    }

    /// <summary>
    /// Checks that output <paramref name="name"/> is a float tensor holding <paramref name="rows"/> × <paramref name="columns"/>
    /// values as [rows, columns] or [1, rows, columns] (dynamic dimensions allowed) and returns its concrete shape.
    /// </summary>
    public static long[] CheckOutput(InferenceSession session, string model, string name, int rows, int columns)
    {
        if (!session.OutputMetadata.TryGetValue(name, out var meta))
            throw new ModelException($"{model}: no output named '{name}' (outputs: {string.Join(", ", session.OutputMetadata.Keys)})");
        if (!meta.IsTensor || meta.ElementDataType != TensorElementType.Float)
            throw new ModelException($"{model}: output '{name}' must be a float tensor, it is {meta.ElementDataType}");
        var d = meta.Dimensions;
        long[] expected = d.Length switch
        {
            2 => [rows, columns],
            3 => [1, rows, columns],
            _ => throw new ModelException($"{model}: output '{name}' must be [N, {columns}] or [1, N, {columns}], it is [{string.Join(", ", d)}]"),
        };
        for (var i = 0; i < d.Length; i++)
            if (d[i] > 0 && d[i] != expected[i])
                throw new ModelException(
                    $"{model}: output '{name}' is [{string.Join(", ", d)}], expected [{string.Join(", ", expected)}] for this input size");
        return expected;
    }

    /// <summary>A shape of the same rank as <paramref name="checkedShape"/> (from <see cref="CheckOutput"/>) for another row count.</summary>
    public static long[] WithRows(long[] checkedShape, long rows) =>
        checkedShape.Length == 2 ? [rows, checkedShape[1]] : [1, rows, checkedShape[2]];
}
