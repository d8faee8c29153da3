namespace FaceSort.Core.Recognition;

/// <summary>How new faces are recognised as known people (incremental scans).</summary>
/// <param name="MinSimilarity">Cosine similarity to a person's nearest prototype from which a new face is that person.
/// Chosen on lfw (sweep in docs/incremental.md), reported on faceapi-bbt, ageitgey-people and celeb5.</param>
/// <param name="PrototypesPerPerson">At most this many prototypes per person: several sub-groups (young and old, with
/// and without glasses) each keep a prototype, where one centroid would sit between them and match neither.</param>
/// <param name="FacesPerPrototype">A person gets one prototype per this many faces (up to the maximum), so a small
/// person's prototype is a median of several faces rather than one noisy face.</param>
/// <param name="Iterations">k-means rounds for the sub-groups: they settle in a few on unit vectors.</param>
public sealed record RecognitionOptions(
    float MinSimilarity = 0.40f,
    int PrototypesPerPerson = 4,
    int FacesPerPrototype = 6,
    int Iterations = 6);
