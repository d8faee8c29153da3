using BenchmarkDotNet.Running;
using FaceSort.Benchmarks.Clustering;
using FaceSort.Benchmarks.Detection;

// Measurement runners that are not BenchmarkDotNet timings go first; see each runner's summary for its sub-commands.
if (args.Length > 0 && args[0] == "cluster-eval") return ClusterEval.Run(args[1..]);
if (args.Length > 0 && args[0] == "incremental-bench") return FaceSort.Benchmarks.Recognition.IncrementalBench.Run(args[1..]);
if (args.Length > 0 && args[0] == "detection-eval") return DetectionEval.Run(args[1..]);

// Each benchmark class is named after the choice it settles; run one with --filter '*ClassName*'.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
