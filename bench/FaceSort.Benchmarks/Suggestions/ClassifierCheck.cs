using System.Diagnostics;
using System.Globalization;
using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;
using FaceSort.Core.Suggestions;

namespace FaceSort.Benchmarks.Suggestions;

/// <summary>
/// <c>classifier-check FILE.tsv...</c>: the suggestion classifiers on real labelled faces (every photo's main face,
/// labelled by its folder): 5-fold cross-validated accuracy of each, one fit's seconds on all faces, and how far logistic regression's optimiser gets —
/// the loss after plain gradient descent and after Nesterov momentum at several epoch counts (docs/corrections.md).
/// </summary>
internal static class ClassifierCheck
{
    public static int Run(string[] files)
    {
        foreach (var file in files)
        {
            var set = EmbeddingSetFile.Load(file);
            var scored = Enumerable.Range(0, set.ScoredFaces.Length).Where(k => set.ScoredFaces[k] >= 0).ToList();
            int d = set.Faces.Dimension;
            var data = new float[scored.Count * d];
            for (int i = 0; i < scored.Count; i++) set.Faces.Row(set.ScoredFaces[scored[i]]).CopyTo(data.AsSpan(i * d));
            var faces = new EmbeddingMatrix(scored.Count, d, data);
            var labels = scored.Select(k => set.Truth[k]).ToArray();
            int classes = set.IdentityNames.Length;
            var name = Path.GetFileNameWithoutExtension(file);
            foreach (var s in SuggestionEngine.Evaluate(faces, labels, classes))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}\tcv\t{s.Name}\t{s.Accuracy:0.0000}"));
            foreach (var create in SuggestionEngine.Classifiers)
            {
                var clock = Stopwatch.StartNew();
                var classifier = create();
                classifier.Fit(faces, labels, classes);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}\tfit\t{classifier.Name}\t{clock.Elapsed.TotalSeconds:0.000} s"));
            }
            foreach (var (epochs, momentum) in new[] { (200, 0f), (1000, 0f), (50, 0.9f), (80, 0.9f), (100, 0.9f) })
            {
                var clock = Stopwatch.StartNew();
                var lr = new LogisticRegressionClassifier(epochs: epochs, momentum: momentum);
                lr.Fit(faces, labels, classes);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}\tloss\tepochs {epochs} momentum {momentum}\t{lr.Loss(faces, labels):0.00000}\t{clock.Elapsed.TotalSeconds:0.00} s"));
            }
        }
        return 0;
    }
}
