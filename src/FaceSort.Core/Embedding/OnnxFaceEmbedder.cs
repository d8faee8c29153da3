using System.Numerics.Tensors;
using FaceSort.Core.Models;
using Microsoft.ML.OnnxRuntime;

namespace FaceSort.Core.Embedding;

/// <summary>
/// An ArcFace-style recogniser (MobileFaceNet by default): NCHW float input of aligned faces, one vector per face.
/// Preprocessing (channel order, mean, std) comes from the model manifest so a user's own model works unchanged.
/// </summary>
public sealed class OnnxFaceEmbedder : IFaceEmbedder
{
    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly bool _swapToBgr;
    private readonly float _mean;
    private readonly float _invStd;
    private readonly float _stretchPercent;
    private readonly int _maxBatch;
    private readonly bool _fixedBatchOfOne;
    // Input/output buffers are reused across calls; each concurrent call takes its own pair from the pool.
    private readonly System.Collections.Concurrent.ConcurrentBag<(float[] Input, float[] Output)> _buffers = [];

    public OnnxFaceEmbedder(ModelDirectory models, EmbeddingOptions? options = null)
        : this(models, models.Manifest.Embedder, options)
    {
    }

    public OnnxFaceEmbedder(ModelDirectory models, ModelEntry entry, EmbeddingOptions? options = null)
    {
        options ??= new EmbeddingOptions();
        if (entry.Kind != "arcface")
            throw new ModelException($"embedder kind '{entry.Kind}' is not supported (expected 'arcface')");
        var path = models.VerifiedPath(entry);
        _session = OnnxSessions.Open(path, options.IntraOpThreads);
        _stretchPercent = options.ContrastStretchPercent;
        // Invariant: the id is stored in the library, and a comma from the user's locale would read as another embedder.
        ModelId = ModelDirectory.IdOf(entry)
            + (_stretchPercent > 0 ? "+stretch" + _stretchPercent.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) : "");

        if (_session.InputMetadata.Count != 1 || _session.OutputMetadata.Count < 1)
            throw new ModelException($"{entry.File}: expected one input and at least one output, found {_session.InputMetadata.Count} and {_session.OutputMetadata.Count}");
        var (inputName, inputMeta) = _session.InputMetadata.First();
        var (outputName, outputMeta) = _session.OutputMetadata.First();
        var dims = inputMeta.Dimensions;
        InputSize = entry.InputSize > 0 ? entry.InputSize : 112;
        if (dims.Length != 4 || dims[1] != 3 || dims[2] != InputSize || dims[3] != InputSize)
            throw new ModelException($"{entry.File}: input '{inputName}' has shape [{string.Join(",", dims)}], expected [batch,3,{InputSize},{InputSize}]");
        var outDims = outputMeta.Dimensions;
        if (outDims.Length != 2 || outDims[1] <= 0)
            throw new ModelException($"{entry.File}: output '{outputName}' has shape [{string.Join(",", outDims)}], expected [batch,dimension]");
        _inputName = inputName;
        _outputName = outputName;
        Dimension = outDims[1];
        _fixedBatchOfOne = dims[0] == 1;
        _maxBatch = _fixedBatchOfOne ? 1 : Math.Max(1, options.BatchSize);
        _swapToBgr = entry.Channels.Equals("BGR", StringComparison.OrdinalIgnoreCase);
        _mean = entry.Mean;
        _invStd = 1f / entry.Std;
    }

    public string ModelId { get; }
    public int Dimension { get; }
    public int InputSize { get; }

    public void Embed(ReadOnlySpan<byte> alignedFaces, int count, Span<float> embeddings)
    {
        var faceBytes = InputSize * InputSize * 3;
        if (alignedFaces.Length < count * faceBytes)
            throw new ArgumentException($"{alignedFaces.Length} bytes cannot hold {count} aligned faces", nameof(alignedFaces));
        if (embeddings.Length < count * Dimension)
            throw new ArgumentException($"{embeddings.Length} floats cannot hold {count} embeddings", nameof(embeddings));

        // An ORT session may run concurrently from several threads; only the buffers must not be shared.
        if (!_buffers.TryTake(out var buffers))
            buffers = (new float[_maxBatch * 3 * InputSize * InputSize], new float[_maxBatch * Dimension]);
        try
        {
            for (var start = 0; start < count;)
            {
                // Full batches, then the rest in powers of two: a handful of input shapes the runtime plans once each,
                // instead of a new plan for every odd batch size.
                var n = Math.Min(_maxBatch, count - start);
                if (n < _maxBatch) n = 1 << (31 - int.LeadingZeroCount(n));
                RunBatch(alignedFaces.Slice(start * faceBytes, n * faceBytes), n, embeddings.Slice(start * Dimension, n * Dimension), buffers.Input, buffers.Output);
                start += n;
            }
        }
        finally
        {
            _buffers.Add(buffers);
        }
    }

    private void RunBatch(ReadOnlySpan<byte> faces, int n, Span<float> destination, float[] input, float[] output)
    {
        var plane = InputSize * InputSize;
        var inputLength = n * 3 * plane;

        for (var f = 0; f < n; f++)
            ToPlanar(faces.Slice(f * plane * 3, plane * 3), input.AsSpan(f * 3 * plane, 3 * plane), plane);

        using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, inputLength), [n, 3, InputSize, InputSize]);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, output.AsMemory(0, n * Dimension), [n, Dimension]);
        using var runOptions = new RunOptions();
        _session.Run(runOptions, [_inputName], [inputValue], [_outputName], [outputValue]);

        for (var f = 0; f < n; f++)
        {
            var source = output.AsSpan(f * Dimension, Dimension);
            var target = destination.Slice(f * Dimension, Dimension);
            var norm = TensorPrimitives.Norm(source);
            if (norm > 0) TensorPrimitives.Divide(source, norm, target);
            else target.Clear();
        }
    }

    private void ToPlanar(ReadOnlySpan<byte> rgb, Span<float> planar, int plane)
    {
        var first = planar[..plane];
        var second = planar.Slice(plane, plane);
        var third = planar.Slice(2 * plane, plane);
        var (c0, c2) = _swapToBgr ? (2, 0) : (0, 2);
        // Each byte's model input, per channel (stretched and normalised): one table read per value instead of arithmetic.
        Span<float> lookup = stackalloc float[3 * 256];
        FaceContrast.Lookup(rgb, InputSize, _stretchPercent, _mean, _invStd, lookup);
        var table0 = lookup.Slice(c0 * 256, 256);
        var table1 = lookup.Slice(256, 256);
        var table2 = lookup.Slice(c2 * 256, 256);
        for (int i = 0, p = 0; i < plane; i++, p += 3)
        {
            first[i] = table0[rgb[p + c0]];
            second[i] = table1[rgb[p + 1]];
            third[i] = table2[rgb[p + c2]];
        }
    }

    public void Dispose() => _session.Dispose();
}
