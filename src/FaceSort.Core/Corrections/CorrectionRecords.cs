namespace FaceSort.Core.Corrections;

/// <summary>The user actions FaceSort records; each becomes a constraint that later automatic runs honour.</summary>
public enum CorrectionKind
{
    Rename,
    Merge,
    Move,
    Reject,
    Split,
    Hide,
    Unhide,
    Confirm,
    SetRepresentative,
    MovePhoto,

    /// <summary>Faces put in the people another program named them as in the photos' metadata (<see cref="TaggedNameImport"/>).</summary>
    NameFromTags,
}

/// <summary>What happened to one item (face or person) of an action.</summary>
public enum ItemOutcome
{
    Done,

    /// <summary>Nothing to do (already so); not an error.</summary>
    Skipped,

    /// <summary>Could not be done; <see cref="ItemResult.Reason"/> says why. The action's other items still apply.</summary>
    Failed,
}

/// <summary>One face's or person's outcome in an action.</summary>
public sealed record ItemResult(long Id, ItemOutcome Outcome, string? Reason = null);

/// <summary>What an action did.</summary>
/// <param name="CorrectionId">The log entry (for <see cref="CorrectionService.History"/>); 0 when nothing changed and nothing was logged.</param>
/// <param name="PersonId">The person the action ended on (the target of a move or merge, the new person of a split).</param>
/// <param name="Items">One result per face (or per merged person) the caller named.</param>
public sealed record CorrectionResult(long CorrectionId, CorrectionKind Kind, long? PersonId, IReadOnlyList<ItemResult> Items, string Summary)
{
    public bool Changed => CorrectionId != 0;
}

/// <summary>A logged action: when, what, and whether it has been undone.</summary>
public sealed record CorrectionEntry(long Id, DateTimeOffset At, CorrectionKind Kind, string Summary, DateTimeOffset? UndoneAt);

/// <summary>What an undo did.</summary>
/// <param name="Undone">The action taken back; null when nothing was.</param>
/// <param name="Newest">When the caller named an action that is not the newest one not yet undone: that newest one, left alone
/// (null when there is none).</param>
/// <param name="Expected">The action the caller named, as it is now (it may have been undone already; null when unknown).</param>
public sealed record UndoResult(CorrectionEntry? Undone, CorrectionEntry? Newest, CorrectionEntry? Expected = null);

/// <summary>A person reference (folder name, given name or id) that matches no person or more than one.</summary>
public sealed class PersonResolutionException(string message) : ArgumentException(message);
