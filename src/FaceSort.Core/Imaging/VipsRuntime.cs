using System.Runtime.InteropServices;
using NetVips;

namespace FaceSort.Core.Imaging;

/// <summary>
/// Process-wide libvips settings, applied once. libvips keeps these globally, so they live in one place rather than
/// in each decoder instance.
/// </summary>
internal static partial class VipsRuntime
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

    /// <summary>
    /// The loader libvips would use for the file, or null for a file it does not know. A null leaves libvips' message
    /// ("VipsForeignLoad: "/path/of/this/file" is not a known file format") in its one process-wide error buffer, where
    /// NetVips never clears it (it clears only when it throws), so the next photo that failed to decode was given this
    /// file's message as its reason: in a fuzzed folder every "not a known file format" reason named another file, and a
    /// stale "truncated" could call an intact file truncated. The buffer is cleared here.
    /// </summary>
    public static string? FindLoad(string path)
    {
        EnsureConfigured();
        var loader = Image.FindLoad(path);
        if (loader is null) ClearError();
        return loader;
    }

    private static void ClearError()
    {
        try
        {
            VipsErrorClear();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A libvips under another name: the reasons keep their filter of other files' lines (VipsFailureReason).
        }
    }

    [LibraryImport("libvips.so.42", EntryPoint = "vips_error_clear")]
    private static partial void VipsErrorClear();
}
