using FaceSort.Core.Clustering;
using FaceSort.Core.Library;
using FaceSort.Core.Suggestions;

namespace FaceSort.Core.Pipeline;

/// <summary>
/// A suggested person for one unassigned face and its <see cref="Copies"/>: the other unassigned faces of its shot (a
/// photo saved again with an edit, a burst; <see cref="FaceSortOptions.ShotSimilarity"/>) proposed the same person.
/// One answer is meant for all of them, so the user is not asked the same question once per copy.
/// </summary>
public sealed record FaceSuggestion(long FaceId, long PersonId, string PersonName, float Confidence)
{
    /// <summary>The copies' face ids, ascending; empty when the face has none.</summary>
    public IReadOnlyList<long> Copies { get; init; } = [];
}

/// <summary>
/// A small unnamed person that is probably a named one (confirm: merge it into the named person; reject: its faces are
/// not that person). Confidence: the named person's share of its faces' confidences (their sum over the face count).
/// </summary>
public sealed record SmallPersonSuggestion(long PersonId, string DisplayName, int FaceCount, long TargetPersonId, string TargetName, float Confidence);

/// <summary>Two people that are probably one.</summary>
public sealed record PeoplePairSuggestion(long PersonA, long PersonB, float MeanSimilarity);

/// <summary>What <c>facesort suggest</c> shows: the chosen classifier and its accuracy, all scores, and the suggestions.</summary>
public sealed record SuggestionReport(
    ClassifierScore? Chosen, IReadOnlyList<ClassifierScore> Scores, IReadOnlyList<FaceSuggestion> Faces,
    IReadOnlyList<PeoplePairSuggestion> SamePerson, IReadOnlyList<SmallPersonSuggestion> SmallPeople);

/// <summary>Suggestion settings.</summary>
public sealed record SuggestionOptions
{
    /// <summary>Folds of the cross-validation that picks the classifier.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>
    /// Unnamed automatic people with fewer faces than this are offered to named people whole ("Is Person_037 Anna?").
    /// 6 is the clustering's anchor size (<see cref="FaceSortOptions.AnchorSize"/>): smaller groups are the fragments
    /// clustering could not place — a person's childhood photos, sunglasses — and one answer places all their faces.
    /// Counted in shots, as the clustering counts it: three photos each saved twice are three photos, not six.
    /// </summary>
    public int SmallPersonFaces { get; init; } = 6;
}

/// <summary>
/// Supervised suggestions on the library: the labelled faces are the faces of named people; every unassigned face gets
/// a proposed named person with a confidence (confirm with <c>move</c>, reject with <c>reject</c>, which becomes a
/// cannot-link); a face rejected from its best person is offered the best of the others (the classifier refit without
/// the rejected people; none when fewer than two remain). Small unnamed automatic people are offered whole, by the
/// vote of their faces. Unassigned faces of one shot proposed the same person are one suggestion. Pairs of people are
/// ranked by how alike their faces are.
/// Needs at least two named people with 2+ faces.
/// </summary>
public sealed class SuggestionService(FaceStore faces, PeopleStore people, SuggestionOptions? options = null)
{
    private readonly SuggestionOptions _options = options ?? new SuggestionOptions();

    // The clusterer's defaults: copies are told apart here by the same rule (kNN lists, shot similarity) as there.
    private static readonly FaceSortOptions ClusteringDefaults = new();

