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
/// cannot-link); pairs of people are ranked by how alike their faces are. Needs at least two named people with 2+ faces.
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
            var (best, allScores, proposed) = SuggestionEngine.Suggest(Matrix(labelled, dimension), labels, named.Count, Matrix(unassigned, dimension), folds);
            (chosen, scores) = (best, allScores);
            foreach (var s in proposed)
            {
                var personId = named[s.Label];
                if (rejected.Contains((unassigned[s.Face].Id, personId))) continue;
                suggestions.Add(new FaceSuggestion(unassigned[s.Face].Id, personId, persons[personId].DisplayName, s.Confidence));
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
