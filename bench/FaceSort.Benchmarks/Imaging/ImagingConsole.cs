using System.Diagnostics;
using System.Globalization;
using FaceSort.Core.Imaging;
using FaceSort.Core.Tests.Imaging;

namespace FaceSort.Benchmarks.Imaging;

/// <summary>
/// Imaging measurements that BenchmarkDotNet cannot make: peak resident memory per decode (a fresh process per case),
/// format coverage per library, and decode throughput over ../shared/data. Output is Markdown for docs/imaging.md.
/// </summary>
public static class ImagingConsole
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>imaging-peak: one child process per (library, photo, size); prints a Markdown table of peak RSS.</summary>
    public static int Peak()
    {
        var images = BenchImages.Create();
        foreach (var photo in BenchImages.Photos) images.PhotoPath(photo);
        images.Small250();
        Console.WriteLine("| photo | decode to | " + string.Join(" | ", BenchImages.Libraries) + " |");
        Console.WriteLine("|---|---|" + string.Concat(BenchImages.Libraries.Select(_ => "---|")));
        foreach (var photo in BenchImages.Photos)
        {
            foreach (var limit in new[] { 640, 0 })
            {
                var cells = BenchImages.Libraries.Select(library => RunChild("imaging-peak-one", library, photo, limit.ToString(Inv)));
                Console.WriteLine($"| {photo} | {(limit == 0 ? "full" : "≤" + limit)} | {string.Join(" | ", cells)} |");
            }
        }
        return 0;
    }

    /// <summary>imaging-peak-one LIB PHOTO LIMIT: peak RSS growth over a warmed-up baseline, in MiB.</summary>
    public static int PeakOne(string library, string photo, int limit)
    {
        var images = BenchImages.Create();
        var decoder = BenchImages.Decoder(library);
        decoder.Decode(images.Small250(), 64); // loads the native library and its codecs
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var baseline = process.PeakWorkingSet64;
        var path = images.PhotoPath(photo);
        for (var i = 0; i < 3; i++) decoder.Decode(path, limit == 0 ? int.MaxValue : limit);
        process.Refresh();
        Console.Write(string.Create(Inv, $"{(process.PeakWorkingSet64 - baseline) / 1048576.0:0} (peak {process.PeakWorkingSet64 / 1048576.0:0})"));
        return 0;
    }

    /// <summary>imaging-formats: which formats and variants each library decodes correctly, checked against known pictures.</summary>
    public static int Formats()
    {
        var images = BenchImages.Create();
        var reference = new VipsPhotoDecoder().Decode(images.Format("png"), 1000);
        var reference320 = new VipsPhotoDecoder().Decode(images.Format("png"), 320);
        var heicSource = Path.Combine(BenchImages.SharedData, "ageitgey-people", "obama", "obama_small.jpg");
        var heicReference = new VipsPhotoDecoder().Decode(heicSource, 1000);
        var heic = Path.Combine(BenchImages.RepoRoot, "tests", "fixtures", "imaging", "obama_small.heic");

        var checks = new List<(string Name, Func<IPhotoDecoder, string> Check)>();
        foreach (var f in new[] { "jpg", "png", "webp", "tif", "bmp", "gif", "avif" })
            checks.Add((f.ToUpperInvariant(), d => Same(d, images.Format(f), reference, f == "gif" ? 12 : 6)));
        checks.Add(("GIF animated (frame 1)", d => Same(d, images.AnimatedGif(), reference320, 20)));
        checks.Add(("HEIC (HEVC)", d => Same(d, heic, heicReference, 10)));
        checks.Add(("CMYK JPEG", d => Same(d, images.CmykJpeg(), reference, 12)));
        checks.Add(("16-bit PNG", d => Same(d, images.Png16(), reference, 2)));
        checks.Add(("EXIF orientation 1-8", d => Orientations(d, images)));

        Console.WriteLine("| format | " + string.Join(" | ", BenchImages.Libraries) + " |");
        Console.WriteLine("|---|" + string.Concat(BenchImages.Libraries.Select(_ => "---|")));
        var decoders = BenchImages.Libraries.Select(BenchImages.Decoder).ToList();
        foreach (var (name, check) in checks)
            Console.WriteLine($"| {name} | {string.Join(" | ", decoders.Select(check))} |");
        return 0;
    }

    /// <summary>imaging-throughput LIB PARALLEL: decode every photo under ../shared/data to ≤640 px, twice; reports the second pass.</summary>
    public static int Throughput(string library, int parallel)
    {
        var extensions = new ImagingOptions().Extensions;
        var files = Directory.EnumerateFiles(BenchImages.SharedData, "*", SearchOption.AllDirectories)
            .Where(f => extensions.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal).ToList();
        var decoder = BenchImages.Decoder(library);
        (int Ok, int Failed, long Pixels) pass = default;
        var watch = new Stopwatch();
        for (var round = 0; round < 2; round++)
        {
            int ok = 0, failed = 0;
            long pixels = 0;
            watch.Restart();
            Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = parallel }, file =>
            {
                try
                {
                    var image = decoder.Decode(file, 640);
                    Interlocked.Increment(ref ok);
                    Interlocked.Add(ref pixels, (long)image.Width * image.Height);
                }
                catch (PhotoDecodeException) { Interlocked.Increment(ref failed); }
            });
            watch.Stop();
            pass = (ok, failed, pixels);
        }
        var seconds = watch.Elapsed.TotalSeconds;
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(Inv,
            $"| {library} | {parallel} | {files.Count} | {pass.Failed} | {seconds:0.00} | {files.Count / seconds:0} | {process.PeakWorkingSet64 / 1048576.0:0} |"));
        return 0;
    }

    private static string Same(IPhotoDecoder decoder, string path, RgbImage expected, double tolerance)
    {
        try
        {
            var image = decoder.Decode(path, 1000);
            if ((image.Width, image.Height) != (expected.Width, expected.Height))
                return $"wrong size {image.Width}x{image.Height}";
            var diff = MeanAbsDifference(image, expected);
            return diff <= tolerance ? string.Create(Inv, $"yes (Δ{diff:0.0})") : string.Create(Inv, $"wrong pixels (Δ{diff:0.0})");
        }
        catch (Exception e) when (e is PhotoDecodeException or OpenCvSharp.OpenCVException or InvalidOperationException)
        {
            return "no: " + e.Message.Split('\n')[0];
        }
    }

    private static string Orientations(IPhotoDecoder decoder, TestImageFactory images)
    {
        var right = new List<int>();
        for (var o = 1; o <= 8; o++)
        {
            var image = decoder.Decode(images.Oriented(o), 1000);
            if (image.Width != TestImageFactory.PatternWidth || image.Height != TestImageFactory.PatternHeight) continue;
            int qx = image.Width / 4, qy = image.Height / 4;
            var points = new[] { (qx, qy), (3 * qx, qy), (qx, 3 * qy), (3 * qx, 3 * qy) };
            var good = points.Select((p, i) => Close(image, p.Item1, p.Item2, TestImageFactory.PatternQuadrants[i])).All(b => b);
            if (good) right.Add(o);
        }
        return right.Count == 8 ? "yes (8/8)" : $"no: right for {string.Join(",", right)} only";
    }

    private static bool Close(RgbImage image, int x, int y, byte[] rgb)
    {
        var p = image.Row(y).Slice(x * 3, 3);
        return Math.Abs(p[0] - rgb[0]) <= 24 && Math.Abs(p[1] - rgb[1]) <= 24 && Math.Abs(p[2] - rgb[2]) <= 24;
    }

    private static double MeanAbsDifference(RgbImage a, RgbImage b)
    {
        long sum = 0;
        for (var i = 0; i < a.Pixels.Length; i++) sum += Math.Abs(a.Pixels[i] - b.Pixels[i]);
        return (double)sum / a.Pixels.Length;
    }

    private static string RunChild(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(typeof(ImagingConsole).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        var error = child.StandardError.ReadToEnd();
        child.WaitForExit();
        return child.ExitCode == 0 ? output.Trim() : "failed: " + error.Split('\n')[0];
    }
}
