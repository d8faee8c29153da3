using FaceSort.Core.Clustering;

namespace FaceSort.Core.Reporting;

/// <summary>
/// What a report is drawn from: one embedding per face, the person each face belongs to (the library's people or a
/// clusterer's output) and, where known, the true identity of each face (from folder names).
/// </summary>
/// <param name="Faces">One embedding per face; rows are normalised to unit length before use.</param>
/// <param name="Person">Person index per face into <paramref name="PersonNames"/>, or −1 for a face that belongs to nobody.</param>
/// <param name="PersonNames">Display name per person.</param>
/// <param name="Truth">True identity index per face into <paramref name="TruthNames"/>, −1 where unknown; null when there are no labels.</param>
/// <param name="TruthNames">Name per true identity; null when there are no labels.</param>
/// <param name="FaceNotes">Per face, what a user needs to find it (face id and photo path); null when unknown.</param>
/// <param name="PeopleSource">Where the people came from, in words ("library people", "facesort clusters").</param>
public sealed record ReportInput(
    EmbeddingMatrix Faces,
    int[] Person,
    string[] PersonNames,
    int[]? Truth,
    string[]? TruthNames,
    string[]? FaceNotes,
    string PeopleSource);
