using System.Numerics.Tensors;
using FaceSort.Core.Clustering;

namespace FaceSort.Core.Suggestions;

/// <summary>Cross-validated accuracy of one classifier on the labelled faces.</summary>
public sealed record ClassifierScore(string Name, double Accuracy, int Folds, int LabelledFaces);

/// <summary>A proposed person (class index) for one face, with the chosen classifier's confidence.</summary>
public readonly record struct Suggestion(int Face, int Label, float Confidence);

/// <summary>Two people that are probably one: mean cosine over many cross pairs of their faces.</summary>
public readonly record struct SamePersonCandidate(int A, int B, float MeanSimilarity);

/// <summary>
/// Supervised suggestions, a pure function of embeddings and labels: every classifier (nearest centroid, kNN k=3,
/// logistic regression, linear SVM) is scored by stratified k-fold cross-validation on the labelled faces, the best is
/// refit on all of them and proposes a label with a confidence for each unlabelled face.
/// </summary>
public static class SuggestionEngine
{
    public static IReadOnlyList<Func<IPersonClassifier>> Classifiers { get; } =
    [
        () => new NearestCentroidClassifier(),
        () => new KnnClassifier(3),
        () => new LogisticRegressionClassifier(),
        () => new LinearSvmClassifier(),
    ];

    /// <summary>
    /// Most labelled faces the cross-validation tests, evenly spaced over the folds: choosing among four classifiers
    /// needs their accuracies to about a percent (binomial standard error at 5,000 faces ≤ 0.7 %), not a test of every
    /// face, and kNN's tests cost one scan of the training faces each (40,000 named faces took minutes). Every fold
    /// still trains on all its faces, so the accuracies are those of classifiers fitted on this library's size.
    /// </summary>
    public const int MaxValidationFaces = 5_000;

    /// <summary>Accuracy of each classifier by k-fold cross-validation (fold = position of the face within its class
    /// mod k), tested on up to <see cref="MaxValidationFaces"/> of the labelled faces.</summary>
    public static IReadOnlyList<ClassifierScore> Evaluate(EmbeddingMatrix faces, int[] labels, int classes, int folds = 5)
    {
        // Every stride-th face is tested (all of them up to the cap); a fold trains on every face outside it.
        var stride = Math.Max(1, (labels.Length + MaxValidationFaces - 1) / MaxValidationFaces);
        var fold = new int[labels.Length];
        var seen = new int[classes];
        for (var i = 0; i < labels.Length; i++) fold[i] = seen[labels[i]]++ % folds;
        var scores = new List<ClassifierScore>();
        foreach (var create in Classifiers)
        {
            // Folds are independent fits: one per core (a fit is single-threaded).
            var correct = new int[folds];
            var tested = new int[folds];
            Parallel.For(0, folds, f =>
            {
                var train = Enumerable.Range(0, labels.Length).Where(i => fold[i] != f).ToList();
                var test = Enumerable.Range(0, labels.Length).Where(i => fold[i] == f && i % stride == 0).ToList();
                if (train.Count == 0 || test.Count == 0) return;
                var classifier = create();
                classifier.Fit(Subset(faces, train), [.. train.Select(i => labels[i])], classes);
                var predicted = classifier.PredictAll(Subset(faces, test));
                for (var t = 0; t < test.Count; t++)
                    if (predicted[t].Label == labels[test[t]]) correct[f]++;
                tested[f] = test.Count;
            });
            var total = tested.Sum();
            scores.Add(new ClassifierScore(create().Name, total == 0 ? 0 : correct.Sum() / (double)total, folds, labels.Length));
        }
        return scores;
    }

    /// <summary>Picks a classifier by cross-validated accuracy (<see cref="Choose"/>), fits it on all labelled faces and suggests.</summary>
    public static (ClassifierScore Chosen, IReadOnlyList<ClassifierScore> All, Suggestion[] Suggestions) Suggest(
        EmbeddingMatrix labelled, int[] labels, int classes, EmbeddingMatrix unlabelled, int folds = 5)
    {
        var all = Evaluate(labelled, labels, classes, folds);
        int bestIndex = Choose(all, Math.Min(labels.Length, MaxValidationFaces));
        var classifier = Classifiers[bestIndex]();
        classifier.Fit(labelled, labels, classes);
        var suggestions = classifier.PredictAll(unlabelled).Select((p, i) => new Suggestion(i, p.Label, p.Confidence)).ToArray();
        return (all[bestIndex], all, suggestions);
    }

    /// <summary>
    /// The first listed classifier whose accuracy is within one standard error of the best's (the one-standard-error
    /// rule; <paramref name="tested"/> faces were tested). Why: four accuracies of 0.998–0.999 on 1,375 faces differ by a
    /// face or two, and the most accurate by such a margin is a coin toss that changed the suggestions' confidences
    /// (nearest centroid's are graded, kNN's come in thirds): glint12 with lfw named swung between the two on one face
    /// of 1,375 when clustering changed a little. The list runs from the simplest classifier, so a tie keeps it. The
    /// error is Agresti–Coull's (two right and two wrong answers added): with one or no error in a thousand, the plain
    /// binomial error is about as small as one face, or zero.
    /// </summary>
    public static int Choose(IReadOnlyList<ClassifierScore> scores, int tested)
    {
        double best = scores.Max(s => s.Accuracy);
        double n = Math.Max(0, tested) + 4.0;
        double adjusted = (best * Math.Max(0, tested) + 2) / n;
        double standardError = Math.Sqrt(adjusted * (1 - adjusted) / n);
        for (var i = 0; i < scores.Count; i++)
            if (scores[i].Accuracy >= best - standardError) return i;
        return 0;
    }

