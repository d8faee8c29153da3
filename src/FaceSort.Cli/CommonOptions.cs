using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using FaceSort.Core.Export;
using FaceSort.Core.Library;

namespace FaceSort.Cli;

/// <summary>Options shared by several commands, so each means the same thing everywhere.</summary>
internal static class CommonOptions
{
    public const string LibraryEnvironmentVariable = "FACESORT_LIBRARY";

    public static Option<string> Library() => new("--library")
    {
        Description = $"Library directory (SQLite file and state). Default: ${LibraryEnvironmentVariable}, else ~/.local/share/facesort.",
        DefaultValueFactory = _ => DefaultLibrary(),
    };

    public static Option<bool> Json() => new("--json") { Description = "Print machine-readable JSON instead of tables." };

    public static Option<string?> Models() => new("--models")
    {
        Description = "Models directory with a models.json manifest. Default: $FACESORT_MODELS, else the bundled models.",
    };

    public static Option<ExportMode> Mode() => OneOf(new Option<ExportMode>("--mode")
    {
        Description = "How photos are put into person folders: copy, hardlink or symlink. Originals are never touched.",
        DefaultValueFactory = _ => ExportMode.Copy,
    });

    public static Option<bool> WithRaw() => new("--with-raw")
    {
        Description = "Put each photo's camera raw file (IMG_0001.CR2 beside IMG_0001.JPG) in the person folders too. "
            + "Raw files are large: with --mode copy this can triple the folders' size.",
    };

    public static Option<bool> Xmp() => new("--xmp")
    {
        Description = "Write an XMP sidecar (photo.jpg.xmp) beside each exported photo with named people: each face's name "
            + "and place, which digiKam, Immich, Lightroom and Mylio read.",
    };

    public static Option<bool> AllCopies() => new("--all-copies")
    {
        Description = "Put every copy of a picture in its folders. By default a folder holds each picture once: of a photo "
            + "and its smaller copies (a chat app's forwards, a copy saved for the web), the largest.",
    };

    public static Option<bool> UprightOnly() => new("--upright-only")
    {
        Description = "Take every photo as upright: do not look for sideways or upside-down faces in photos without a clear "
            + "face (faster where many photos have no face; docs/detection.md, \"Turned photos\").",
    };

    public static Option<bool> ScannedPrints() => new("--scanned-prints")
    {
        Description = "Also search large photos turned when they have upright faces: scanned pages of prints or photographed "
            + "album pages where a print lies sideways or upside down (10-20 % slower on camera photos; docs/detection.md, "
            + "\"Scanned prints and album pages\").",
    };

    /// <summary>The detection options <see cref="UprightOnly"/> and <see cref="ScannedPrints"/> ask for.</summary>
    public static FaceSort.Core.Detection.DetectionOptions Detection(bool uprightOnly, bool scannedPrints = false) =>
        uprightOnly ? new() { TurnedPhotoScore = 0 }
        : scannedPrints ? new() { TurnedPrintsLongSide = FaceSort.Core.Detection.DetectionOptions.ScannedPrintsLongSide }
        : new();

    /// <summary>Refuses (exit 2) <see cref="UprightOnly"/> with <see cref="ScannedPrints"/>: one says no photo is turned,
    /// the other that some prints are.</summary>
    public static void OneWayOfTurning(Command command, Option<bool> uprightOnly, Option<bool> scannedPrints) =>
        command.Validators.Add(result =>
        {
            if (result.GetValue(uprightOnly) && result.GetValue(scannedPrints))
                result.AddError("--upright-only and --scanned-prints do not go together.");
        });

    public static Option<int?> Workers()
    {
        var option = WholeNumber(new Option<int?>("--workers") { Description = "Photos decoded and searched at once (default: one per core)." });
        AtLeastOne(option, "--workers must be at least 1");
        return option;
    }

    /// <summary>
    /// Refuses (exit 2) a count below 1. It reads the word typed: one that is not a whole number is already the
    /// parser's error (<see cref="WholeNumber(Option{int?})"/>), and asking a validator for its value throws instead (exit 134).
    /// </summary>
    public static void AtLeastOne(Option option, string message) =>
        option.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: var text }] && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count < 1)
                result.AddError(message);
        });

    /// <summary>
    /// A number option whose wrong word is refused in the user's terms ("--orders needs a whole number, not 'ten'"):
    /// the parser's own message named the .NET type ("as expected type 'System.Nullable`1[System.Int32]'").
    /// </summary>
    public static Option<int?> WholeNumber(Option<int?> option)
    {
        option.CustomParser = result => ParseWholeNumber(result, option.Name);
        return option;
    }

    /// <inheritdoc cref="WholeNumber(Option{int?})"/>
    public static Option<int> WholeNumber(Option<int> option)
    {
        option.CustomParser = result => ParseWholeNumber(result, option.Name) ?? 0;
        return option;
    }

    private static int? ParseWholeNumber(ArgumentResult result, string name)
    {
        if (result.Tokens is not [{ Value: var text }]) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
        result.AddError($"{name} needs a whole number, not '{text}'.");
        return null;
    }

    /// <summary>
    /// A choice option whose wrong word is refused with the choices as they are typed ("--mode is one of copy,
    /// hardlink, symlink; not 'move'"), case aside; the parser's own message named the .NET enum type.
    /// </summary>
    public static Option<TEnum> OneOf<TEnum>(Option<TEnum> option) where TEnum : struct, Enum
    {
        option.CustomParser = result =>
        {
            if (result.Tokens is not [{ Value: var text }]) return default;
            if (!text.All(char.IsAsciiDigit) && Enum.TryParse<TEnum>(text, ignoreCase: true, out var value)) return value;
            var names = string.Join(", ", Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));
            result.AddError($"{option.Name} is one of {names}; not '{text}'.");
            return default;
        };
        return option;
    }

    /// <summary>
    /// The library's writer lock for a scan, clustering or organize (<see cref="LibraryWriterLock"/>): when another
    /// FaceSort process holds it, says so on stderr and waits (Ctrl-C stops the wait, exit 130).
    /// </summary>
    public static Task<LibraryWriterLock> TakeWriterLockAsync(string libraryPath, string job, CancellationToken cancellationToken) =>
        LibraryWriterLock.TakeAsync(libraryPath, job, message => Console.Error.WriteLine($"facesort: {message}"), cancellationToken);

    /// <summary>Refuses (exit 2) a library path that is a file: SQLite's own error would not say so.</summary>
    public static void CheckLibraryFolder(string libraryPath)
    {
        if (File.Exists(libraryPath)) throw new ArgumentException($"--library {libraryPath} is a file, not a folder");
    }

    public static string DefaultLibrary()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(LibraryEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return fromEnvironment;
        var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrWhiteSpace(data))
            data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(data, "facesort");
    }
}