    public SuggestionReport Suggest()
    {
        var all = faces.AllPresent();
        if (all.Count == 0) return new SuggestionReport(null, [], [], [], []);
        var dimension = all[0].Embedding.Length;
        all = [.. all.Where(f => f.Embedding.Length == dimension)];
        var assignments = people.Assignments();
        var summaries = people.Summaries().ToDictionary(s => s.Person.Id);
        var named = summaries.Values.Where(s => s.Person.Name is not null).Select(s => s.Person.Id).Order().ToList();
        var classOf = named.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var labelled = all.Where(f => assignments.TryGetValue(f.Id, out var a) && classOf.ContainsKey(a.PersonId)).ToList();
        var unassigned = all.Where(f => !assignments.ContainsKey(f.Id)).ToList();
        var facesOfPerson = all.Where(f => assignments.ContainsKey(f.Id)).GroupBy(f => assignments[f.Id].PersonId).ToDictionary(g => g.Key, g => g.ToList());
        var smallIds = summaries.Values.Where(s => IsSmallUnnamed(s, facesOfPerson.GetValueOrDefault(s.Person.Id) ?? [])).Select(s => s.Person.Id).ToHashSet();
        var smallFaces = all.Where(f => assignments.TryGetValue(f.Id, out var a) && smallIds.Contains(a.PersonId)).ToList();
        var rejected = people.Rejections().ToHashSet();

        ClassifierScore? chosen = null;
        IReadOnlyList<ClassifierScore> scores = [];
        var faceProposals = new List<(int Face, long PersonId, float Confidence)>();
        var smallPeople = new List<SmallPersonSuggestion>();
        if (named.Count >= 2 && labelled.Count >= 4)
        {
            var labels = labelled.Select(f => classOf[assignments[f.Id].PersonId]).ToArray();
            var labelledMatrix = Matrix(labelled, dimension);
            var candidates = unassigned.Concat(smallFaces).ToList();
            var (best, allScores, proposed) = SuggestionEngine.Suggest(labelledMatrix, labels, named.Count, Matrix(candidates, dimension), _options.Folds);
            (chosen, scores) = (best, allScores);
            var create = SuggestionEngine.Classifiers[allScores.ToList().IndexOf(best)];
            // Faces rejected from the same people share one refit classifier.
            var refits = new Dictionary<string, SuggestionEngine.ExcludingClassifier?>();
            var votes = new Dictionary<long, List<(int Label, float Confidence)>>();
            foreach (var s in proposed)
            {
                var face = candidates[s.Face];
                var (label, confidence) = (s.Label, s.Confidence);
                if (rejected.Contains((face.Id, named[label])))
                {
                    // "No" to the best person: offer the best of those this face was not rejected from.
                    var excluded = Enumerable.Range(0, named.Count).Where(c => rejected.Contains((face.Id, named[c]))).ToHashSet();
                    var key = string.Join(',', excluded.Order());
                    if (!refits.TryGetValue(key, out var refit))
                        refits[key] = refit = SuggestionEngine.FitExcluding(create, labelledMatrix, labels, named.Count, excluded);
                    if (refit is null) continue;
                    (label, confidence) = refit.Predict(face.Embedding);
                }
                if (s.Face < unassigned.Count)
                {
                    faceProposals.Add((s.Face, named[label], confidence));
                    continue;
                }
                var personId = assignments[face.Id].PersonId;
                if (!votes.TryGetValue(personId, out var faceVotes)) votes[personId] = faceVotes = [];
                faceVotes.Add((label, confidence));
            }
            foreach (var (personId, faceVotes) in votes)
            {
                var small = summaries[personId];
                var (label, confidence) = SuggestionEngine.Vote(faceVotes, small.FaceCount);
                smallPeople.Add(new SmallPersonSuggestion(personId, small.Person.DisplayName, small.FaceCount, named[label],
                    summaries[named[label]].Person.DisplayName, confidence));
            }
        }

        var assigned = all.Where(f => assignments.ContainsKey(f.Id)).ToList();
        var groupIds = assigned.Select(f => assignments[f.Id].PersonId).Distinct().Order().ToList();
        var groupOf = groupIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var pairs = SuggestionEngine.SamePersonPairs(Matrix(assigned, dimension), [.. assigned.Select(f => groupOf[assignments[f.Id].PersonId])], groupIds.Count)
            .Take(50).Select(p => new PeoplePairSuggestion(groupIds[p.A], groupIds[p.B], p.MeanSimilarity)).ToList();
        var suggestions = OnePerShot(unassigned, faceProposals, dimension, personId => summaries[personId].Person.DisplayName);
        return new SuggestionReport(chosen, scores, [.. suggestions.OrderByDescending(s => s.Confidence)], pairs,
            [.. smallPeople.OrderByDescending(s => s.Confidence).ThenBy(s => s.PersonId)]);
    }

