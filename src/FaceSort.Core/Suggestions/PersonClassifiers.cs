using System.Numerics.Tensors;
using FaceSort.Core.Clustering;

namespace FaceSort.Core.Suggestions;

/// <summary>A supervised person classifier over unit embeddings: fit on labelled faces, then a label and a confidence in
/// [0, 1]. After Fit, Predict reads only, so faces may be predicted from several threads at once.</summary>
public interface IPersonClassifier
{
    string Name { get; }

    void Fit(EmbeddingMatrix faces, int[] labels, int classes);

    (int Label, float Confidence) Predict(ReadOnlySpan<float> face);

    /// <summary>Predict for every row of <paramref name="faces"/>, on all cores; a classifier that can share work
    /// between faces (kNN: one pass over the labelled faces serves a block of them) does so.</summary>
    (int Label, float Confidence)[] PredictAll(EmbeddingMatrix faces)
    {
        var predictions = new (int, float)[faces.Count];
        Parallel.For(0, faces.Count, i => predictions[i] = Predict(faces.Row(i)));
        return predictions;
    }
}

/// <summary>Nearest class centroid by cosine; confidence = the best cosine, clamped to [0, 1].</summary>
public sealed class NearestCentroidClassifier : IPersonClassifier
{
    private float[][] _centroids = [];

    public string Name => "nearest-centroid";

    public void Fit(EmbeddingMatrix faces, int[] labels, int classes)
    {
        _centroids = [.. Enumerable.Range(0, classes).Select(_ => new float[faces.Dimension])];
        for (var i = 0; i < faces.Count; i++) TensorPrimitives.Add(_centroids[labels[i]], faces.Row(i), _centroids[labels[i]]);
        foreach (var c in _centroids)
        {
            var norm = TensorPrimitives.Norm(c);
            if (norm > 0) TensorPrimitives.Divide(c, norm, c);
        }
    }

    public (int Label, float Confidence) Predict(ReadOnlySpan<float> face)
    {
        var (best, score) = (0, float.MinValue);
        for (var c = 0; c < _centroids.Length; c++)
        {
            var s = TensorPrimitives.Dot(face, _centroids[c]);
            if (s > score) (best, score) = (c, s);
        }
        return (best, Math.Clamp(score, 0, 1));
    }
}

/// <summary>k nearest labelled faces by cosine (k = 3); confidence = share of the k votes the winner has.</summary>
public sealed class KnnClassifier(int k = 3) : IPersonClassifier
{
    private EmbeddingMatrix? _faces;
    private int[] _labels = [];

    public string Name => $"knn-{k}";

    public void Fit(EmbeddingMatrix faces, int[] labels, int classes) => (_faces, _labels) = (faces, labels);

    public (int Label, float Confidence) Predict(ReadOnlySpan<float> face) =>
        PredictAll(new EmbeddingMatrix(1, face.Length, face.ToArray()))[0];

    /// <summary>The k most similar labelled faces of each face come from the exact kNN builder's blocked kernel
    /// (<see cref="KnnGraph.ExactBetween"/>): scoring faces one at a time streamed every labelled face from memory
    /// per query. Equal similarities keep the earlier labelled face, as a stable sort would.</summary>
    public (int Label, float Confidence)[] PredictAll(EmbeddingMatrix faces)
    {
        var labelled = _faces ?? throw new InvalidOperationException("Fit first");
        if (labelled.Count == 0) throw new InvalidOperationException("Fit on at least one face");
        var kk = Math.Min(k, labelled.Count);
        var (neighbours, similarities) = KnnGraph.ExactBetween(faces, labelled, kk);
        var predictions = new (int, float)[faces.Count];
        for (var q = 0; q < faces.Count; q++)
        {
            var top = Enumerable.Range(q * kk, kk).Select(at => (S: similarities[at], Label: _labels[neighbours[at]]));
            var winner = top.GroupBy(n => n.Label).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Sum(n => n.S)).First();
            predictions[q] = (winner.Key, winner.Count() / (float)kk);
        }
        return predictions;
    }
}

/// <summary>
/// Multinomial logistic regression, L2, full-batch gradient descent with Nesterov momentum; confidence = softmax
/// probability. Why momentum: plain gradient descent had not reached the minimum after 200 epochs (on 110 people of a
/// mixed library the loss was 1.3159 against 1.2993 after 1,000), while with momentum 0.9 it is there after 80–100
/// (docs/corrections.md) — a better fit at half the epochs, which is what the suggestions page waits for.
/// </summary>
public sealed class LogisticRegressionClassifier(float l2 = 1e-3f, int epochs = 100, float learningRate = 0.5f, float momentum = 0.9f) : IPersonClassifier
{
    private float[][] _weights = [];

    public string Name => "logistic-regression";

