using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;
using FaceSort.Core.Suggestions;

namespace FaceSort.Core.Tests.Suggestions;

public sealed class SuggestionEngineTests
{
    /// <summary>lfw's people with at least 3 photos: their main faces, labelled.</summary>
    private static (EmbeddingMatrix Faces, int[] Labels, int Classes) Lfw()
    {
        var set = EmbeddingSetFile.Load(Path.Combine(TestPaths.Fixtures, "embeddings", "lfw.tsv"));
        var counts = set.Truth.CountBy(t => t).ToDictionary(p => p.Key, p => p.Value);
        var keep = Enumerable.Range(0, set.Truth.Length).Where(k => set.ScoredFaces[k] >= 0 && counts[set.Truth[k]] >= 3).ToList();
        var classOf = keep.Select(k => set.Truth[k]).Distinct().Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
        var d = set.Faces.Dimension;
        var data = new float[keep.Count * d];
        for (var i = 0; i < keep.Count; i++) set.Faces.Row(set.ScoredFaces[keep[i]]).CopyTo(data.AsSpan(i * d));
        return (new EmbeddingMatrix(keep.Count, d, data), [.. keep.Select(k => classOf[set.Truth[k]])], classOf.Count);
    }

    [Fact]
    public void Every_classifier_recognises_lfw_people_far_above_chance_by_cross_validation()
    {
        var (faces, labels, classes) = Lfw();
        var scores = SuggestionEngine.Evaluate(faces, labels, classes, folds: 3);
        TestContext.Current.SendDiagnosticMessage(string.Join("; ", scores.Select(s => $"{s.Name} {s.Accuracy:0.000}")));
        Console.WriteLine("RESULT " + string.Join("; ", scores.Select(s => $"{s.Name} {s.Accuracy:0.000}")) + $" ({labels.Length} faces, {classes} people)");
        scores.Select(s => s.Name).ShouldBe(["nearest-centroid", "knn-3", "logistic-regression", "linear-svm"]);
        foreach (var s in scores) s.Accuracy.ShouldBeGreaterThan(0.8, s.Name);
    }

    [Fact]
    public void The_simplest_classifier_within_one_standard_error_of_the_best_is_chosen()
    {
        static ClassifierScore Score(string name, double accuracy) => new(name, accuracy, 5, 1375);
        // glint12 with lfw named: kNN ahead of nearest centroid by one face of 1,375 (standard error 0.0013).
        SuggestionEngine.Choose([Score("nearest-centroid", 0.99855), Score("knn-3", 0.99927), Score("logistic-regression", 0.98618),
            Score("linear-svm", 0.99709)], 1375).ShouldBe(0);
        // Ahead by three standard errors: the better one.
        SuggestionEngine.Choose([Score("nearest-centroid", 0.95), Score("knn-3", 0.99), Score("logistic-regression", 0.97),
            Score("linear-svm", 0.985)], 1000).ShouldBe(1, "0.99 ± 0.003: the svm's 0.985 is out, the knn is first");
        SuggestionEngine.Choose([Score("nearest-centroid", 0.90), Score("knn-3", 1.0)], 50).ShouldBe(1, "perfect on 50 faces: 0.90 is four standard errors below");
    }

    [Fact]
    public void Logistic_regression_reaches_the_minimum_that_plain_gradient_descent_needs_a_thousand_epochs_for()
    {
        var (faces, labels, classes) = Lfw();
        double LossAfter(LogisticRegressionClassifier classifier)
        {
            classifier.Fit(faces, labels, classes);
            return classifier.Loss(faces, labels);
        }
        var byDefault = LossAfter(new LogisticRegressionClassifier());
        var minimum = LossAfter(new LogisticRegressionClassifier(epochs: 1000, momentum: 0));
        var oldDefault = LossAfter(new LogisticRegressionClassifier(epochs: 200, momentum: 0));
        Console.WriteLine($"RESULT loss: default {byDefault:0.00000}, 1000 plain epochs {minimum:0.00000}, 200 plain epochs {oldDefault:0.00000}");
        byDefault.ShouldBeLessThan(minimum + 1e-4);
        // The objective is convex with one minimum; 200 plain epochs (the earlier default) stop visibly short of it.
        oldDefault.ShouldBeGreaterThan(minimum + 5e-4);
    }

