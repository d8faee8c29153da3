using FaceSort.Core.Models;
using Microsoft.ML.OnnxRuntime;

namespace FaceSort.Core.Detection;

/// <summary>
/// InsightFace SCRFD with keypoints (<c>*_bnkps</c>), an optional user-supplied model (non-commercial licence, never
/// bundled): RGB (x − 127.5) / 128, two anchors per cell at strides 8, 16, 32, nine outputs in the order scores ×3,
/// box distances ×3, keypoint offsets ×3. A dynamic input size runs at the photo's size, up to <see cref="DetectionOptions.InputSize"/>.
/// </summary>
public sealed class ScrfdDetector : LetterboxFaceDetector
{
    private protected override float DefaultMinScore => 0.65f;

    /// <summary>
    /// Off: SCRFD scores upright faces lower than YuNet (lfw's photos: median best face 0.84, against YuNet's 0.92+), so
    /// YuNet's bar would search every photo turned and accept almost no turn (8 of 292 turned photos put right), and
    /// no bar for SCRFD was measured on embeddings (docs/detection.md, "Turned photos"). Set
    /// <see cref="DetectionOptions.TurnedPhotoScore"/> to use it.
    /// </summary>
    private protected override float DefaultTurnedPhotoScore => 0f;

    private const int AnchorsPerCell = 2;

    public ScrfdDetector(ModelDirectory models, ModelEntry entry, DetectionOptions? options = null)
        : this(models.VerifiedPath(entry), ModelDirectory.IdOf(entry), options ?? new DetectionOptions())
    {
    }

    /// <summary>Loads a SCRFD file directly, without a manifest (evaluation and tests).</summary>
    public ScrfdDetector(string modelPath, DetectionOptions? options = null)
        : this(modelPath, $"{Path.GetFileNameWithoutExtension(modelPath)}@{ModelDirectory.Sha256Of(modelPath)[..12]}", options ?? new DetectionOptions())
    {
    }

    private ScrfdDetector(string path, string modelId, DetectionOptions options)
        : this(OpenSession(path, options), modelId, options)
    {
    }

    private ScrfdDetector(InferenceSession session, string modelId, DetectionOptions options)
        : base(session, ReadLayout(session, modelId, options), modelId, options)
    {
    }

    private static DetectorLayout ReadLayout(InferenceSession session, string model, DetectionOptions options)
    {
        try
        {
            var (input, width, height, dynamic) = ModelLayoutReader.ReadImageInput(session, model, options.InputSize);
            var names = session.OutputMetadata.Keys.ToArray();
            if (names.Length != 9)
                throw new ModelException($"{model}: a SCRFD *_bnkps model has 9 outputs, this one has {names.Length} (is it a model without keypoints?)");
            var shapes = new long[9][];
            for (var k = 0; k < 3; k++)
            {
                var s = YuNetDetector.Strides[k];
                var anchors = width / s * (height / s) * AnchorsPerCell;
                shapes[k] = ModelLayoutReader.CheckOutput(session, model, names[k], anchors, 1);
                shapes[3 + k] = ModelLayoutReader.CheckOutput(session, model, names[3 + k], anchors, 4);
                shapes[6 + k] = ModelLayoutReader.CheckOutput(session, model, names[6 + k], anchors, 10);
            }
            long[][] ShapesFor(int w, int h) =>
                [.. shapes.Select((shape, i) => ModelLayoutReader.WithRows(shape, w / YuNetDetector.Strides[i % 3] * (h / YuNetDetector.Strides[i % 3]) * AnchorsPerCell))];
            return new DetectorLayout([input], width, height, dynamic, Bgr: false, Mean: 127.5f, Std: 128f, names, ShapesFor);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private protected override void Decode(float[][] outputs, int width, int height, FaceCandidates candidates, float minScore)
    {
        for (var k = 0; k < 3; k++)
        {
            var s = YuNetDetector.Strides[k];
            var cols = width / s;
            var anchors = cols * (height / s) * AnchorsPerCell;
            var scores = outputs[k];
            var dist = outputs[3 + k];
            var kps = outputs[6 + k];
            for (var i = 0; i < anchors; i++)
            {
                var score = scores[i];
                if (score < minScore) continue;
                var cell = i / AnchorsPerCell;
                float cx = cell % cols * s, cy = cell / cols * s;
                var x1 = cx - dist[4 * i] * s;
                var y1 = cy - dist[4 * i + 1] * s;
                var x2 = cx + dist[4 * i + 2] * s;
                var y2 = cy + dist[4 * i + 3] * s;
                var points = candidates.Add(x1, y1, x2 - x1, y2 - y1, score);
                for (var p = 0; p < 5; p++)
                {
                    points[2 * p] = cx + kps[10 * i + 2 * p] * s;
                    points[2 * p + 1] = cy + kps[10 * i + 2 * p + 1] * s;
                }
            }
        }
    }
}
