using BenchmarkDotNet.Running;

// Each benchmark class is named after the choice it settles; run one with --filter '*ClassName*'.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
