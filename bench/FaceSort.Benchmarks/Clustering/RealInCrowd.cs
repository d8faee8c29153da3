using System.Diagnostics;
using System.Globalization;
using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;

namespace FaceSort.Benchmarks.Clustering;

/// <summary>
/// <c>real-in-crowd FILE.tsv --crowd N [--exact | --probes P] [--reference-people P] [--strangers PCT]</c>: the real labelled faces of FILE inside a library of N other
/// faces (<see cref="SyntheticFaces"/>: people of about ten photos each, a different seed from the scale benchmark).
/// Real collections here stop at 1,717 faces, so the approximate kNN graph (used beyond
/// <see cref="KnnGraph.ExactLimit"/>) was never checked on real faces; this puts real people where it is used and
/// reports, for the real faces only: the graph's recall against an exact scan (all k, and the edges at least as
/// similar as the base merge threshold), the default's pairwise scores, and how many real faces share a cluster with
/// a crowd face (and how many crowd faces share one with a real face). <c>--exact</c> forces the exact graph for comparison.
/// </summary>
internal static class RealInCrowd
{
    public static int Run(string[] args)
    {
        string file = args[0];
        int crowd = 100_000;
        bool exact = false;
        int? probes = null, referencePeople = null;
        int strangerPercent = 0;
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] == "--crowd") crowd = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--exact") exact = true;
            else if (args[i] == "--strangers") strangerPercent = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--reference-people") referencePeople = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--probes") probes = int.Parse(args[++i], CultureInfo.InvariantCulture);
        }
        var real = EmbeddingSetFile.Load(file);
        int r = real.Faces.Count, d = real.Faces.Dimension, n = r + crowd;
        // The crowd: people of about ten photos, then (--strangers) faces seen once, each a random direction.
        int strangers = crowd * strangerPercent / 100;
        var others = SyntheticFaces.Generate(crowd - strangers, d, seed: 9).Embeddings;
        var strangerData = new float[(long)strangers * d];
        var rng = new Random(10);
        for (int i = 0; i < strangers; i++) SyntheticFaces.Unit(strangerData.AsSpan(i * d, d), rng, default, 0);
        var data = new float[(long)n * d];
        real.Faces.Data.CopyTo(data, 0);
        others.Data.CopyTo(data, (long)r * d);
        strangerData.CopyTo(data, (long)(r + crowd - strangers) * d);
        var all = new EmbeddingMatrix(n, d, data);
        int firstPhoto = real.PhotoOfFace.Length == 0 ? 0 : real.PhotoOfFace.Max() + 1;
        var photo = real.PhotoOfFace.Concat(Enumerable.Range(firstPhoto, crowd)).ToArray();
        var quality = real.Quality.Concat(Enumerable.Repeat(1f, crowd)).ToArray();
        var set = real with { Faces = all, PhotoOfFace = photo, Quality = quality };

        var clusterer = new FaceSortClusterer(referencePeople is { } rp
            ? new FaceSortOptions(Recognition: new FaceSort.Core.Recognition.RecognitionOptions(NearestFacesReferencePeople: rp))
            : null);
        var clock = Stopwatch.StartNew();
        var graph = exact ? KnnGraph.Exact(all, clusterer.Options.Neighbours)
            : probes is { } p ? KnnGraph.Approximate(all, clusterer.Options.Neighbours, new IvfOptions(Probes: p))
            : clusterer.BuildGraph(all);
        double knnSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var assignment = clusterer.Cluster(new ClusteringInput(all, photo, quality), graph);
        double mergeSeconds = clock.Elapsed.TotalSeconds;
        var metrics = ClusteringEvaluator.Score(set, assignment, knnSeconds + mergeSeconds);

        var crowdClusters = new HashSet<int>();
        for (int i = r; i < n; i++) if (assignment.Labels[i] >= 0) crowdClusters.Add(assignment.Labels[i]);
        int mixed = 0;
        foreach (int face in real.ScoredFaces)
            if (face >= 0 && assignment.Labels[face] >= 0 && crowdClusters.Contains(assignment.Labels[face])) mixed++;
        var realClusters = new HashSet<int>();
        for (int i = 0; i < r; i++) if (assignment.Labels[i] >= 0) realClusters.Add(assignment.Labels[i]);
        int crowdInReal = 0;
        for (int i = r; i < n; i++) if (assignment.Labels[i] >= 0 && realClusters.Contains(assignment.Labels[i])) crowdInReal++;
        int strangersInReal = 0, strangersPlaced = 0;
        for (int i = n - strangers; i < n; i++)
        {
            if (assignment.Labels[i] < 0) continue;
            strangersPlaced++;
            if (realClusters.Contains(assignment.Labels[i])) strangersInReal++;
        }
        var recall = KnnRecall.Measure(all, graph, [.. Enumerable.Range(0, r)], 1 - clusterer.Options.MergeDistance);
        var (atK, close) = (recall.AtK, recall.Close);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileNameWithoutExtension(file)}\tcrowd={crowd}\tgraph={(exact ? "exact" : probes is { } pr ? $"ivf-{pr}" : n > KnnGraph.ExactLimit ? "ivf" : "exact")}\trecall@{graph.K}={atK:0.000}\tmergeable={close:0.000}\tP={metrics.PairwisePrecision:0.000}\tR={metrics.PairwiseRecall:0.000}\tF1={metrics.PairwiseF1:0.000}\treal_faces_with_crowd={mixed}\tcrowd_faces_with_real={crowdInReal}\tstrangers={strangers}\tstrangers_placed={strangersPlaced}\tstrangers_with_real={strangersInReal}\tknn_s={knnSeconds:0.0}\tmerge_s={mergeSeconds:0.0}"));
        return 0;
    }
}
