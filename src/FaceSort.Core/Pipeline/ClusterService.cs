using System.Diagnostics;
using FaceSort.Core.Clustering;
using FaceSort.Core.Library;

namespace FaceSort.Core.Pipeline;

/// <summary>What a clustering run did.</summary>
/// <param name="TooPoorToPlace">Of the unassigned faces, those too blurred or small for clustering to place
/// (<see cref="FaceSortOptions.PlaceQuality"/>): they wait for the user.</param>
/// <param name="NamedFromTags">Faces put in the person another program named them as, before clustering
/// (<see cref="Corrections.TaggedNameImport"/>).</param>
public sealed record ClusterSummary(string Method, int Faces, int People, int UnassignedFaces, TimeSpan Elapsed, int TooPoorToPlace = 0, int NamedFromTags = 0);

/// <summary>
/// Groups the library's faces into people: reads faces, turns the library's facts into constraints (two faces of
/// one photo are two people; faces a user put in one person stay together), runs the clusterer and stores the
/// result as automatic assignments, leaving every user decision as it was.
/// </summary>
public sealed class ClusterService(FaceStore faces, PeopleStore people)
{
    /// <summary>Above this many user people the pairwise "different people" links (n²/2) are left out; the overlap
    /// mapping in <see cref="PeopleStore.ReplaceAutomaticAssignments"/> still keeps each user face in its person.</summary>
    private const int MaxUserPeopleForPairwiseCannotLinks = 1000;

    public ClusterSummary Cluster(IFaceClusterer clusterer, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        // Faces embedded by another model live in another space; they wait for a re-embed rather than mix in.
        var space = faces.CurrentSpace();
        var all = faces.AllPresent(space?.Embedder);
        var dimension = space?.Dimension ?? 1;
        var assignments = people.Assignments();
        var rejections = people.Rejections();
        var (usable, copies) = WithoutCopies(all, faces.PhotoHashes(), assignments, rejections);
        var input = BuildInput(usable, dimension, assignments, rejections);
        var assignment = clusterer.Cluster(input, cancellationToken);

        var clusters = Groups(usable, assignment, copies);
        people.ReplaceAutomaticAssignments(clusters, space?.Embedder);
        // Counted from the people as stored, not the clusters: a person the user made (a face moved, a name read from
        // the photos' tags) that clustering joined to no other face is a person, and its faces belong to someone.
        var after = people.Assignments();
        var tooPoor = 0;
        var placeQuality = (clusterer as FaceSortClusterer)?.Options.PlaceQuality ?? 0;
        for (var i = 0; i < usable.Count; i++)
            if (assignment.Labels[i] == ClusterAssignment.Unassigned && !after.ContainsKey(usable[i].Id) && input.Quality is { } quality && quality[i] < placeQuality) tooPoor++;
        var placed = all.Where(f => after.ContainsKey(f.Id)).ToList();
        return new ClusterSummary(clusterer.Name, all.Count, placed.Select(f => after[f.Id].PersonId).Distinct().Count(), all.Count - placed.Count,
            clock.Elapsed, tooPoor);
    }

    /// <summary>Face ids per cluster of <paramref name="faces"/>' labels, each copy (<see cref="WithoutCopies"/>) in its
    /// original's cluster; faces left unassigned, and their copies, are in none.</summary>
    public static List<long>[] Groups(IReadOnlyList<FaceRecord> faces, ClusterAssignment assignment, IReadOnlyList<(long Copy, long Original)> copies)
    {
        var groups = new List<long>[assignment.ClusterCount];
        for (var c = 0; c < groups.Length; c++) groups[c] = [];
        var groupOf = new Dictionary<long, int>();
        for (var i = 0; i < faces.Count; i++)
        {
            var label = assignment.Labels[i];
            if (label == ClusterAssignment.Unassigned) continue;
            groups[label].Add(faces[i].Id);
            groupOf[faces[i].Id] = label;
        }
        foreach (var (copy, original) in copies)
            if (groupOf.TryGetValue(original, out var label)) groups[label].Add(copy);
        return groups;
    }

