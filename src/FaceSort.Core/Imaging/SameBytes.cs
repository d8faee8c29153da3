namespace FaceSort.Core.Imaging;

/// <summary>Whether two files hold the same bytes, read side by side and stopped at the first difference.</summary>
public static class SameBytes
{
    public static bool In(string a, string b)
    {
        using var first = File.OpenRead(a);
        using var second = File.OpenRead(b);
        if (first.Length != second.Length) return false;
        Span<byte> x = stackalloc byte[8192], y = stackalloc byte[8192];
        int read;
        while ((read = first.ReadAtLeast(x, x.Length, throwOnEndOfStream: false)) > 0)
            if (second.ReadAtLeast(y[..read], read, throwOnEndOfStream: false) != read || !x[..read].SequenceEqual(y[..read])) return false;
        return true;
    }
}
