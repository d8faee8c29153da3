using System.Diagnostics;
using FaceSort.Core.Clustering;
using FaceSort.Core.Library;
using FaceSort.Core.Recognition;

namespace FaceSort.Core.Pipeline;

/// <summary>What an incremental run did.</summary>
public sealed record RecognitionSummary(int NewFaces, int Recognised, int NewPeople, int FacesInNewPeople, int StillUnassigned, TimeSpan Elapsed);

/// <summary>
/// Incremental clustering for a library that already has people: faces not yet assigned are recognised against each
/// person's prototypes (user and automatic people alike, rejections honoured); the rest, with the older unassigned
/// faces near them, are clustered among themselves and each dense group becomes a new person. Existing assignments —
/// user rows above all — are never changed; <see cref="ClusterService"/> is the full re-clustering.
/// </summary>
public sealed class RecognitionService(FaceStore faces, PeopleStore people)
{
    public RecognitionSummary Recognize(IFaceClusterer leftoverClusterer, RecognitionOptions? options = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var recognizer = new IncrementalRecognizer(options);
        var all = faces.AllPresent();
        var assignments = people.Assignments();
        var dimension = all.Count == 0 ? 1 : all[0].Embedding.Length;
        var usable = all.Where(f => f.Embedding.Length == dimension).ToList();
        var unassigned = usable.Where(f => !assignments.ContainsKey(f.Id)).ToList();
        if (unassigned.Count == 0) return new RecognitionSummary(0, 0, 0, 0, 0, clock.Elapsed);

        var prototypes = PersonPrototypes.Build(
            usable.Where(f => assignments.ContainsKey(f.Id)).GroupBy(f => assignments[f.Id].PersonId)
                .Select(g => (g.Key, (IReadOnlyList<float[]>)g.Select(f => f.Embedding).ToList())),
            recognizer.Options);
        var rejected = people.Rejections().ToHashSet();
        var matrix = Matrix(unassigned, dimension);
        var recognitions = recognizer.Recognize(prototypes, matrix, unassigned.Select(f => f.PhotoId).ToList(),
            (i, person) => rejected.Contains((unassigned[i].Id, person)));

        var recognised = new List<(long, long)>();
        var leftovers = new List<FaceRecord>();
        for (var i = 0; i < unassigned.Count; i++)
        {
            if (recognitions[i].PersonId is { } person) recognised.Add((unassigned[i].Id, person));
            else leftovers.Add(unassigned[i]);
        }

        // Leftovers cluster among themselves; each group of at least the clusterer's minimum becomes a new person.
        var groups = new List<IReadOnlyList<long>>();
        if (leftovers.Count > 1)
        {
            var input = ClusterService.BuildInput(leftovers, dimension, new Dictionary<long, (long, AssignmentSource)>());
            var labels = leftoverClusterer.Cluster(input, cancellationToken);
            var byLabel = new List<long>[labels.ClusterCount];
            for (var c = 0; c < byLabel.Length; c++) byLabel[c] = [];
            for (var i = 0; i < leftovers.Count; i++)
                if (labels.Labels[i] != ClusterAssignment.Unassigned) byLabel[labels.Labels[i]].Add(leftovers[i].Id);
            groups.AddRange(byLabel.Where(g => g.Count > 0));
        }
        var created = people.AddAutomaticAssignments(recognised, groups);
        var inGroups = groups.Sum(g => g.Count);
        return new RecognitionSummary(unassigned.Count, recognised.Count, created.Count, inGroups, leftovers.Count - inGroups, clock.Elapsed);
    }

    private static EmbeddingMatrix Matrix(IReadOnlyList<FaceRecord> list, int dimension)
    {
        var data = new float[list.Count * dimension];
        for (var i = 0; i < list.Count; i++) list[i].Embedding.CopyTo(data, i * dimension);
        return new EmbeddingMatrix(list.Count, dimension, data);
    }
}
