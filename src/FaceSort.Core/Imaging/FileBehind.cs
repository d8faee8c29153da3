namespace FaceSort.Core.Imaging;

/// <summary>
/// The file a path names, through every symbolic link to it. A link's own length is that of its target's name, so a
/// link to /dev/zero looks like a 9-byte file: whoever decides by a file's size (never open one of no bytes, never read
/// one too large) asks the file behind the link.
/// </summary>
public static class FileBehind
{
    /// <summary>The file itself, or the one its links lead to (which may not exist); null when a link cannot be followed.</summary>
    public static FileInfo? Of(string path)
    {
        try
        {
            var file = new FileInfo(path);
            return file.LinkTarget is null ? file : file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
