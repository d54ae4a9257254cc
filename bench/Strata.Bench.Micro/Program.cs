using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Strata.Bench.Micro -- --filter '*'
// A quick check that everything runs: add --job dry (one iteration each, no statistics).
BenchmarkSwitcher.FromAssembly(typeof(Strata.Bench.Micro.BenchSchema).Assembly).Run(args);
