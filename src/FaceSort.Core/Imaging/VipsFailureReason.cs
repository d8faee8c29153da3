using System.Text.RegularExpressions;
using NetVips;

namespace FaceSort.Core.Imaging;

/// <summary>Turns a libvips error into the one-line reason a user sees for a photo that cannot be used.</summary>
internal static partial class VipsFailureReason
{
    private static readonly byte[] PngEnd = [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];
    private static readonly byte[] JpegEnd = [0xFF, 0xD9];

    public static string Describe(VipsException e, string format, string path)
    {
        // The first line is "unable to call X" / "unable to write to memory"; the lines after it say what went wrong.
        // libvips keeps one error buffer for the process: a line quoting another file's path is that file's message.
        var details = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => ControlCharacter().Replace(l, "").Trim())
            .Where(l => l.Length > 0 && !l.StartsWith("unable to ", StringComparison.Ordinal))
            .Where(l => QuotedPath().Matches(l).All(m => m.Groups[1].Value == path) && (!l.StartsWith('/') || l.StartsWith(path + ":", StringComparison.Ordinal)))
            .Select(l => l.Replace($"\"{path}\"", $"\"{Path.GetFileName(path)}\"", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        var all = string.Join(' ', details);
        // libvips keeps one error buffer for all threads, so with parallel decodes a message may belong to another
        // file: the file's own last bytes decide truncation first.
        if ((format == "png" && !EndsWith(path, PngEnd)) || (format == "jpeg" && !EndsWith(path, JpegEnd))
            || Has(all, "premature end") || Has(all, "truncated") || Has(all, "not enough data") || Has(all, "unexpected end of")
            || SeeksPastTheEnd(all, path))
            return $"truncated {format} file";
        if (Has(all, "has not been built in") || Has(all, "No decoding plugin"))
            return format == "heic"
                ? HeifDecoder.MissingReason
                : $"{format} variant not supported by this libvips build: {Shorten(details.FirstOrDefault() ?? e.Message)}";
        // Ask the file, not the (shared) message, whether it is an image at all.
        if ((Has(all, "not a known file format") || Has(all, "is not a known")) && VipsRuntime.FindLoad(path) is null)
            return "not an image (unknown or unsupported format)";
        var first = details.FirstOrDefault(l => Has(l, "corrupt")) ?? details.FirstOrDefault();
        return first is null ? $"corrupt {format} file" : $"corrupt {format} file: {Shorten(first)}";
    }

    /// <summary>
    /// libvips' "bad seek to N" with N past the file's end: the header points at data that is not there, as in a HEIC
    /// cut short whose Exif item lies in the lost part (the reason was "corrupt heif file: /full/path: bad seek to N").
    /// </summary>
    private static bool SeeksPastTheEnd(string message, string path)
    {
        var match = BadSeek().Match(message);
        if (!match.Success || !long.TryParse(match.Groups[1].ValueSpan, out var offset)) return false;
        try
        {
            return offset >= new FileInfo(path).Length;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>A path libvips quotes in a message: "/photos/a.jpg" (or C:\\…).</summary>
    [GeneratedRegex("\"((?:/|[A-Za-z]:\\\\)[^\"]*)\"")]
    private static partial Regex QuotedPath();

    /// <summary>
    /// A NUL or other control character: NetVips copies the shared buffer without libvips' lock, so a message read while
    /// another thread clears or appends can hold one ("\0ipspng: libpng read error" in a fuzzed scan with two workers).
    /// </summary>
    [GeneratedRegex(@"\p{Cc}")]
    private static partial Regex ControlCharacter();

    [GeneratedRegex(@"bad seek to (\d+)")]
    private static partial Regex BadSeek();

    private static bool Has(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);

    private static string Shorten(string line) => line.Length > 160 ? line[..160] : line;

    private static bool EndsWith(string path, byte[] tail)
    {
        try
        {
            using var stream = File.OpenRead(path);
            if (stream.Length < tail.Length) return false;
            stream.Seek(-tail.Length, SeekOrigin.End);
            var buffer = new byte[tail.Length];
            stream.ReadExactly(buffer);
            return buffer.AsSpan().SequenceEqual(tail);
        }
        catch (IOException)
        {
            return true; // cannot tell; do not claim truncation
        }
    }
}