    /// <summary>
    /// The faces to cluster, without the copies: a face of a byte-identical file (same sha256, same face index) is the
    /// same face, so only the first is clustered and each copy is returned with the face it copies. Left in, copies
    /// are knots of identical faces that the clustering takes for a person of their own: glint12 and lfw with every
    /// file there three times scored pairwise F1 0.921 against 0.963 without the copies (docs/clustering.md,
    /// "Duplicates"). A face the user placed or rejected is clustered as itself.
    /// </summary>
    public static (List<FaceRecord> Faces, List<(long Copy, long Original)> Copies) WithoutCopies(
        IReadOnlyList<FaceRecord> faces, IReadOnlyDictionary<long, string> photoHashes,
        IReadOnlyDictionary<long, (long PersonId, AssignmentSource Source)> assignments, IReadOnlyList<(long FaceId, long PersonId)> rejections)
    {
        var decided = rejections.Select(r => r.FaceId).ToHashSet();
        foreach (var (face, (_, source)) in assignments) if (source == AssignmentSource.User) decided.Add(face);
        var first = new Dictionary<(string Hash, int Index), long>();
        var kept = new List<FaceRecord>(faces.Count);
        var copies = new List<(long, long)>();
        foreach (var face in faces)
        {
            if (decided.Contains(face.Id) || !photoHashes.TryGetValue(face.PhotoId, out var hash)) kept.Add(face);
            else if (first.TryGetValue((hash, face.FaceIndex), out var original)) copies.Add((face.Id, original));
            else
            {
                first[(hash, face.FaceIndex)] = face.Id;
                kept.Add(face);
            }
        }
        return (kept, copies);
    }

    /// <summary>
    /// The clustering input for stored faces: embeddings, photo ids (same-photo cannot-link), quality, user must-links
    /// (a user person's faces stay together) and cannot-links (a face rejected from a person against that person's user
    /// faces; two user people against each other, so clustering never joins people the user keeps apart).
    /// </summary>
    public static ClusteringInput BuildInput(
        IReadOnlyList<FaceRecord> faces, int dimension, IReadOnlyDictionary<long, (long PersonId, AssignmentSource Source)> assignments,
        IReadOnlyList<(long FaceId, long PersonId)>? rejections = null)
    {
        var data = new float[faces.Count * dimension];
        var photoOfFace = new int[faces.Count];
        var quality = new float[faces.Count];
        var photoIndex = new Dictionary<long, int>();
        var firstFaceOfPerson = new Dictionary<long, int>();
        var mustLink = new List<FacePair>();
        for (var i = 0; i < faces.Count; i++)
        {
            var face = faces[i];
            face.Embedding.CopyTo(data, i * dimension);
            if (!photoIndex.TryGetValue(face.PhotoId, out var photo)) photoIndex[face.PhotoId] = photo = photoIndex.Count;
            photoOfFace[i] = photo;
            quality[i] = face.Quality();
            if (assignments.TryGetValue(face.Id, out var a) && a.Source == AssignmentSource.User)
            {
                if (firstFaceOfPerson.TryGetValue(a.PersonId, out var first)) mustLink.Add(new FacePair(first, i));
                else firstFaceOfPerson[a.PersonId] = i;
            }
        }
        var cannotLink = new List<FacePair>();
        var rowOfFace = new Dictionary<long, int>(faces.Count);
        for (var i = 0; i < faces.Count; i++) rowOfFace[faces[i].Id] = i;
        // Must-links chain a user person's faces to its first face, so one cannot-link to that face binds the whole group.
        foreach (var (faceId, personId) in rejections ?? [])
            if (rowOfFace.TryGetValue(faceId, out var row) && firstFaceOfPerson.TryGetValue(personId, out var first))
                cannotLink.Add(new FacePair(row, first));
        var userPeople = firstFaceOfPerson.Values.ToList();
        if (userPeople.Count <= MaxUserPeopleForPairwiseCannotLinks)
            for (var a = 0; a < userPeople.Count; a++)
                for (var b = a + 1; b < userPeople.Count; b++)
                    cannotLink.Add(new FacePair(userPeople[a], userPeople[b]));
        return new ClusteringInput(new EmbeddingMatrix(faces.Count, dimension, data), photoOfFace, quality, cannotLink, mustLink);
    }
}