    // The face asked about is the one whose proposal is surest; the others are its copies.
    private static List<FaceSuggestion> OnePerShot(
        IReadOnlyList<FaceRecord> unassigned, List<(int Face, long PersonId, float Confidence)> proposals, int dimension, Func<long, string> nameOf)
    {
        var questions = Questions(Matrix([.. proposals.Select(p => unassigned[p.Face])], dimension),
            [.. proposals.Select(p => unassigned[p.Face].PhotoId)], [.. proposals.Select(p => p.PersonId)]);
        return [.. questions.Select(question =>
        {
            var asked = question.OrderByDescending(i => proposals[i].Confidence).ThenBy(i => unassigned[proposals[i].Face].Id).First();
            var (face, personId, confidence) = proposals[asked];
            return new FaceSuggestion(unassigned[face].Id, personId, nameOf(personId), confidence)
            {
                Copies = [.. question.Where(i => i != asked).Select(i => unassigned[proposals[i].Face].Id).Order()],
            };
        })];
    }

    /// <summary>
    /// The questions the page asks of <paramref name="faces"/> (each with its photo id and the person proposed for it),
    /// as lists of their indices: faces proposed one person that are one shot by the clusterer's rule
    /// (<see cref="Shots.From"/> over a kNN graph at <see cref="FaceSortOptions.ShotSimilarity"/>, never two faces of
    /// one photo) are one question. Shots are looked for among one person's proposals only: a copy proposed someone else
    /// (the user said no to this person for it) stays a question of its own, and the kNN graph costs the square of each
    /// person's proposals rather than of all unassigned faces. Internal for <c>suggest-bench</c>: it runs on every page load.
    /// </summary>
    internal static List<List<int>> Questions(EmbeddingMatrix faces, IReadOnlyList<long> photoOfFace, IReadOnlyList<long> proposedPerson)
    {
        var questions = new List<List<int>>();
        foreach (var proposedOne in Enumerable.Range(0, faces.Count).GroupBy(i => proposedPerson[i]))
        {
            var members = proposedOne.ToList();
            if (members.Count == 1)
            {
                questions.Add(members);
                continue;
            }
            var data = new float[members.Count * faces.Dimension];
            for (var m = 0; m < members.Count; m++) faces.Row(members[m]).CopyTo(data.AsSpan(m * faces.Dimension));
            var matrix = new EmbeddingMatrix(members.Count, faces.Dimension, data);
            var graph = KnnGraph.Build(matrix, Math.Min(ClusteringDefaults.Neighbours, members.Count - 1));
            var photoNumbers = members.Select(i => photoOfFace[i]).Distinct().Select((photo, number) => (photo, number)).ToDictionary(p => p.photo, p => p.number);
            var conflicts = ConflictIndex.From(new ClusteringInput(matrix, [.. members.Select(i => photoNumbers[photoOfFace[i]])]));
            var shots = Shots.From(graph, conflicts, ClusteringDefaults.ShotSimilarity);
            questions.AddRange(Enumerable.Range(0, members.Count).GroupBy(shots.Of).Select(shot => shot.Select(m => members[m]).ToList()));
        }
        return questions;
    }

    // A person the user has not touched (named, hidden, made or confirmed) and clustering left small, in shots.
    private bool IsSmallUnnamed(PersonSummary summary, List<FaceRecord> personFaces) =>
        summary.Person.Name is null && !summary.Person.Hidden && summary.Person.Source == AssignmentSource.Auto
        && (summary.FaceCount < _options.SmallPersonFaces
            || !Shots.AtLeast(personFaces.Select(f => f.Embedding), _options.SmallPersonFaces, ClusteringDefaults.ShotSimilarity));

    private static EmbeddingMatrix Matrix(IReadOnlyList<FaceRecord> list, int dimension)
    {
        var data = new float[list.Count * dimension];
        for (var i = 0; i < list.Count; i++) list[i].Embedding.CopyTo(data, i * dimension);
        return new EmbeddingMatrix(list.Count, dimension, data);
    }
}
