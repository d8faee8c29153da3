using System.Collections.Concurrent;
using FaceSort.Core.Imaging;
using Microsoft.ML.OnnxRuntime;

namespace FaceSort.Core.Detection;

/// <summary>
/// What every single-frame ONNX face detector here shares: one session created once, the photo framed by a border
/// where the input has room for one and letterboxed into the top-left of the network input, decoding into flat
/// candidates, hand-written NMS, mapping back to the photo's pixels, the score/size filters, and the tight-crop
/// retry. Subclasses only read their model's layout and decode outputs.
/// </summary>
/// <remarks>
/// Thread safety: <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue})"/>
/// may be called concurrently, and every call rents its own <see cref="Frame"/> (input, output and candidate buffers)
/// from a pool, so <see cref="Detect(RgbImage, float)"/> is safe from several threads without a lock. The pool holds at most as many
/// frames as calls ever ran at once (the scan's degree of parallelism), about 5 MB each for a 640×640 input.
/// </remarks>
public abstract class LetterboxFaceDetector : IFaceDetector
{
    private readonly InferenceSession _session;
    private readonly DetectorLayout _layout;
    private readonly RunOptions _runOptions = new();
    private readonly ConcurrentDictionary<(int Width, int Height), ConcurrentBag<Frame>> _frames = new();
    private bool _disposed;

    private protected LetterboxFaceDetector(InferenceSession session, DetectorLayout layout, string modelId, DetectionOptions options)
    {
        _session = session;
        _layout = layout;
        ModelId = modelId;
        Options = options;
    }

    public string ModelId { get; }

    public DetectionOptions Options { get; }

    /// <summary>The score threshold in force: <see cref="DetectionOptions.MinScore"/>, else this model's own.</summary>
    public float MinScore => Options.MinScore ?? DefaultMinScore;

    /// <summary>This model's calibrated threshold (chosen on dlib-faces' hand boxes, docs/detection.md).</summary>
    private protected abstract float DefaultMinScore { get; }

    /// <summary>The best-face score under which this model's photos are searched turned as well; 0: never
    /// (<see cref="DetectionOptions.TurnedPhotoScore"/>).</summary>
    private protected abstract float DefaultTurnedPhotoScore { get; }

    /// <summary>Network input width and height in pixels.</summary>
    public (int Width, int Height) InputSize => (_layout.InputWidth, _layout.InputHeight);

    public IReadOnlyList<DetectedFace> Detect(RgbImage image, float scaleToOriginal = 1f) => Detect(image, scaleToOriginal, larger: null);

