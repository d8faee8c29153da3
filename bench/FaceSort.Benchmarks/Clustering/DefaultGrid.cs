using System.Globalization;
using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;
using FaceSort.Core.Recognition;

namespace FaceSort.Benchmarks.Clustering;

/// <summary>
/// <c>default-grid FILE.tsv... [--merge FROM:TO:STEP] [--bar FROM:TO:STEP] [--recognition S] [--strictness K] [--cohesion C] [--small N] [--anchor N] [--sample N] [--shots S]</c>: the default method
/// over a grid of its two tuned constants (merge distance × nearest-faces bar), one TSV row per set and point, so both
/// can be chosen together on a tuning set (docs/clustering.md) and read off on the others.
/// </summary>
internal static class DefaultGrid
{
    public static int Run(string[] args)
    {
        var files = new List<string>();
        (float From, float To, float Step) merge = (0.55f, 0.75f, 0.025f), bar = (0.28f, 0.42f, 0.01f);
        float? recognition = null, strictness = null, cohesion = null, shots = null;
        int? small = null, anchor = null, sample = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--merge") merge = Range(args[++i]);
            else if (args[i] == "--bar") bar = Range(args[++i]);
            else if (args[i] == "--recognition") recognition = float.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--strictness") strictness = float.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--cohesion") cohesion = float.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--small") small = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--anchor") anchor = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--shots") shots = float.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--sample") sample = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else files.Add(args[i]);
        }
        Console.WriteLine("set\tmerge\tbar\tpair_p\tpair_r\tpair_f1\tclusters\tunassigned");
        foreach (var file in files)
        {
            var set = EmbeddingSetFile.Load(file);
            var name = Path.GetFileNameWithoutExtension(file);
            foreach (float m in ClusteringMethods.Range(merge.From, merge.To, merge.Step))
                foreach (float b in ClusteringMethods.Range(bar.From, bar.To, bar.Step))
                {
                    var defaults = new RecognitionOptions();
                    var options = new FaceSortOptions(MergeDistance: m, Recognition: defaults with
                    {
                        NearestFacesSimilarity = b,
                        MinSimilarity = recognition ?? defaults.MinSimilarity,
                    });
                    if (strictness is { } s) options = options with { Strictness = s };
                    if (cohesion is { } c) options = options with { CohesionShare = c };
                    if (small is { } sc) options = options with { SmallCluster = sc };
                    if (anchor is { } an) options = options with { AnchorSize = an };
                    if (sample is { } sa) options = options with { MaxSample = sa };
                    if (shots is { } sh) options = options with { ShotSimilarity = sh };
                    var x = ClusteringEvaluator.Evaluate(set, new FaceSortClusterer(options));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{name}\t{m:0.###}\t{b:0.###}\t{x.PairwisePrecision:0.0000}\t{x.PairwiseRecall:0.0000}\t{x.PairwiseF1:0.0000}\t{x.Clusters}\t{x.UnassignedShare:0.000}"));
                }
        }
        return 0;
    }

    private static (float, float, float) Range(string text)
    {
        var p = text.Split(':').Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        return (p[0], p[1], p[2]);
    }
}