    /// <summary>
    /// The person a group of faces (a small unnamed person) is proposed for: the label whose faces' confidences sum
    /// highest (lowest label on a tie), with that sum over <paramref name="faceCount"/> as the group's confidence — a
    /// face that voted elsewhere, or was not asked, counts as no support.
    /// </summary>
    public static (int Label, float Confidence) Vote(IEnumerable<(int Label, float Confidence)> faces, int faceCount)
    {
        var sums = new SortedDictionary<int, float>();
        foreach (var (label, confidence) in faces) sums[label] = sums.GetValueOrDefault(label) + confidence;
        if (sums.Count == 0) throw new ArgumentException("no face to vote", nameof(faces));
        var (best, sum) = sums.MaxBy(v => v.Value);
        return (best, sum / Math.Max(1, faceCount));
    }

    /// <summary>
    /// The best label for <paramref name="face"/> among the classes not in <paramref name="excluded"/> (people the user
    /// said it is not): the classifier from <paramref name="create"/> is refit on the other classes' faces only, so the
    /// answer is the one it would give had those people never been named. Null when fewer than two classes remain.
    /// </summary>
    public static (int Label, float Confidence)? PredictExcluding(
        Func<IPersonClassifier> create, EmbeddingMatrix labelled, int[] labels, int classes, IReadOnlySet<int> excluded, ReadOnlySpan<float> face) =>
        FitExcluding(create, labelled, labels, classes, excluded)?.Predict(face);

    /// <summary>The classifier of <see cref="PredictExcluding"/>, fitted once for every face rejected from the same
    /// people. Null when fewer than two classes remain.</summary>
    public static ExcludingClassifier? FitExcluding(
        Func<IPersonClassifier> create, EmbeddingMatrix labelled, int[] labels, int classes, IReadOnlySet<int> excluded)
    {
        var kept = new int[classes];
        var original = new List<int>();
        for (var c = 0; c < classes; c++)
        {
            kept[c] = excluded.Contains(c) ? -1 : original.Count;
            if (kept[c] >= 0) original.Add(c);
        }
        var rows = Enumerable.Range(0, labels.Length).Where(i => kept[labels[i]] >= 0).ToList();
        if (original.Count < 2 || rows.Count == 0) return null;
        var classifier = create();
        classifier.Fit(Subset(labelled, rows), [.. rows.Select(i => kept[labels[i]])], original.Count);
        return new ExcludingClassifier(classifier, [.. original]);
    }

    /// <summary>A classifier fitted without some classes; <see cref="Predict"/> answers in the original class numbers.</summary>
    public sealed class ExcludingClassifier(IPersonClassifier classifier, int[] original)
    {
        public (int Label, float Confidence) Predict(ReadOnlySpan<float> face)
        {
            var (label, confidence) = classifier.Predict(face);
            return (original[label], confidence);
        }
    }

    /// <summary>
    /// Pairs of groups ranked by mean cosine over up to <paramref name="sample"/>² cross pairs, most similar first. The
    /// mean of all cross dots is the dot of the two samples' sums over the pair count, so a pair of groups costs one
    /// d-long dot rather than sample² of them (10,000 people: seconds, not many minutes).
    /// </summary>
    public static IReadOnlyList<SamePersonCandidate> SamePersonPairs(EmbeddingMatrix faces, int[] group, int groups, int sample = 24, float minSimilarity = 0.3f)
    {
        var members = Enumerable.Range(0, groups).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < group.Length; i++) if (group[i] >= 0) members[group[i]].Add(i);
        var d = faces.Dimension;
        var sums = new float[groups * d];
        var counts = new int[groups];
        for (var g = 0; g < groups; g++)
        {
            var m = members[g];
            var sampled = m.Where((_, k) => k % Math.Max(1, m.Count / sample) == 0).Take(sample);
            var sum = sums.AsSpan(g * d, d);
            foreach (var i in sampled)
            {
                TensorPrimitives.Add(sum, faces.Row(i), sum);
                counts[g]++;
            }
        }
        var pairs = new List<SamePersonCandidate>();
        for (var a = 0; a < groups; a++)
        {
            if (counts[a] == 0) continue;
            var sa = sums.AsSpan(a * d, d);
            for (var b = a + 1; b < groups; b++)
            {
                if (counts[b] == 0) continue;
                var mean = TensorPrimitives.Dot(sa, sums.AsSpan(b * d, d)) / ((float)counts[a] * counts[b]);
                if (mean >= minSimilarity) pairs.Add(new SamePersonCandidate(a, b, mean));
            }
        }
        return [.. pairs.OrderByDescending(p => p.MeanSimilarity)];
    }

    private static EmbeddingMatrix Subset(EmbeddingMatrix faces, List<int> rows)
    {
        var data = new float[rows.Count * faces.Dimension];
        for (var i = 0; i < rows.Count; i++) faces.Row(rows[i]).CopyTo(data.AsSpan(i * faces.Dimension));
        return new EmbeddingMatrix(rows.Count, faces.Dimension, data);
    }
}