    public IReadOnlyList<DetectedFace> Detect(RgbImage image, float scaleToOriginal, Func<int, RgbImage?>? larger)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(image);
        if (!(scaleToOriginal > 0)) throw new ArgumentOutOfRangeException(nameof(scaleToOriginal), "must be positive");
        var faces = DetectUpright(image, scaleToOriginal);
        if (larger is not null && WantsTiles(image, scaleToOriginal, faces) && larger(Options.SmallFaceLongSide) is { } detail)
            faces = SmallFaceTiles.Search(this, image, detail, scaleToOriginal, faces);
        var bar = Options.TurnedPhotoScore ?? DefaultTurnedPhotoScore;
        if (bar is not > 0) return faces;
        var clear = faces.Count > 0 && faces[0].Score >= bar;
        // A clear face upright ends the search in an ordinary photo. A large one may be a scanned page or an album page
        // on which one print lies sideways or upside down beside upright ones, so it is searched turned for more faces.
        var prints = Options.TurnedPrintsLongSide > 0 && Math.Max(image.Width, image.Height) * scaleToOriginal >= Options.TurnedPrintsLongSide;
        if (clear && !prints) return faces;
        // No clear face upright: the photo may be sideways or upside down (a scanned print, a lost EXIF orientation).
        // The detector also finds upside-down faces upright, with wrong landmarks and weaker scores, so a turn replaces
        // the upright result when its best face is clear and its faces score higher in sum; the first tried wins a tie.
        var best = (Faces: faces, Turn: new QuarterTurn(0), Sum: ScoreSum(faces));
        var others = new List<DetectedFace>();
        // Most photos that get here have no face at all; a look at a smaller input first (a quarter of the pixels or
        // less) spares them the full detections, and only a turn where it sees a face is searched in full. On a page
        // with clear upright faces, a face the look sees where an upright face scores as high does not count.
        var probe = _layout.DynamicSize ? Options.TurnedProbeSize : 0;
        foreach (var turn in QuarterTurn.Retries)
        {
            var turned = turn.Apply(image);
            if (probe > 0 && Math.Max(turned.Width, turned.Height) > probe
                && !DetectUpright(turned, scaleToOriginal, probe).Any(f => !clear || !Overlaps(turn.Undo(f, image.Width, image.Height), faces)))
                continue;
            var found = DetectUpright(turned, scaleToOriginal);
            var sum = ScoreSum(found);
            if (!clear && found.Count > 0 && found[0].Score >= bar && sum > best.Sum)
            {
                if (prints && best.Turn.Turns != 0) others.AddRange(best.Faces.Select(f => best.Turn.Undo(f, image.Width, image.Height)));
                best = (found, turn, sum);
            }
            else if (prints)
            {
                others.AddRange(found.Select(f => turn.Undo(f, image.Width, image.Height)));
            }
        }
        var result = best.Turn.Turns == 0 ? faces : [.. best.Faces.Select(f => best.Turn.Undo(f, image.Width, image.Height))];
        return prints ? WithClearFacesOfOtherTurns(result, others, bar) : result;

