using Microsoft.ML.OnnxRuntime;

namespace FaceSort.Core.Models;

/// <summary>How every model here is opened in ONNX Runtime, so the detector and the embedder cannot drift apart.</summary>
internal static class OnnxSessions
{
    /// <summary>
    /// A CPU session with the highest graph optimisation and <paramref name="intraOpThreads"/> threads inside one run
    /// (the scan runs several calls at once rather than splitting one call over cores).
    /// </summary>
    public static InferenceSession Open(string modelPath, int intraOpThreads)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            // Input shapes vary (photo sizes, batch sizes): a memory pattern planned for one shape is replanned for
            // the next, which doubled steady-state time here (YuNet 6.5 vs 3.4 ms, MobileFaceNet 8.5 vs 4.1 ms/face).
            EnableMemoryPattern = false,
        };
        return new InferenceSession(modelPath, options);
    }
}
