namespace FaceSort.Core.Recognition;

/// <summary>How new faces are recognised as known people (incremental scans).</summary>
/// <param name="MinSimilarity">Cosine similarity to a person's nearest prototype from which a new face is that person.
/// Chosen on lfw (sweep in docs/incremental.md), reported on faceapi-bbt, ageitgey-people and celeb5.</param>
/// <param name="PrototypesPerPerson">At most this many prototypes per person: several sub-groups (young and old, with
/// and without glasses) each keep a prototype, where one centroid would sit between them and match neither.</param>
/// <param name="FacesPerPrototype">A person gets one prototype per this many faces (up to the maximum), so a small
/// person's prototype is a median of several faces rather than one noisy face.</param>
/// <param name="Iterations">k-means rounds for the sub-groups: they settle in a few on unit vectors.</param>
/// <param name="NearestFaces">A face no prototype recognises (alone, or in a pair) is compared with this many most
/// similar faces of a person: an unusual photo (a child, sunglasses, a profile) resembles a few of that person's photos
/// far more than any median of them. 0 turns this second look off.</param>
/// <param name="NearestFacesSimilarity">Their mean similarity from which the face is that person: tuned on lfw together
/// with the clusterer's merge distance (best lfw F1 with pairwise precision at least 0.99), last on the embeddings of
/// contrast-stretched faces: 0.345–0.375 tie, the middle taken (docs/clustering.md, step 8).</param>
/// <param name="NearestFacesReferencePeople">People of at least <see cref="NearestFacesPersonSize"/> faces lfw had at
/// that step when the similarity was tuned (41): a collection with more people raises the bar (<see cref="StrangerBar"/>).</param>
/// <param name="NearestFacesReferenceSize">The most faces a person had in lfw when the similarity was tuned (6): against a
/// bigger person the bar rises (<see cref="StrangerBar.ForPerson"/>).</param>
/// <param name="NearestFacesSizeGrowth">How much of the rise independent Gaussian draws predict for a bigger person the
/// bar takes: 0.57, the rise of the 99.9th percentile of real strangers' scores against real people of 6 to 100 faces
/// (docs/clustering.md, step 8). 0 keeps one bar for every person.</param>
/// <param name="NearestFacesPersonSize">Only people with at least this many faces take part in the second look: a
/// person seen in three photos, so a stray pair never pulls in a third face.</param>
/// <param name="NearestFacesPersonSizeWhenGrowing">The same for a library grown batch by batch: there a person of three
/// faces may be a fragment whose own look-alikes have not arrived yet, so only people of six faces (the anchor size of
/// one-go clustering) take part; with three, lfw in ten random batches scored 0.952 instead of 0.967.</param>
/// <param name="FullRunGrowth">An incremental run clusters the whole library again instead once it holds this many
/// times the faces it had at its last full clustering. Recognition never revisits what it decided, and what a small
/// library decided can be wrong for the large one it grows into: glint12's first tenth (141 faces, about 11 per person)
/// clustered in full put Jennifer Lopez and Keira Knightley in one person, and every later photo of either joined it.
/// Doubling bounds the total cost of full runs to about twice the last one. 0: never (recognition alone).</param>
/// <param name="FoldAlikePeople">After an incremental run, a person that gained faces and a person one-go clustering
/// would have merged it with become one, when at least one of them is a run's own (<see cref="AlikePeople"/>): a
/// person's new look arriving over several batches otherwise grows into a second person that nothing compares with the
/// first again. glint12 in 10 batches without full runs: 0.956 → 0.975 (docs/incremental.md).</param>
public sealed record RecognitionOptions(
    float MinSimilarity = 0.40f,
    int PrototypesPerPerson = 4,
    int FacesPerPrototype = 6,
    int Iterations = 6,
    int NearestFaces = 3,
    float NearestFacesSimilarity = 0.36f,
    int NearestFacesReferencePeople = 41,
    int NearestFacesReferenceSize = 6,
    float NearestFacesSizeGrowth = 0.57f,
    int NearestFacesPersonSize = 3,
    int NearestFacesPersonSizeWhenGrowing = 6,
    double FullRunGrowth = 2,
    bool FoldAlikePeople = true);