        static float ScoreSum(List<DetectedFace> found)
        {
            var sum = 0f;
            foreach (var f in found) sum += f.Score;
            return sum;
        }
    }

    /// <summary>
    /// Adds to <paramref name="result"/> each clear face (scoring at least <paramref name="bar"/>) found in another turn
    /// where it has no face, or where it has only faces that score lower (the same face found turned wrong, with wrong
    /// landmarks): prints laid different ways on one scanned page each give their faces.
    /// </summary>
    private List<DetectedFace> WithClearFacesOfOtherTurns(List<DetectedFace> result, List<DetectedFace> others, float bar)
    {
        if (others.Count == 0) return result;
        var merged = new List<DetectedFace>(result);
        foreach (var face in others.Where(f => f.Score >= bar).OrderByDescending(f => f.Score))
        {
            var overlapped = merged.Where(m => m.Box.IntersectionOverUnion(face.Box) > Options.NmsIouThreshold).ToList();
            if (overlapped.Any(m => m.Score >= face.Score)) continue;
            foreach (var m in overlapped) merged.Remove(m);
            merged.Add(face);
        }
        merged.Sort((a, b) => b.Score.CompareTo(a.Score));
        return merged;
    }

    /// <summary>
    /// Whether <paramref name="face"/>, seen in a turned copy, lies on a face of <paramref name="faces"/> found upright
    /// with at least its score: the same face seen turned wrong. In a group photo the faces under the clear bar are
    /// seen again upside down in the half turn at lower scores, and searching that turn in full for nothing cost a
    /// camera-sized group photo a fifth more CPU; an upside-down print's face scores higher in the right turn.
    /// </summary>
    private bool Overlaps(DetectedFace face, List<DetectedFace> faces) =>
        faces.Any(f => f.Score >= face.Score && f.Box.IntersectionOverUnion(face.Box) > Options.NmsIouThreshold);

    /// <param name="maxInput">Largest network input side (0: the model's own); a smaller one shrinks the photo.</param>
    private List<DetectedFace> DetectUpright(RgbImage image, float scaleToOriginal, int maxInput = 0)
    {
        var (maxWidth, maxHeight) = maxInput > 0 ? (maxInput, maxInput) : (_layout.InputWidth, _layout.InputHeight);
        var edgePad = EdgePadFor(image, maxWidth, maxHeight);
        var faces = edgePad > 0
            ? DetectOnce(BorderPadding.Pad(image, edgePad, Options.TightCropBorder), scaleToOriginal, edgePad, maxWidth, maxHeight)
            : DetectOnce(image, scaleToOriginal, 0, maxWidth, maxHeight);
        var fitsUnshrunk = image.Width <= maxWidth && image.Height <= maxHeight;
        if (faces.Count == 0 && Options.TightCropPadding > 0 && fitsUnshrunk)
        {
            var pad = (int)Math.Round(Options.TightCropPadding * Math.Max(image.Width, image.Height));
            if (pad > edgePad)
                faces = DetectOnce(BorderPadding.Pad(image, pad, Options.TightCropBorder), scaleToOriginal, pad, maxWidth, maxHeight);
        }
        return faces;
    }

    /// <summary>
    /// The border every detection of <paramref name="image"/> gets: <see cref="DetectionOptions.EdgePadding"/> × its
    /// longer side, but only as much as still fits the network input, so the photo is never shrunk for it.
    /// </summary>
    private int EdgePadFor(RgbImage image, int maxWidth, int maxHeight)
    {
        var wanted = (int)Math.Round(Options.EdgePadding * Math.Max(image.Width, image.Height));
        var room = Math.Min(maxWidth - image.Width, maxHeight - image.Height) / 2;
        return Math.Max(0, Math.Min(wanted, room));
    }

    /// <summary>
    /// Decodes the raw outputs of one run at a <paramref name="width"/> × <paramref name="height"/> input into candidates
    /// in network-input pixels, keeping scores ≥ <paramref name="minScore"/>.
    /// </summary>
    private protected abstract void Decode(float[][] outputs, int width, int height, FaceCandidates candidates, float minScore);

    /// <summary>
    /// The input size for <paramref name="image"/>: the model's fixed size, or — for a model with symbolic height and
    /// width — the image shrunk to fit the maximum and padded up to a multiple of 32, so a small photo costs a small
    /// inference (256×256 takes an eighth of 640×640's time).
    /// </summary>
    private (int Width, int Height) InputSizeFor(RgbImage image, int maxWidth, int maxHeight)
    {
        if (!_layout.DynamicSize) return (_layout.InputWidth, _layout.InputHeight);
        var scale = Math.Min(1.0, Math.Min((double)maxWidth / image.Width, (double)maxHeight / image.Height));
        static int Up32(double v) => Math.Max(32, ((int)Math.Round(v) + 31) / 32 * 32);
        return (Math.Min(maxWidth, Up32(image.Width * scale)), Math.Min(maxHeight, Up32(image.Height * scale)));
    }

    /// <summary>
    /// Whether a large photo is searched again in tiles of a larger decode (<see cref="DetectionOptions.SmallFaceLongSide"/>):
    /// its original is at least that large, and the whole photo gave a face smaller than
    /// <see cref="DetectionOptions.SmallFaceHint"/> (a face that small says there may be more, too small to be seen).
    /// </summary>
    private bool WantsTiles(RgbImage image, float scaleToOriginal, List<DetectedFace> faces)
    {
        if (Options.SmallFaceLongSide <= 0 || Math.Max(image.Width, image.Height) * scaleToOriginal < Options.SmallFaceLongSide) return false;
        foreach (var f in faces)
            if (Math.Min(f.Box.Width, f.Box.Height) < Options.SmallFaceHint) return true;
        return false;
    }

    /// <summary>One detection of <paramref name="image"/> as it is (no border, no retry) at an input of at most the given size.</summary>
    internal List<DetectedFace> DetectTile(RgbImage image, float scaleToOriginal, int maxWidth, int maxHeight) =>
        DetectOnce(image, scaleToOriginal, 0, maxWidth, maxHeight);

    private List<DetectedFace> DetectOnce(RgbImage image, float scaleToOriginal, int pad, int maxWidth, int maxHeight)
    {
        var size = InputSizeFor(image, maxWidth, maxHeight);
        var pool = _frames.GetOrAdd(size, _ => []);
        if (!pool.TryTake(out var frame)) frame = new Frame(_layout, size.Width, size.Height);
        try
        {
            var fit = Letterbox.Fill(image, frame.Input, size.Width, size.Height, _layout.Bgr, _layout.Mean, _layout.Std);
            _session.Run(_runOptions, _layout.InputNames, frame.InputValues, _layout.OutputNames, frame.OutputValues);
            frame.Candidates.Clear();
            Decode(frame.Outputs, size.Width, size.Height, frame.Candidates, MinScore);
            frame.Candidates.Suppress(Options.NmsIouThreshold, frame.Kept);
            var faces = new List<DetectedFace>(frame.Kept.Count);
            foreach (var i in frame.Kept)
            {
                var b = frame.Candidates.Box(i);
                var box = new FaceBox(b.X * fit.ScaleX - pad, b.Y * fit.ScaleY - pad, b.Width * fit.ScaleX, b.Height * fit.ScaleY);
                if (Math.Min(box.Width, box.Height) * scaleToOriginal < Options.MinFaceSize) continue;
                var k = frame.Candidates.Landmarks(i);
                float sx = fit.ScaleX, sy = fit.ScaleY;
                var landmarks = new Landmarks5(
                    k[0] * sx - pad, k[1] * sy - pad, k[2] * sx - pad, k[3] * sy - pad, k[4] * sx - pad,
                    k[5] * sy - pad, k[6] * sx - pad, k[7] * sy - pad, k[8] * sx - pad, k[9] * sy - pad);
                faces.Add(new DetectedFace(box, landmarks, frame.Candidates.Score(i)));
            }
            return faces;
        }
        finally
        {
            pool.Add(frame);
        }
    }

    private protected static InferenceSession OpenSession(string modelPath, DetectionOptions options) =>
        Models.OnnxSessions.Open(modelPath, options.IntraOpThreads);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var pool in _frames.Values)
            while (pool.TryTake(out var frame)) frame.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>One call's buffers: the network input and outputs wrapped as OrtValues once, and the candidates.</summary>
    private sealed class Frame : IDisposable
    {
        public Frame(DetectorLayout layout, int width, int height)
        {
            Input = new float[3 * width * height];
            InputValues = [OrtValue.CreateTensorValueFromMemory(Input, [1, 3, height, width])];
            var shapes = layout.OutputShapesFor(width, height);
            Outputs = new float[shapes.Length][];
            OutputValues = new OrtValue[Outputs.Length];
            for (var i = 0; i < Outputs.Length; i++)
            {
                var shape = shapes[i];
                long size = 1;
                foreach (var d in shape) size *= d;
                Outputs[i] = new float[size];
                OutputValues[i] = OrtValue.CreateTensorValueFromMemory(Outputs[i], shape);
            }
        }

        public float[] Input { get; }
        public OrtValue[] InputValues { get; }
        public float[][] Outputs { get; }
        public OrtValue[] OutputValues { get; }
        public FaceCandidates Candidates { get; } = new();
        public List<int> Kept { get; } = new(64);

        public void Dispose()
        {
            foreach (var v in InputValues) v.Dispose();
            foreach (var v in OutputValues) v.Dispose();
        }
    }
}

/// <summary>
/// A detector model's input and output layout as read (and checked) from its metadata. InputWidth/InputHeight are the
/// fixed size, or the largest size used when <see cref="DynamicSize"/> (symbolic height and width in the model).
/// </summary>
internal sealed record DetectorLayout(
    string[] InputNames, int InputWidth, int InputHeight, bool DynamicSize, bool Bgr, float Mean, float Std,
    string[] OutputNames, Func<int, int, long[][]> OutputShapesFor);