    [Fact]
    public void A_group_goes_to_the_person_its_faces_support_most_with_the_share_of_its_faces_as_confidence()
    {
        // Two faces say person 2 (0.5 + 0.3), one says person 1 more strongly (0.7): 0.8 against 0.7.
        SuggestionEngine.Vote([(2, 0.5f), (1, 0.7f), (2, 0.3f)], faceCount: 4).ShouldBe((2, 0.2f));
        // A tie goes to the lower label, as the page orders people.
        SuggestionEngine.Vote([(3, 0.4f), (1, 0.4f)], faceCount: 2).ShouldBe((1, 0.2f));
        Should.Throw<ArgumentException>(() => SuggestionEngine.Vote([], faceCount: 2));
    }

    [Fact]
    public void Knn_votes_among_the_k_most_similar_faces_as_a_full_sort_would()
    {
        var (faces, labels, classes) = Lfw();
        var train = Enumerable.Range(0, faces.Count).Where(i => i % 3 != 0).ToList();
        var trainFaces = new EmbeddingMatrix(train.Count, faces.Dimension, [.. train.SelectMany(i => faces.Row(i).ToArray())]);
        var knn = new KnnClassifier(3);
        knn.Fit(trainFaces, [.. train.Select(i => labels[i])], classes);
        for (var q = 0; q < faces.Count; q += 3)
        {
            var top = train.Select(i => (S: System.Numerics.Tensors.TensorPrimitives.Dot(faces.Row(q), faces.Row(i)), Label: labels[i]))
                .OrderByDescending(n => n.S).Take(3).ToList();
            var winner = top.GroupBy(n => n.Label).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Sum(n => n.S)).First();
            knn.Predict(faces.Row(q)).ShouldBe((winner.Key, winner.Count() / 3f));
        }
    }

    [Fact]
    public void Same_person_pairs_rank_a_split_person_first()
    {
        var (faces, labels, classes) = Lfw();
        // Split person 0 in two groups: the two halves must be the most similar pair of groups.
        var group = (int[])labels.Clone();
        var half = 0;
        for (var i = 0; i < group.Length; i++) if (group[i] == 0 && half++ % 2 == 1) group[i] = classes;
        var pairs = SuggestionEngine.SamePersonPairs(faces, group, classes + 1);
        pairs[0].ShouldBe(pairs[0] with { A = 0, B = classes });

        // Fewer than 24 faces a side: the mean is over every cross pair.
        var a = Enumerable.Range(0, group.Length).Where(i => group[i] == 0).ToList();
        var b = Enumerable.Range(0, group.Length).Where(i => group[i] == classes).ToList();
        var mean = a.SelectMany(i => b.Select(j => (double)System.Numerics.Tensors.TensorPrimitives.Dot(faces.Row(i), faces.Row(j)))).Average();
        pairs[0].MeanSimilarity.ShouldBe((float)mean, 1e-5f);
    }

    [Fact]
    public void Excluding_the_best_person_proposes_the_next_nearest_and_nothing_when_one_is_left()
    {
        // Three people on the unit circle: A around 0°, B around 90°, C around 180°. The face at 18° is A's, then B's.
        float[][] rows = [[1, 0], [0.99f, 0.14f], [0, 1], [0.14f, 0.99f], [-1, 0], [-0.99f, 0.14f]];
        var faces = new EmbeddingMatrix(rows.Length, 2, [.. rows.SelectMany(r => r)]);
        int[] labels = [0, 0, 1, 1, 2, 2];
        float[] face = [0.95f, 0.31f];
        foreach (var create in SuggestionEngine.Classifiers)
        {
            var name = create().Name;
            SuggestionEngine.PredictExcluding(create, faces, labels, 3, new HashSet<int>(), face)!.Value.Label.ShouldBe(0, name);
            SuggestionEngine.PredictExcluding(create, faces, labels, 3, new HashSet<int> { 0 }, face)!.Value.Label.ShouldBe(1, name);
            SuggestionEngine.PredictExcluding(create, faces, labels, 3, new HashSet<int> { 1 }, face)!.Value.Label.ShouldBe(0, name);
            SuggestionEngine.PredictExcluding(create, faces, labels, 3, new HashSet<int> { 0, 1 }, face).ShouldBeNull(name);
        }
    }
}