    public void Fit(EmbeddingMatrix faces, int[] labels, int classes)
    {
        var d = faces.Dimension + 1;
        // _weights is where the gradient is taken (the look-ahead point); position and last are the iterates it
        // extrapolates from. Fit ends with _weights at the last iterate.
        _weights = [.. Enumerable.Range(0, classes).Select(_ => new float[d])];
        var position = Enumerable.Range(0, classes).Select(_ => new float[d]).ToArray();
        var last = Enumerable.Range(0, classes).Select(_ => new float[d]).ToArray();
        var gradient = Enumerable.Range(0, classes).Select(_ => new float[d]).ToArray();
        var step = new float[d];
        var x = new float[d];
        var p = new float[classes];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            foreach (var g in gradient) Array.Clear(g);
            for (var i = 0; i < faces.Count; i++)
            {
                Input(faces.Row(i), x);
                Probabilities(x, p);
                for (var c = 0; c < classes; c++) TensorPrimitives.MultiplyAdd(x, p[c] - (labels[i] == c ? 1f : 0f), gradient[c], gradient[c]);
            }
            for (var c = 0; c < classes; c++)
            {
                TensorPrimitives.MultiplyAdd(_weights[c], l2 * faces.Count, gradient[c], gradient[c]);
                position[c].CopyTo(last[c], 0);
                TensorPrimitives.MultiplyAdd(gradient[c], -learningRate / faces.Count * 10, _weights[c], position[c]);
                // Next look-ahead: position + momentum · (position − last); after the last epoch, the position itself.
                TensorPrimitives.Subtract(position[c], last[c], step);
                TensorPrimitives.MultiplyAdd(step, epoch == epochs - 1 ? 0f : momentum, position[c], _weights[c]);
            }
        }
    }

    /// <summary>The objective Fit minimises: mean cross-entropy of the faces' labels plus l2/2 · |W|².</summary>
    public double Loss(EmbeddingMatrix faces, int[] labels)
    {
        var x = new float[faces.Dimension + 1];
        var p = new float[_weights.Length];
        double loss = 0;
        for (var i = 0; i < faces.Count; i++)
        {
            Input(faces.Row(i), x);
            Probabilities(x, p);
            loss -= Math.Log(Math.Max(p[labels[i]], float.Epsilon));
        }
        return loss / faces.Count + 0.5 * l2 * _weights.Sum(w => (double)TensorPrimitives.Dot(w, w));
    }

    public (int Label, float Confidence) Predict(ReadOnlySpan<float> face)
    {
        var x = new float[face.Length + 1];
        Input(face, x);
        var p = new float[_weights.Length];
        Probabilities(x, p);
        var best = TensorPrimitives.IndexOfMax(p);
        return (best, p[best]);
    }

    private static void Input(ReadOnlySpan<float> face, float[] x)
    {
        face.CopyTo(x);
        x[^1] = 1;
    }

    private void Probabilities(float[] x, float[] p)
    {
        for (var c = 0; c < _weights.Length; c++) p[c] = TensorPrimitives.Dot(x, _weights[c]);
        TensorPrimitives.SoftMax(p, p);
    }
}

/// <summary>One-vs-rest linear SVM trained with Pegasos (hinge loss, λ regularisation); confidence = sigmoid of the margin.</summary>
public sealed class LinearSvmClassifier(float lambda = 1e-3f, int epochs = 30, int seed = 1) : IPersonClassifier
{
    private float[][] _weights = [];

    public string Name => "linear-svm";

    public void Fit(EmbeddingMatrix faces, int[] labels, int classes)
    {
        var d = faces.Dimension + 1;
        _weights = [.. Enumerable.Range(0, classes).Select(_ => new float[d])];
        var x = new float[d];
        var random = new Random(seed);
        var order = Enumerable.Range(0, faces.Count).ToArray();
        // Every class's Pegasos step for one face before the next face: the classes are independent, and in a big
        // library a shuffled face is a cache miss, paid once per face instead of once per face and class.
        var t = 0;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var i in order)
            {
                t++;
                var eta = 1f / (lambda * t);
                faces.Row(i).CopyTo(x);
                x[^1] = 1;
                for (var c = 0; c < classes; c++)
                {
                    var w = _weights[c];
                    var y = labels[i] == c ? 1f : -1f;
                    var margin = y * TensorPrimitives.Dot(w, x);
                    TensorPrimitives.Multiply(w, 1 - eta * lambda, w);
                    if (margin < 1) TensorPrimitives.MultiplyAdd(x, eta * y, w, w);
                }
            }
        }
    }

    public (int Label, float Confidence) Predict(ReadOnlySpan<float> face)
    {
        var x = new float[face.Length + 1];
        face.CopyTo(x);
        x[^1] = 1;
        var (best, score) = (0, float.MinValue);
        for (var c = 0; c < _weights.Length; c++)
        {
            var s = TensorPrimitives.Dot(x, _weights[c]);
            if (s > score) (best, score) = (c, s);
        }
        return (best, 1f / (1f + MathF.Exp(-2 * score)));
    }
}
