using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaceSort.Core.Embedding;
using FaceSort.Core.Evaluation;
using FaceSort.Core.Imaging;
using FaceSort.Core.Library;
using FaceSort.Core.Models;
using FaceSort.Core.Pipeline;

namespace FaceSort.Benchmarks.Embedding;

/// <summary>
/// Checks the embedder's preprocessing against labelled photos: same-person pairs must score clearly higher than
/// different-person pairs. Run as
/// <c>dotnet run -c Release --project bench/FaceSort.Benchmarks -- embedding-check [--stretch P,…] [STD…] -- DIR…</c>
/// (default std 127.5 and 128, the product's contrast stretch); prints, per set, std and stretch, the two cosine
/// distributions, their separation d′, the ROC AUC, the equal-error threshold and the share of same-person pairs
/// accepted where 1 in 1,000 different-person pairs is. Output is a Markdown table for docs/embedding.md.
/// </summary>
internal static class EmbeddingCheck
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        var stretches = new List<float> { new EmbeddingOptions().ContrastStretchPercent };
        if (args.Length > 1 && args[0] == "--stretch")
        {
            stretches = [.. args[1].Split(',').Select(a => float.Parse(a, Inv))];
            args = args[2..];
        }
        var split = Array.IndexOf(args, "--");
        var stds = (split < 0 ? [] : args[..split]).Select(a => float.Parse(a, Inv)).DefaultIfEmpty(127.5f).ToList();
        if (split < 0) stds.Add(128f);
        var dirs = split < 0 ? args : args[(split + 1)..];
        Console.WriteLine("| set | std | stretch % | scored faces | same pairs | same cos mean ± sd | different pairs | different cos mean ± sd | d′ | AUC | EER | EER threshold | same accepted at 1/1,000 false |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|---:|---|---:|---:|---:|---:|---:|");
        foreach (var dir in dirs)
            foreach (var std in stds)
                foreach (var stretch in stretches)
                    Console.WriteLine(Row(Path.GetFullPath(dir), std, stretch));
        return 0;
    }

    private static string Row(string dir, float std, float stretch)
    {
        var work = Directory.CreateTempSubdirectory("facesort-embedding-check-");
        try
        {
            var models = WithStd(work.FullName, std);
            var database = LibraryDatabase.Open(Path.Combine(work.FullName, "library"));
            using (var set = new ModelSet(models, embedding: new EmbeddingOptions { ContrastStretchPercent = stretch }))
            {
                var scan = new ScanService(database, new VipsPhotoDecoder(), set.Detector, set.Aligner, set.Embedder);
                scan.ScanAsync([dir]).GetAwaiter().GetResult();
            }
            var (faces, _) = LibraryEmbeddingSet.Build(new PhotoStore(database), new FaceStore(database), dir);
            var same = new List<float>();
            var different = new List<float>();
            var scored = faces.ScoredFaces;
            for (var i = 0; i < scored.Length; i++)
            {
                if (scored[i] < 0) continue;
                for (var j = i + 1; j < scored.Length; j++)
                {
                    if (scored[j] < 0) continue;
                    var cos = System.Numerics.Tensors.TensorPrimitives.Dot(faces.Faces.Row(scored[i]), faces.Faces.Row(scored[j]));
                    (faces.Truth[i] == faces.Truth[j] ? same : different).Add(cos);
                }
            }
            var (ms, ss) = MeanSd(same);
            var (md, sd) = MeanSd(different);
            var dPrime = (ms - md) / Math.Sqrt((ss * ss + sd * sd) / 2);
            var (eer, threshold) = EqualError(same, different);
            return string.Create(Inv, $"| {Path.GetFileName(dir)} | {std} | {stretch} | {scored.Count(s => s >= 0)} | {same.Count} | {ms:0.000} ± {ss:0.000} | {different.Count} | {md:0.000} ± {sd:0.000} | {dPrime:0.00} | {Auc(same, different):0.0000} | {eer:0.000} | {threshold:0.000} | {AcceptedAt(same, different, 0.001):0.000} |");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            work.Delete(recursive: true);
        }
    }

    /// <summary>A copy of the bundled models directory whose manifest divides by <paramref name="std"/>.</summary>
    private static ModelDirectory WithStd(string work, float std)
    {
        var dir = Path.Combine(work, "models");
        Directory.CreateDirectory(dir);
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Models))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, ModelDirectory.ManifestFileName)))!;
        manifest["embedder"]!["std"] = std;
        File.WriteAllText(Path.Combine(dir, ModelDirectory.ManifestFileName), manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return ModelDirectory.Open(dir);
    }

    private static (double Mean, double Sd) MeanSd(List<float> values)
    {
        if (values.Count == 0) return (double.NaN, double.NaN);
        var mean = values.Average(v => (double)v);
        return (mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count));
    }

    /// <summary>Probability that a random same-person pair scores above a random different-person pair.</summary>
    private static double Auc(List<float> same, List<float> different)
    {
        var sorted = different.Order().ToArray();
        double wins = 0;
        foreach (var s in same)
        {
            var below = LowerBound(sorted, s);
            var upTo = UpperBound(sorted, s);
            wins += below + 0.5 * (upTo - below);
        }
        return wins / ((double)same.Count * different.Count);
    }

    /// <summary>Share of same-person pairs at or above the similarity that <paramref name="falseAccept"/> of the
    /// different-person pairs reach: what a threshold strict enough for clustering keeps.</summary>
    private static double AcceptedAt(List<float> same, List<float> different, double falseAccept)
    {
        var d = different.Order().ToArray();
        var threshold = d[Math.Clamp((int)Math.Ceiling(d.Length * (1 - falseAccept)), 0, d.Length - 1)];
        return (double)same.Count(s => s >= threshold) / same.Count;
    }

    /// <summary>The threshold where false accepts equal false rejects, and that error rate.</summary>
    private static (double Eer, double Threshold) EqualError(List<float> same, List<float> different)
    {
        var s = same.Order().ToArray();
        var d = different.Order().ToArray();
        var best = (Gap: double.MaxValue, Eer: 0.0, T: 0.0);
        for (var t = -1.0; t <= 1.0; t += 0.0025)
        {
            var falseReject = (double)LowerBound(s, (float)t) / s.Length;
            var falseAccept = 1 - (double)LowerBound(d, (float)t) / d.Length;
            var gap = Math.Abs(falseReject - falseAccept);
            if (gap < best.Gap) best = (gap, (falseReject + falseAccept) / 2, t);
        }
        return (best.Eer, best.T);
    }

    private static int LowerBound(float[] sorted, float value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static int UpperBound(float[] sorted, float value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] <= value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
