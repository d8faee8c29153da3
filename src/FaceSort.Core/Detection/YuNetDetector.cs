using FaceSort.Core.Models;
using Microsoft.ML.OnnxRuntime;

namespace FaceSort.Core.Detection;

/// <summary>
/// YuNet (libfacedetection 2023mar): anchor-free, one prior per cell at strides 8, 16 and 32, BGR 0–255 input.
/// Decoded as OpenCV's FaceDetectorYN does (checked against it in docs/detection.md).
/// </summary>
public sealed class YuNetDetector : LetterboxFaceDetector
{
    private protected override float DefaultMinScore => 0.75f;

    /// <summary>Chosen on lfw turned four ways (docs/detection.md, "Turned photos").</summary>
    private protected override float DefaultTurnedPhotoScore => 0.9f;

    internal static readonly int[] Strides = [8, 16, 32];

    public YuNetDetector(ModelDirectory models, ModelEntry entry, DetectionOptions? options = null)
        : this(models.VerifiedPath(entry), ModelDirectory.IdOf(entry), entry, options ?? new DetectionOptions())
    {
    }

    private YuNetDetector(string path, string modelId, ModelEntry entry, DetectionOptions options)
        : this(OpenSession(path, options), modelId, entry, options)
    {
    }

    private YuNetDetector(InferenceSession session, string modelId, ModelEntry entry, DetectionOptions options)
        : base(session, ReadLayout(session, modelId, entry, options), modelId, options)
    {
    }

    private static DetectorLayout ReadLayout(InferenceSession session, string model, ModelEntry entry, DetectionOptions options)
    {
        try
        {
            var (input, width, height, dynamic) = ModelLayoutReader.ReadImageInput(session, model, options.InputSize);
            var names = new List<string>();
            var shapes = new List<long[]>();
            var strides = new List<int>();
            foreach (var s in Strides)
            {
                var cells = width / s * (height / s);
                foreach (var (kind, columns) in (ReadOnlySpan<(string, int)>)[("cls", 1), ("obj", 1), ("bbox", 4), ("kps", 10)])
                {
                    var name = $"{kind}_{s}";
                    names.Add(name);
                    shapes.Add(ModelLayoutReader.CheckOutput(session, model, name, cells, columns));
                    strides.Add(s);
                }
            }
            var bgr = !string.Equals(entry.Channels, "RGB", StringComparison.OrdinalIgnoreCase);
            long[][] ShapesFor(int w, int h) =>
                [.. shapes.Select((shape, i) => ModelLayoutReader.WithRows(shape, w / strides[i] * (h / strides[i])))];
            return new DetectorLayout([input], width, height, dynamic, bgr, entry.Mean, entry.Std, [.. names], ShapesFor);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private protected override void Decode(float[][] outputs, int width, int height, FaceCandidates candidates, float minScore)
    {
        for (var k = 0; k < Strides.Length; k++)
        {
            var s = Strides[k];
            var cols = width / s;
            var cells = cols * (height / s);
            var cls = outputs[4 * k];
            var obj = outputs[4 * k + 1];
            var bbox = outputs[4 * k + 2];
            var kps = outputs[4 * k + 3];
            for (var i = 0; i < cells; i++)
            {
                // Both heads are sigmoids already; OpenCV clips them to [0, 1] before the geometric mean.
                var score = MathF.Sqrt(Math.Clamp(cls[i], 0f, 1f) * Math.Clamp(obj[i], 0f, 1f));
                if (score < minScore) continue;
                int row = i / cols, col = i % cols;
                var cx = (col + bbox[4 * i]) * s;
                var cy = (row + bbox[4 * i + 1]) * s;
                var w = MathF.Exp(bbox[4 * i + 2]) * s;
                var h = MathF.Exp(bbox[4 * i + 3]) * s;
                var points = candidates.Add(cx - w / 2, cy - h / 2, w, h, score);
                for (var p = 0; p < 5; p++)
                {
                    points[2 * p] = (col + kps[10 * i + 2 * p]) * s;
                    points[2 * p + 1] = (row + kps[10 * i + 2 * p + 1]) * s;
                }
            }
        }
    }
}
