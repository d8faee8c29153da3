using FaceSort.Core.Clustering;
using FaceSort.Core.Library;
using FaceSort.Core.Suggestions;

namespace FaceSort.Core.Pipeline;

/// <summary>A suggested person for one unassigned face.</summary>
public sealed record FaceSuggestion(long FaceId, long PersonId, string PersonName, float Confidence);

/// <summary>Two people that are probably one.</summary>
public sealed record PeoplePairSuggestion(long PersonA, long PersonB, float MeanSimilarity);

/// <summary>What <c>facesort suggest</c> shows: the chosen classifier and its accuracy, all scores, and the suggestions.</summary>
public sealed record SuggestionReport(ClassifierScore? Chosen, IReadOnlyList<ClassifierScore> Scores, IReadOnlyList<FaceSuggestion> Faces, IReadOnlyList<PeoplePairSuggestion> SamePerson);

/// <summary>
/// Supervised suggestions on the library: the labelled faces are the faces of named people; every unassigned face gets
/// a proposed named person with a confidence (confirm with <c>move</c>, reject with <c>reject</c>, which becomes a
/// cannot-link); a face rejected from its best person is offered the best of the others (the classifier refit without
/// the rejected people; none when fewer than two remain). Pairs of people are ranked by how alike their faces are.
/// Needs at least two named people with 2+ faces.
/// </summary>
public sealed class SuggestionService(FaceStore faces, PeopleStore people)
{
    public SuggestionReport Suggest(int folds = 5)
    {
        var all = faces.AllPresent();
        if (all.Count == 0) return new SuggestionReport(null, [], [], []);
        var dimension = all[0].Embedding.Length;
        all = [.. all.Where(f => f.Embedding.Length == dimension)];
        var assignments = people.Assignments();
        var persons = people.Summaries().Select(s => s.Person).ToDictionary(p => p.Id);
        var named = persons.Values.Where(p => p.Name is not null).Select(p => p.Id).Order().ToList();
        var classOf = named.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var labelled = all.Where(f => assignments.TryGetValue(f.Id, out var a) && classOf.ContainsKey(a.PersonId)).ToList();
        var unassigned = all.Where(f => !assignments.ContainsKey(f.Id)).ToList();
        var rejected = people.Rejections().ToHashSet();

        ClassifierScore? chosen = null;
        IReadOnlyList<ClassifierScore> scores = [];
        var suggestions = new List<FaceSuggestion>();
        if (named.Count >= 2 && labelled.Count >= 4)
        {
            var labels = labelled.Select(f => classOf[assignments[f.Id].PersonId]).ToArray();
            var labelledMatrix = Matrix(labelled, dimension);
            var (best, allScores, proposed) = SuggestionEngine.Suggest(labelledMatrix, labels, named.Count, Matrix(unassigned, dimension), folds);
            (chosen, scores) = (best, allScores);
            var create = SuggestionEngine.Classifiers[allScores.ToList().IndexOf(best)];
            foreach (var s in proposed)
            {
                var face = unassigned[s.Face];
                var (label, confidence) = (s.Label, s.Confidence);
                if (rejected.Contains((face.Id, named[label])))
                {
                    // "No" to the best person: offer the best of those this face was not rejected from.
                    var excluded = Enumerable.Range(0, named.Count).Where(c => rejected.Contains((face.Id, named[c]))).ToHashSet();
                    if (SuggestionEngine.PredictExcluding(create, labelledMatrix, labels, named.Count, excluded, face.Embedding) is not { } next) continue;
                    (label, confidence) = next;
                }
                suggestions.Add(new FaceSuggestion(face.Id, named[label], persons[named[label]].DisplayName, confidence));
            }
        }

        var assigned = all.Where(f => assignments.ContainsKey(f.Id)).ToList();
        var groupIds = assigned.Select(f => assignments[f.Id].PersonId).Distinct().Order().ToList();
        var groupOf = groupIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var pairs = SuggestionEngine.SamePersonPairs(Matrix(assigned, dimension), [.. assigned.Select(f => groupOf[assignments[f.Id].PersonId])], groupIds.Count)
            .Take(50).Select(p => new PeoplePairSuggestion(groupIds[p.A], groupIds[p.B], p.MeanSimilarity)).ToList();
        return new SuggestionReport(chosen, scores, [.. suggestions.OrderByDescending(s => s.Confidence)], pairs);
    }

    private static EmbeddingMatrix Matrix(IReadOnlyList<FaceRecord> list, int dimension)
    {
        var data = new float[list.Count * dimension];
        for (var i = 0; i < list.Count; i++) list[i].Embedding.CopyTo(data, i * dimension);
        return new EmbeddingMatrix(list.Count, dimension, data);
    }
}
