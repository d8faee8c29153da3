using System.Net;

namespace FaceSort.Web;

/// <summary>How <c>facesort serve</c> runs. Defaults keep the app private to this machine.</summary>
public sealed record WebAppOptions
{
    /// <summary>Library directory (SQLite file, uploads, thumbnail cache).</summary>
    public required string LibraryDirectory { get; init; }

    /// <summary>Models directory; null = the bundled models (<c>ModelDirectory.Locate</c>).</summary>
    public string? ModelsDirectory { get; init; }

    /// <summary>Loopback by default: the library holds private photos; other addresses need the access token.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>5170 is unlikely to clash with common dev servers; 0 picks a free port (tests).</summary>
    public int Port { get; init; } = 5170;

    /// <summary>Token required on every request when bound beyond loopback; generated at start when null.</summary>
    public string? AccessToken { get; init; }

    /// <summary>200 MB per file covers RAW-sized JPEGs and panoramas while bounding disk use per request.</summary>
    public long MaxUploadBytes { get; init; } = 200L * 1024 * 1024;

    /// <summary>How the scan jobs search photos for faces (<c>serve --upright-only</c> or <c>--scanned-prints</c>).</summary>
    public FaceSort.Core.Detection.DetectionOptions Detection { get; init; } = new();

    /// <summary>The clustering method run after each scan (the CLI's default).</summary>
    public string ClusterMethod { get; init; } = "facesort";

    public bool IsLoopbackOnly => IPAddress.IsLoopback(Address);
}
