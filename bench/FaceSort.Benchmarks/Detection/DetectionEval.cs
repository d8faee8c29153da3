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
    private static string Data => Path.GetFullPath(Path.Combine("..", "shared", "data"));

    public static int Run(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "";
        var rest = args.Length > 1 ? args[1..] : [];
        switch (mode)
        {
            case "pr": PrecisionRecall(rest); return 0;
            case "counts": Counts(rest); return 0;
            case "padding": Padding(); return 0;
            case "dump": Dump(rest); return 0;
            default:
                Console.Error.WriteLine("detection-eval pr [iou] | counts [minScore] | padding | dump [--scrfd PATH] [--min-score S] FILE...");
                return 2;
        }
    }

    private static IFaceDetector Yunet(DetectionOptions options) =>
        FaceDetectorFactory.Create(ModelDirectory.Open("models"), options);

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
        using var detector = Yunet(new DetectionOptions { MinScore = 0.1f, MinFaceSize = 0 });
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
        var all = new List<(float Score, bool Matched)>();
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
        for (var t = 0.3f; t < 0.951f; t += 0.05f)
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
        Console.WriteLine($"MinScore {options.MinScore.ToString(Inv)}, MinFaceSize {options.MinFaceSize}, padding {options.TightCropPadding.ToString(Inv)} {options.TightCropBorder}");
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
    private static void Padding()
    {
        var decoder = new VipsPhotoDecoder();
        var files = Directory.GetDirectories(Path.Combine(Data, "glint12")).SelectMany(Directory.GetFiles).Where(IsPhoto).Order(StringComparer.Ordinal).ToList();
        var images = files.Select(f => decoder.Decode(f, 2048)).ToList();
        Console.WriteLine($"glint12: {images.Count} crops");
        Console.WriteLine("| padding | border | with >= 1 face | share | mean best score |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var pad in new[] { 0f, 0.1f, 0.25f, 0.5f })
        {
            foreach (var border in pad == 0 ? [TightCropBorder.Black] : new[] { TightCropBorder.Black, TightCropBorder.Replicate })
            {
                using var detector = Yunet(new DetectionOptions { TightCropPadding = pad, TightCropBorder = border });
                var found = 0;
                double scoreSum = 0;
                foreach (var image in images)
                {
                    var faces = detector.Detect(image);
                    if (faces.Count == 0) continue;
                    found++;
                    scoreSum += faces[0].Score;
                }
                Console.WriteLine(string.Format(Inv, "| {0:0.00} | {1} | {2} | {3:0.0%} | {4:0.000} |",
                    pad, pad == 0 ? "-" : border, found, (double)found / images.Count, found == 0 ? 0 : scoreSum / found));
            }
        }
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
