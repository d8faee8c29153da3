using System.Globalization;
using BenchmarkDotNet.Running;
using FaceSort.Benchmarks.Clustering;
using FaceSort.Benchmarks.Detection;
using FaceSort.Benchmarks.Imaging;

// Console measurements that are not BenchmarkDotNet runs go first (peak memory needs a fresh process per case).
switch (args.FirstOrDefault())
{
    case "cluster-eval": return ClusterEval.Run(args[1..]);
    case "cluster-scale": return ClusterScale.Run(args[1..]);
    case "default-grid": return DefaultGrid.Run(args[1..]);
    case "real-in-crowd": return RealInCrowd.Run(args[1..]);
    case "cluster-dump": return ClusterEval.Dump(args[1], args[2], args.Length > 3 ? args[3] : null);
    // cluster-labels FILE METHOD KNOB OUT: labels at one knob value with no constraints at all (for a reference library).
    case "cluster-labels": return ClusterEval.Dump(args[1], args[2], args[4], float.Parse(args[3], CultureInfo.InvariantCulture), constraints: false);
    case "kmeans-curves": return KMeansCurves.Run(args[1..]);
    case "cluster-scale-plot": return ScalePlot.Run(args[1..]);
    case "detection-eval": return DetectionEval.Run(args[1..]);
    case "embedding-check": return FaceSort.Benchmarks.Embedding.EmbeddingCheck.Run(args[1..]);
    case "imaging-peak": return ImagingConsole.Peak();
    case "imaging-peak-one": return ImagingConsole.PeakOne(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
    case "imaging-formats": return ImagingConsole.Formats();
    case "imaging-throughput": return ImagingConsole.Throughput(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
    case "incremental-bench": return FaceSort.Benchmarks.Recognition.IncrementalBench.Run(args[1..]);
    case "classifier-check": return FaceSort.Benchmarks.Suggestions.ClassifierCheck.Run(args[1..]);
    case "suggest-bench": return FaceSort.Benchmarks.Suggestions.SuggestBench.Run(args[1..]);
    case "recovery-check": return FaceSort.Benchmarks.Suggestions.RecoveryCheck.Run(args[1..]);
}

// Each benchmark class is named after the choice it settles; run one with --filter '*ClassName*'.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
