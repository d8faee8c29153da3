using BenchmarkDotNet.Attributes;
using FaceSort.Core.Detection;
using OpenCvSharp;
using OpenCvSharp.Dnn;

namespace FaceSort.Benchmarks.Detection;

/// <summary>
/// Settles whether our NMS (flat arrays, one key sort, no allocation) is worth having over OpenCV's NMSBoxes or a naive
/// LINQ version. 400 candidates around 20 faces, about what YuNet yields above a 0.3 score on a crowded photo.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class HandNmsVsOpenCv
{
    private readonly FaceCandidates _candidates = new();
    private readonly List<int> _kept = new(64);
    private Rect2d[] _rects = [];
    private float[] _scores = [];
    private (FaceBox Box, float Score)[] _items = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var items = new List<(FaceBox, float)>();
        for (var face = 0; face < 20; face++)
        {
            float cx = random.Next(50, 590), cy = random.Next(50, 590), size = random.Next(20, 120);
            for (var k = 0; k < 20; k++)
            {
                var s = size * (0.8f + 0.4f * random.NextSingle());
                items.Add((new FaceBox(cx + random.Next(-5, 6) - s / 2, cy + random.Next(-5, 6) - s / 2, s, s), 0.3f + 0.65f * random.NextSingle()));
            }
        }
        _items = [.. items];
        _rects = _items.Select(i => new Rect2d(i.Box.X, i.Box.Y, i.Box.Width, i.Box.Height)).ToArray();
        _scores = _items.Select(i => i.Score).ToArray();
    }

    [Benchmark(Baseline = true)]
    public int Hand()
    {
        _candidates.Clear();
        foreach (var (b, s) in _items) _candidates.Add(b.X, b.Y, b.Width, b.Height, s);
        return _candidates.Suppress(0.3f, _kept);
    }

    [Benchmark]
    public int OpenCvNmsBoxes()
    {
        CvDnn.NMSBoxes(_rects, _scores, 0.3f, 0.3f, out var indices);
        return indices.Length;
    }

    [Benchmark]
    public int NaiveLinq()
    {
        var kept = new List<(FaceBox Box, float Score)>();
        foreach (var c in _items.OrderByDescending(i => i.Score))
            if (kept.All(k => k.Box.IntersectionOverUnion(c.Box) <= 0.3f)) kept.Add(c);
        return kept.Count;
    }
}
