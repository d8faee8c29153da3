using System.Diagnostics;
using System.Globalization;
using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;
using FaceSort.Core.Pipeline;
using FaceSort.Core.Suggestions;

namespace FaceSort.Benchmarks.Suggestions;

/// <summary>
/// <c>suggest-bench [--labelled N] [--unassigned M] [--named P]</c>: what the suggestions page costs in a big library —
/// synthetic faces (<see cref="SyntheticFaces"/>), N of them labelled with P named people (identity mod P), M
/// unassigned; times the classifiers' cross-validation, the chosen one's fit and proposals, and the same-person pairs
/// over every identity as a group, and the grouping of the unassigned faces (each its own photo) into questions, one per shot
/// and proposed person, cold and warm. A cost measurement: named people made of many synthetic identities are not what
/// a user names, so the accuracies mean nothing here and are not printed.
/// </summary>
internal static class SuggestBench
{
    public static int Run(string[] args)
    {
        int labelled = 10_000, unassigned = 2_000, named = 20;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--labelled") labelled = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--unassigned") unassigned = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--named") named = int.Parse(args[++i], CultureInfo.InvariantCulture);
        }
        var set = SyntheticFaces.Generate(labelled + unassigned, seed: 3);
        int d = set.Embeddings.Dimension;
        var labelledFaces = new EmbeddingMatrix(labelled, d, set.Embeddings.Data[..(labelled * d)]);
        var unassignedFaces = new EmbeddingMatrix(unassigned, d, set.Embeddings.Data[(labelled * d)..((labelled + unassigned) * d)]);
        var labels = set.Identity[..labelled].Select(i => i % named).ToArray();

        var clock = Stopwatch.StartNew();
        var (chosen, _, proposals) = SuggestionEngine.Suggest(labelledFaces, labels, named, unassignedFaces);
        double suggest = clock.Elapsed.TotalSeconds;
        // Again, warm: the first call also pays for compiling the loops (the CLI's case; the web app's later visits are warm).
        clock.Restart();
        SuggestionEngine.Suggest(labelledFaces, labels, named, unassignedFaces);
        double suggestWarm = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var pairs = SuggestionEngine.SamePersonPairs(set.Embeddings, set.Identity, set.Identities);
        double samePerson = clock.Elapsed.TotalSeconds;
        var photoOfFace = Enumerable.Range(0, unassigned).Select(i => (long)i).ToArray();
        var proposedPerson = proposals.Select(p => (long)p.Label).ToArray();
        clock.Restart();
        var questions = SuggestionService.Questions(unassignedFaces, photoOfFace, proposedPerson).Count;
        double copies = clock.Elapsed.TotalSeconds;
        clock.Restart();
        SuggestionService.Questions(unassignedFaces, photoOfFace, proposedPerson);
        double copiesWarm = clock.Elapsed.TotalSeconds;
        // One fit on every labelled face and the proposals, per classifier: what each adds to a fold of the page.
        var perClassifier = new List<string>();
        foreach (var create in SuggestionEngine.Classifiers)
        {
            clock.Restart();
            var classifier = create();
            classifier.Fit(labelledFaces, labels, named);
            double fit = clock.Elapsed.TotalSeconds;
            clock.Restart();
            classifier.PredictAll(unassignedFaces);
            perClassifier.Add(string.Create(CultureInfo.InvariantCulture, $"\"{classifier.Name}\":[{fit:F2},{clock.Elapsed.TotalSeconds:F2}]"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"fit_predict_seconds\":{{{string.Join(",", perClassifier)}}},\"labelled\":{labelled},\"unassigned\":{unassigned},\"named\":{named},\"groups\":{set.Identities},\"suggest_seconds\":{suggest:F2},\"suggest_warm_seconds\":{suggestWarm:F2},\"chosen\":\"{chosen.Name}\",\"proposals\":{proposals.Length},\"same_person_seconds\":{samePerson:F2},\"same_person_pairs\":{pairs.Count},\"copies_seconds\":{copies:F3},\"copies_warm_seconds\":{copiesWarm:F3},\"questions\":{questions}}}"));
        return 0;
    }
}
