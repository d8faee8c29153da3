using System.Globalization;
using System.Xml.Linq;
using FaceSort.Core.Detection;
using FaceSort.Core.Imaging;
using FaceSort.Core.Models;

namespace FaceSort.Benchmarks.Detection;

/// <summary>
/// Measurements behind docs/detection.md, run as
/// <c>dotnet run -c Release --project bench/FaceSort.Benchmarks -- detection-eval &lt;pr|counts|dump|padding&gt; [args]</c>
/// from the repository root (data from ../shared/data, models from models/).
/// </summary>
internal static class DetectionEval
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static string Data => RepoPaths.SharedData;

    public static int Run(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "";
        var rest = args.Length > 1 ? args[1..] : [];
        switch (mode)
        {
            case "pr": PrecisionRecall(rest); return 0;
            case "counts": Counts(rest); return 0;
            case "padding": Padding(rest.Length > 0 ? int.Parse(rest[0], Inv) : 1); return 0; // argument: side to upscale the 112 px crops to
            case "dump": Dump(rest); return 0;
            case "model-info": ModelInfo(rest[0]); return 0;
            case "warp-check": WarpCheck(); return 0;
            case "turns": Turns(rest); return 0;
            default:
                Console.Error.WriteLine("detection-eval pr [iou] | counts [minScore] | padding | dump [--scrfd PATH] [--min-score S] FILE...");
                return 2;
        }
    }

    /// <summary>
    /// Per photo (each turned by 0–3 quarter turns first, as a scan with the orientation lost would see it): the faces
    /// the detector finds in each of the four turns of what it is given, without the turned-photo retry. Prints
    /// <c>file  given_turn  turn  count  best  sum</c> per line, for docs/detection.md's "Turned photos".
    /// <c>--scrfd PATH</c> first: that model instead of the bundled YuNet.
    /// </summary>
    private static void Turns(string[] args)
    {
        var decoder = new VipsPhotoDecoder();
        var options = new DetectionOptions { TurnedPhotoScore = 0 };
        using IFaceDetector detector = args.Length > 1 && args[0] == "--scrfd" ? new ScrfdDetector(args[1], options) : Yunet(options);
        var files = args.Length > 1 && args[0] == "--scrfd" ? args[2..] : args;
        var paths = files.SelectMany<string, string>(f => Directory.Exists(f)
            ? Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories).Where(p => !p.EndsWith(".xml") && !p.EndsWith(".md") && !p.EndsWith(".txt")).Order()
            : [f]);
        foreach (var path in paths)
        {
            DecodedPhoto photo;
            try { photo = decoder.Load(path, 640); }
            catch (PhotoDecodeException) { continue; }
            for (var given = 0; given < 4; given++)
            {
                var input = new QuarterTurn(given).Apply(photo.Image);
                for (var turn = 0; turn < 4; turn++)
                {
                    var found = detector.Detect(new QuarterTurn(turn).Apply(input), photo.ScaleToOriginal);
                    Console.WriteLine(string.Create(Inv,
                        $"{path}\t{given}\t{turn}\t{found.Count}\t{(found.Count == 0 ? 0 : found.Max(f => f.Score)):0.000}\t{found.Sum(f => f.Score):0.000}"));
                }
            }
        }
    }

    private static IFaceDetector Yunet(DetectionOptions options) =>
        FaceDetectorFactory.Create(ModelDirectory.Open(RepoPaths.Models), options);

    private static (RgbImage Image, float ScaleToOriginal) Load(VipsPhotoDecoder decoder, string path, int maxSide = 2048)
    {
        var header = decoder.ReadHeader(path);
        var image = decoder.Decode(path, maxSide);
        return (image, (float)Math.Max(header.Width, header.Height) / Math.Max(image.Width, image.Height));
    }

    /// <summary>dlib-faces training.xml + testing.xml: precision and recall of YuNet against hand boxes per score threshold.</summary>
    private static void PrecisionRecall(string[] args)
    {
        var iouMatch = args.Length > 0 ? float.Parse(args[0], Inv) : 0.4f;
        var decoder = new VipsPhotoDecoder();
        var all = new DetectionOptions { MinScore = 0.1f, MinFaceSize = 0 };
        using var detector = args.Length > 2 && args[1] == "--scrfd" ? new ScrfdDetector(args[2], all) : Yunet(all);
        Console.WriteLine($"model {detector.ModelId}");
        var truths = new List<(string File, List<FaceBox> Boxes)>();
        foreach (var xml in new[] { "training.xml", "testing.xml" })
        {
            foreach (var image in XDocument.Load(Path.Combine(Data, "dlib-faces", xml)).Descendants("image"))
            {
                var boxes = image.Elements("box").Where(b => (string?)b.Attribute("ignore") != "1").Select(b => new FaceBox(
                    float.Parse((string)b.Attribute("left")!, Inv), float.Parse((string)b.Attribute("top")!, Inv),
                    float.Parse((string)b.Attribute("width")!, Inv), float.Parse((string)b.Attribute("height")!, Inv))).ToList();
                truths.Add(((string)image.Attribute("file")!, boxes));
            }
        }
        var totalTruth = truths.Sum(t => t.Boxes.Count);
        var bestIous = new List<float>();
        // Greedy matching per threshold: detections best first take the unmatched truth box with the highest IoU.
        var perImage = truths.Select(t => (t.Boxes, Faces: detector.Detect(decoder.Decode(Path.Combine(Data, "dlib-faces", t.File), 4096)))).ToList();
        foreach (var (boxes, faces) in perImage)
            foreach (var b in boxes)
                bestIous.Add(faces.Count == 0 ? 0 : faces.Max(f => f.Box.IntersectionOverUnion(b)));
        Console.WriteLine($"dlib-faces: {truths.Count} photos, {totalTruth} hand boxes; match = IoU >= {iouMatch.ToString(Inv)} (greedy, best score first)");
        bestIous.Sort();
        Console.WriteLine($"best IoU per truth box at score>=0.1: min {bestIous[0]:0.00}, p10 {bestIous[bestIous.Count / 10]:0.00}, median {bestIous[bestIous.Count / 2]:0.00}");
        Console.WriteLine("| min score | detections | true pos. | false pos. | missed | precision | recall | F1 |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        float[] thresholds = [0.3f, 0.4f, 0.5f, 0.6f, 0.65f, 0.7f, 0.75f, 0.8f, 0.85f, 0.86f, 0.87f, 0.88f, 0.89f, 0.9f, 0.95f];
        foreach (var t in thresholds)
        {
            int tp = 0, fp = 0;
            foreach (var (boxes, faces) in perImage)
            {
                var used = new bool[boxes.Count];
                foreach (var f in faces.Where(f => f.Score >= t))
                {
                    var best = -1;
                    var bestIou = iouMatch;
                    for (var i = 0; i < boxes.Count; i++)
                    {
                        var iou = f.Box.IntersectionOverUnion(boxes[i]);
                        if (!used[i] && iou >= bestIou) { best = i; bestIou = iou; }
                    }
                    if (best >= 0) { used[best] = true; tp++; } else fp++;
                }
            }
            var precision = tp + fp == 0 ? 1 : (double)tp / (tp + fp);
            var recall = (double)tp / totalTruth;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            Console.WriteLine(string.Format(Inv, "| {0:0.00} | {1} | {2} | {3} | {4} | {5:0.000} | {6:0.000} | {7:0.000} |",
                t, tp + fp, tp, fp, totalTruth - tp, precision, recall, f1));
        }
    }

    /// <summary>Face counts per photo on group/edge sets and the share of labelled person photos with at least one face.</summary>
    private static void Counts(string[] args)
    {
        var options = new DetectionOptions();
        if (args.Length > 0) options = options with { MinScore = float.Parse(args[0], Inv) };
        Console.WriteLine($"MinScore {options.MinScore?.ToString(Inv) ?? "model default"}, MinFaceSize {options.MinFaceSize}, padding {options.TightCropPadding.ToString(Inv)} {options.TightCropBorder}");
        var decoder = new VipsPhotoDecoder();
        using var detector = Yunet(options);
        foreach (var folder in new[] { "faceapi-bbt/group", "ageitgey-people/group", "ageitgey-people/edge", "dlib-faces" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(Data, folder)).Where(IsPhoto).Order(StringComparer.Ordinal))
            {
                var (image, scale) = Load(decoder, file);
                var faces = detector.Detect(image, scale);
                Console.WriteLine($"| {folder}/{Path.GetFileName(file)} | {faces.Count} | {string.Join(" ", faces.Select(f => f.Score.ToString("0.00", Inv)))} |");
            }
        }
        Console.WriteLine("| set | labelled photos | with >= 1 face | share | with > 1 face |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var set in new[] { "lfw", "celeb5", "glint12", "faceapi-bbt" })
        {
            int total = 0, found = 0, many = 0;
            foreach (var person in Directory.GetDirectories(Path.Combine(Data, set)).Where(d => !d.EndsWith("group", StringComparison.Ordinal)))
            {
                foreach (var file in Directory.GetFiles(person).Where(IsPhoto))
                {
                    var (image, scale) = Load(decoder, file);
                    var n = detector.Detect(image, scale).Count;
                    total++;
                    if (n >= 1) found++;
                    if (n > 1) many++;
                }
            }
            Console.WriteLine(string.Format(Inv, "| {0} | {1} | {2} | {3:0.0%} | {4} |", set, total, found, (double)found / total, many));
        }
    }

    /// <summary>glint12 tight crops: share found with no retry, black border and replicated border, per padding fraction.</summary>
    private static void Padding(int upscale)
    {
        var files = Directory.GetDirectories(Path.Combine(Data, "glint12")).SelectMany(Directory.GetFiles).Where(IsPhoto).Order(StringComparer.Ordinal).ToList();
        // Upscaled copies stand for tight crops as large as the network input (a face filling a 560 px frame).
        var images = files.Select(f =>
        {
            using var loaded = NetVips.Image.NewFromFile(f);
            using var rgb = loaded.Bands > 3 ? loaded.ExtractBand(0, 3) : loaded.Copy();
            using var big = upscale > 1 ? rgb.Resize(upscale / 112.0, kernel: NetVips.Enums.Kernel.Linear) : rgb.Copy();
            return new RgbImage(big.Width, big.Height, big.WriteToMemory<byte>());
        }).ToList();
        Console.WriteLine($"glint12: {images.Count} crops, resized to {images[0].Width}x{images[0].Height}");
        Console.WriteLine("| padding | border | with >= 1 face | share | mean best score |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var pad in new[] { 0f, 0.1f, 0.25f })
        {
            foreach (var border in pad == 0 ? [TightCropBorder.Black] : new[] { TightCropBorder.Black, TightCropBorder.Replicate })
            {
                using var detector = Yunet(new DetectionOptions { TightCropPadding = pad, TightCropBorder = border });
                var found = 0;
                double scoreSum = 0;
                var missed = new List<string>();
                for (var i = 0; i < images.Count; i++)
                {
                    var faces = detector.Detect(images[i]);
                    if (faces.Count == 0) missed.Add(Path.GetRelativePath(Data, files[i]));
                    if (faces.Count == 0) continue;
                    found++;
                    scoreSum += faces[0].Score;
                }
                Console.WriteLine(string.Format(Inv, "| {0:0.00} | {1} | {2} | {3:0.0%} | {4:0.000} |",
                    pad, pad == 0 ? "-" : border, found, (double)found / images.Count, found == 0 ? 0 : scoreSum / found));
                Console.Error.WriteLine($"missed at {pad} {border}: {string.Join(" ", missed)}");
            }
        }
    }

    /// <summary>Our aligner against OpenCV's warpAffine (bilinear, constant 0 border) on every face of the bbt group photos.</summary>
    private static void WarpCheck()
    {
        var decoder = new VipsPhotoDecoder();
        using var detector = Yunet(new DetectionOptions());
        var aligner = new FaceSort.Core.Alignment.ArcFaceAligner();
        var ours = new byte[112 * 112 * 3];
        int faces = 0, worst = 0;
        long sum = 0, count = 0;
        for (var i = 1; i <= 5; i++)
        {
            var image = decoder.Decode(Path.Combine(Data, "faceapi-bbt", "group", $"bbt{i}.jpg"), 4096);
            using var mat = OpenCvSharp.Mat.FromPixelData(image.Height, image.Width, OpenCvSharp.MatType.CV_8UC3, image.Pixels);
            foreach (var face in detector.Detect(image))
            {
                var t = FaceSort.Core.Alignment.SimilarityTransform.ToArcFaceTemplate(face.Landmarks);
                if (t.Scale < 0.5) continue; // supersampled on our side: a different filter by design
                aligner.Align(image, face.Landmarks, ours);
                using var m = new OpenCvSharp.Mat(2, 3, OpenCvSharp.MatType.CV_64FC1);
                m.Set(0, 0, t.A); m.Set(0, 1, -t.B); m.Set(0, 2, t.Tx);
                m.Set(1, 0, t.B); m.Set(1, 1, t.A); m.Set(1, 2, t.Ty);
                using var theirs = new OpenCvSharp.Mat();
                OpenCvSharp.Cv2.WarpAffine(mat, theirs, m, new OpenCvSharp.Size(112, 112), OpenCvSharp.InterpolationFlags.Linear,
                    OpenCvSharp.BorderTypes.Constant, OpenCvSharp.Scalar.All(0));
                theirs.GetArray(out OpenCvSharp.Vec3b[] px);
                for (var k = 0; k < px.Length; k++)
                    for (var c = 0; c < 3; c++)
                    {
                        var d = Math.Abs(ours[3 * k + c] - px[k][c]);
                        worst = Math.Max(worst, d);
                        sum += d;
                        count++;
                    }
                faces++;
            }
        }
        Console.WriteLine(string.Format(Inv, "{0} faces: max |ours - warpAffine| = {1} grey levels, mean {2:0.000}", faces, worst, (double)sum / count));
    }

    /// <summary>Inputs and outputs of an ONNX model as ONNX Runtime reports them (-1 = dynamic).</summary>
    private static void ModelInfo(string path)
    {
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(path);
        foreach (var (name, m) in session.InputMetadata)
            Console.WriteLine($"input  {name} [{string.Join(", ", m.Dimensions)}] ({string.Join(", ", m.SymbolicDimensions)})");
        foreach (var (name, m) in session.OutputMetadata)
            Console.WriteLine($"output {name} [{string.Join(", ", m.Dimensions)}]");
    }

    /// <summary>TSV of detections (file, score, box, landmarks) in the decoded photo's pixels, for comparison with OpenCV.</summary>
    private static void Dump(string[] args)
    {
        var options = new DetectionOptions { TightCropPadding = 0 };
        string? scrfd = null;
        string? pngDir = null;
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--scrfd") scrfd = args[++i];
            else if (args[i] == "--png") pngDir = args[++i];
            else if (args[i] == "--min-score") options = options with { MinScore = float.Parse(args[++i], Inv) };
            else files.Add(args[i]);
        }
        var decoder = new VipsPhotoDecoder();
        using IFaceDetector detector = scrfd is null ? Yunet(options) : new ScrfdDetector(scrfd, options);
        foreach (var file in files)
        {
            var (image, scale) = Load(decoder, file);
            var found = detector.Detect(image, scale);
            if (pngDir is not null) AnnotatedPng.Write(image, found, Path.Combine(pngDir, Path.GetFileNameWithoutExtension(file) + ".png"));
            foreach (var f in found)
            {
                var values = new List<float> { f.Score, f.Box.X, f.Box.Y, f.Box.Width, f.Box.Height };
                for (var k = 0; k < 5; k++) { values.Add(f.Landmarks[k].X); values.Add(f.Landmarks[k].Y); }
                Console.WriteLine(file + "\t" + string.Join("\t", values.Select(v => v.ToString("0.###", Inv))));
            }
        }
    }

    private static bool IsPhoto(string path) =>
        path.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ||
        path.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase);
}
