using System.Globalization;
using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;
using FaceSort.Core.Suggestions;

namespace FaceSort.Benchmarks.Suggestions;

/// <summary>
/// <c>recovery-check FILE.tsv... [--named N]</c>: what the suggestions page gives back of what the default clustering
/// leaves out, with a simulated user who answers every question correctly (docs/corrections.md, "What the
/// suggestions recover"). The user names every automatic person of at least N faces (default 6), then reviews:
/// 1. "Same person?" pairs of people in the page's order (the first 50): yes when both people's labelled faces are
///    mostly the same identity;
/// 2. face suggestions for unassigned faces, most confident first: yes when the suggested person is mostly the
///    face's identity (faces without a label are skipped: the simulated user could not answer).
/// Prints pairwise P / R / F1 after each stage and after every 25 answers, and, separately, what accepting every
/// suggestion above a confidence without looking would do.
/// </summary>
internal static class RecoveryCheck
{
    public static int Run(string[] args)
    {
        int named = 6;
        bool smallPeople = false, smallGroups = false;
        var files = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--named") named = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--small-people") smallPeople = true;
            else if (args[i] == "--small-groups") smallGroups = smallPeople = true;
            else files.Add(args[i]);
        }
        foreach (var file in files) Check(EmbeddingSetFile.Load(file), Path.GetFileNameWithoutExtension(file), named, smallPeople, smallGroups);
        return 0;
    }

    private static void Check(EmbeddingSet set, string name, int namedSize, bool smallPeople, bool smallGroups)
    {
        int n = set.Faces.Count;
        var truth = new int[n];
        Array.Fill(truth, -1);
        for (int k = 0; k < set.ScoredFaces.Length; k++) if (set.ScoredFaces[k] >= 0) truth[set.ScoredFaces[k]] = set.Truth[k];
        var assignment = new FaceSortClusterer().Cluster(new ClusteringInput(set.Faces, set.PhotoOfFace, set.Quality));
        var labels = (int[])assignment.Labels.Clone();
        int groups = assignment.ClusterCount;
        var identity = MajorityIdentity(labels, truth, groups);
        var parent = Enumerable.Range(0, groups).ToArray();
        int Root(int g) { while (parent[g] != g) g = parent[g] = parent[parent[g]]; return g; }

        void Report(string stage, int answers, int yes)
        {
            var current = labels.Select(l => l < 0 ? -1 : Root(l)).ToArray();
            var m = ClusteringEvaluator.Score(set, new ClusterAssignment(current, groups), 0);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}\t{stage}\tanswers {answers}\tyes {yes}\tP {m.PairwisePrecision:0.000}\tR {m.PairwiseRecall:0.000}\tF1 {m.PairwiseF1:0.000}\tunassigned {m.UnassignedShare:0.000}"));
        }

        Report("default", 0, 0);

        // 1. Same-person pairs, as the page lists them (every automatic person, most alike first, the first 50).
        int answers = 0, yes = 0;
        foreach (var pair in SuggestionEngine.SamePersonPairs(set.Faces, labels, groups).Take(50))
        {
            int a = Root(pair.A), b = Root(pair.B);
            if (a == b) continue;
            answers++;
            if (identity[pair.A] >= 0 && identity[pair.A] == identity[pair.B])
            {
                yes++;
                parent[Math.Max(a, b)] = Math.Min(a, b);
            }
        }
        Report("after same-person pairs", answers, yes);

        // 2. Face suggestions: named people are the (merged) people of at least namedSize faces.
        var size = new int[groups];
        foreach (var l in labels) if (l >= 0) size[Root(l)]++;
        var people = Enumerable.Range(0, groups).Where(g => Root(g) == g && size[g] >= namedSize).ToList();
        var classOf = people.Select((g, c) => (g, c)).ToDictionary(p => p.g, p => p.c);
        var labelled = Enumerable.Range(0, n).Where(i => labels[i] >= 0 && classOf.ContainsKey(Root(labels[i]))).ToList();
        // The faces offered: unassigned ones, and with --small-people also those of unnamed people smaller than namedSize.
        var unassigned = Enumerable.Range(0, n).Where(i => labels[i] < 0 || (smallPeople && !classOf.ContainsKey(Root(labels[i])))).ToList();
        if (people.Count < 2 || unassigned.Count == 0)
        {
            Console.WriteLine($"{name}\tno suggestions: {people.Count} named people, {unassigned.Count} unassigned faces");
            return;
        }
        var personIdentity = MajorityIdentity(
            Enumerable.Range(0, n).Select(i => labels[i] >= 0 && classOf.TryGetValue(Root(labels[i]), out var c) ? c : -1).ToArray(), truth, people.Count);
        var (chosen, _, proposals) = SuggestionEngine.Suggest(
            Rows(set.Faces, labelled), [.. labelled.Select(i => classOf[Root(labels[i])])], people.Count, Rows(set.Faces, unassigned));
        var ranked = proposals.Where(p => truth[unassigned[p.Face]] >= 0).OrderByDescending(p => p.Confidence).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}\tsuggestions\t{people.Count} named people\t{labelled.Count} named faces\t{unassigned.Count} unassigned ({ranked.Count} labelled)\tclassifier {chosen.Name} (cv {chosen.Accuracy:0.000})"));

        // What accepting without looking would do (on a copy), at a few confidence bars.
        var saved = (int[])labels.Clone();
        foreach (var bar in new[] { 0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0f })
        {
            Array.Copy(saved, labels, n);
            int taken = 0, right = 0;
            foreach (var p in ranked.Where(p => p.Confidence >= bar))
            {
                taken++;
                if (personIdentity[p.Label] == truth[unassigned[p.Face]]) right++;
                labels[unassigned[p.Face]] = people[p.Label];
            }
            Report(string.Create(CultureInfo.InvariantCulture, $"accept unseen >= {bar:0.0} ({right} of {taken} right)"), 0, taken);
        }
        Array.Copy(saved, labels, n);

        int faceAnswers = 0, faceYes = 0;
        if (smallGroups)
        {
            // One question per small unnamed person ("Is Person_037 Jessica Alba?"): its faces vote with their
            // confidences; unassigned faces are still asked one by one. All questions, most confident first.
            var groupIdentity = MajorityIdentity([.. labels.Select(l => l < 0 ? -1 : Root(l))], truth, groups);
            var questions = new List<(int Group, int Face, int Label, float Confidence)>();
            foreach (var g in ranked.Where(p => labels[unassigned[p.Face]] >= 0).GroupBy(p => Root(labels[unassigned[p.Face]])))
            {
                var (label, confidence) = SuggestionEngine.Vote(g.Select(p => (p.Label, p.Confidence)), size[g.Key]);
                questions.Add((g.Key, -1, label, confidence));
            }
            questions.AddRange(ranked.Where(p => labels[unassigned[p.Face]] < 0).Select(p => (-1, unassigned[p.Face], p.Label, p.Confidence)));
            foreach (var q in questions.OrderByDescending(q => q.Confidence))
            {
                faceAnswers++;
                if (q.Group >= 0 && groupIdentity[q.Group] == personIdentity[q.Label])
                {
                    faceYes++;
                    for (int i = 0; i < n; i++) if (labels[i] >= 0 && Root(labels[i]) == q.Group) labels[i] = people[q.Label];
                }
                else if (q.Group < 0 && truth[q.Face] == personIdentity[q.Label])
                {
                    faceYes++;
                    labels[q.Face] = people[q.Label];
                }
                if (faceAnswers % 25 == 0 || faceAnswers == questions.Count) Report("after group and face suggestions", answers + faceAnswers, yes + faceYes);
            }
            return;
        }
        foreach (var p in ranked)
        {
            faceAnswers++;
            if (personIdentity[p.Label] == truth[unassigned[p.Face]])
            {
                faceYes++;
                labels[unassigned[p.Face]] = people[p.Label];
            }
            if (faceAnswers % 25 == 0 || faceAnswers == ranked.Count) Report("after face suggestions", answers + faceAnswers, yes + faceYes);
        }
    }

    /// <summary>The most common true identity among each group's labelled faces (−1 when it has none).</summary>
    private static int[] MajorityIdentity(int[] group, int[] truth, int groups)
    {
        var counts = new Dictionary<(int Group, int Identity), int>();
        for (int i = 0; i < group.Length; i++)
            if (group[i] >= 0 && truth[i] >= 0) counts[(group[i], truth[i])] = counts.GetValueOrDefault((group[i], truth[i])) + 1;
        var identity = new int[groups];
        Array.Fill(identity, -1);
        var best = new int[groups];
        foreach (var ((g, t), c) in counts.OrderBy(e => e.Key.Identity))
            if (c > best[g]) (best[g], identity[g]) = (c, t);
        return identity;
    }

    private static EmbeddingMatrix Rows(EmbeddingMatrix faces, List<int> rows)
    {
        int d = faces.Dimension;
        var data = new float[rows.Count * d];
        for (int i = 0; i < rows.Count; i++) faces.Row(rows[i]).CopyTo(data.AsSpan(i * d, d));
        return new EmbeddingMatrix(rows.Count, d, data);
    }
}
