namespace FaceSort.Web;

public sealed record RenameRequest(string? Name);

public sealed record FacesRequest(long[]? FaceIds, long? PersonId);

public sealed record MergeRequest(long TargetId, long[]? Others);

public sealed record SplitRequest(long[]? FaceIds, string? Name);

public sealed record RepresentativeRequest(long FaceId);

public sealed record MovePhotoRequest(long FromPersonId, long ToPersonId);

/// <param name="Id">The change the caller means to take back; null: the newest, whoever made it.</param>
public sealed record UndoRequest(long? Id);

public sealed record HideSmallRequest(int MinFaces);

public sealed record FolderRequest(string? Folder);

/// <param name="Xmp">Also write each photo's named faces as an XMP sidecar beside it (<c>ExportOptions.WithXmpSidecars</c>).</param>
public sealed record ExportRequest(string? Folder, bool Xmp = false);

public sealed record UploadCheckRequest(UploadCandidate[]? Files);

public sealed record UploadCheckResponse(string[] Have, string[] Rejected);

public sealed record JobAccepted(long JobId);

public sealed record ApiError(string Error);
