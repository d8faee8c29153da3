using NetVips;

namespace FaceSort.Core.Imaging;

/// <summary>
/// Process-wide libvips settings, applied once. libvips keeps these globally, so they live in one place rather than
/// in each decoder instance.
/// </summary>
internal static class VipsRuntime
{
    // Kept alive for the process: libvips calls it from native code.
    private static readonly Log.LogDelegate Discard = static (_, _, _) => { };

    static VipsRuntime()
    {
        // Photos are decoded once each; libvips' operation cache would only hold memory. Parallelism comes from
        // decoding several photos at once, not from threads inside one decode.
        Cache.Max = 0;
        Cache.MaxFiles = 0;
        NetVips.NetVips.Concurrency = 1;
        // libvips logs warnings ("error in tile", "premature end of JPEG") to stderr from its worker threads; the same
        // facts reach us as the VipsException of the failed call, which becomes the per-file reason. Without this the
        // CLI's output would be interleaved with libvips noise for every bad photo.
        Log.SetLogHandler("VIPS", Enums.LogLevelFlags.Warning | Enums.LogLevelFlags.Message | Enums.LogLevelFlags.Info | Enums.LogLevelFlags.Debug, Discard);
    }

    /// <summary>Runs the static constructor; call before the first libvips operation.</summary>
    public static void EnsureConfigured() { }
}
