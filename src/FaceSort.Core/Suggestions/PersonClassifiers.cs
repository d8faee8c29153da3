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
    // One row of Dimension weights per class, then one bias per class, in one array: contiguous, so four faces'
    // logits for two classes come from one 4×2 kernel call, four faces' gradient terms are added to a class row in one
    // pass, and the descent updates every parameter with one vector operation.
    private float[] _parameters = [];
    private int _classes;
    private int _dimension;

    public string Name => "logistic-regression";

    public void Fit(EmbeddingMatrix faces, int[] labels, int classes)
    {
        var d = _dimension = faces.Dimension;
        _classes = classes;
        // _parameters is where the gradient is taken (the look-ahead point); position and last are the iterates it
        // extrapolates from. Fit ends with the look-ahead at the last iterate.
        var size = classes * (d + 1);
        _parameters = new float[size];
        var position = new float[size];
        var last = new float[size];
        var gradient = new float[size];
        var residual = new float[4 * classes];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            Array.Clear(gradient);
            for (var start = 0; start < faces.Count; start += 4)
            {
                var rows = Math.Min(4, faces.Count - start);
                // residual = probabilities − one-hot label, four faces at a time.
                Probabilities(faces, start, rows, residual);
                for (var r = 0; r < rows; r++) residual[r * classes + labels[start + r]] -= 1f;
                AddGradient(faces, start, rows, residual, classes, gradient);
            }
            TensorPrimitives.MultiplyAdd(_parameters, l2 * faces.Count, gradient, gradient);
            position.CopyTo(last, 0);
            TensorPrimitives.MultiplyAdd(gradient, -learningRate / faces.Count * 10, _parameters, position);
            // Next look-ahead: position + momentum · (position − last); after the last epoch, the position itself.
            TensorPrimitives.Subtract(position, last, last);
            TensorPrimitives.MultiplyAdd(last, epoch == epochs - 1 ? 0f : momentum, position, _parameters);
        }
    }

    /// <summary>The objective Fit minimises: mean cross-entropy of the faces' labels plus l2/2 · |W|² (biases included).</summary>
    public double Loss(EmbeddingMatrix faces, int[] labels)
    {
        var classes = _classes;
        var p = new float[4 * classes];
        double loss = 0;
        for (var start = 0; start < faces.Count; start += 4)
        {
            var rows = Math.Min(4, faces.Count - start);
            Probabilities(faces, start, rows, p);
            for (var r = 0; r < rows; r++) loss -= Math.Log(Math.Max(p[r * classes + labels[start + r]], float.Epsilon));
        }
        return loss / faces.Count + 0.5 * l2 * TensorPrimitives.Dot(_parameters, _parameters);
    }

    public (int Label, float Confidence) Predict(ReadOnlySpan<float> face)
    {
        var p = new float[_classes];
        Probabilities(new EmbeddingMatrix(1, face.Length, face.ToArray()), 0, 1, p);
        var best = TensorPrimitives.IndexOfMax(p);
        return (best, p[best]);
    }

    /// <summary>Softmax probabilities of faces start..start+rows (rows ≤ 4) into output[r · classes + c].</summary>
    private void Probabilities(EmbeddingMatrix faces, int start, int rows, float[] output)
    {
        var classes = _classes;
        Logits(faces, start, rows, output);
        for (var r = 0; r < rows; r++)
        {
            var row = output.AsSpan(r * classes, classes);
            TensorPrimitives.SoftMax(row, row);
        }
    }

    /// <summary>Logits of faces start..start+rows (rows ≤ 4) into output[r · classes + c].</summary>
    private unsafe void Logits(EmbeddingMatrix faces, int start, int rows, float[] output)
    {
        int classes = _classes, d = _dimension;
        if (faces.Dimension != d) throw new ArgumentException($"faces of dimension {faces.Dimension}, fitted on {d}", nameof(faces));
        float* tile = stackalloc float[8];
        fixed (float* x = faces.Data)
        fixed (float* w = _parameters)
        {
            float* q = x + (long)start * d;
            float* bias = w + (long)classes * d;
            var c = 0;
            for (; c + 1 < classes; c += 2)
            {
                DotKernels.Tile4x2(q, rows, w + (long)c * d, d, tile);
                for (var r = 0; r < rows; r++)
                {
                    output[r * classes + c] = tile[r * 2] + bias[c];
                    output[r * classes + c + 1] = tile[r * 2 + 1] + bias[c + 1];
                }
            }
            for (; c < classes; c++)
                for (var r = 0; r < rows; r++)
                    output[r * classes + c] = DotKernels.Dot(q + (long)r * d, w + (long)c * d, d) + bias[c];
        }
    }

    /// <summary>gradient[c] += Σ_r residual[r, c] · (face r, 1) for faces start..start+rows.</summary>
    private static unsafe void AddGradient(EmbeddingMatrix faces, int start, int rows, float[] residual, int classes, float[] gradient)
    {
        int d = faces.Dimension;
        fixed (float* x = faces.Data)
        fixed (float* g = gradient)
        {
            float* q = x + (long)start * d;
            for (var c = 0; c < classes; c++)
            {
                DotKernels.AddScaledRows(g + (long)c * d, q, rows, d, residual, c, classes);
                for (var r = 0; r < rows; r++) g[classes * d + c] += residual[r * classes + c];
            }
        }
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
        // Every class then shrinks by the same (1 − ηλ) at each step, so the weights are kept as scale · v with one
        // shared scale: the shrink is one multiply instead of a pass over every class's weights, and a class whose
        // margin is already met costs one dot product.
        var scale = 1.0;
        var t = 0;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var i in order)
            {
                t++;
                var eta = 1.0 / (lambda * t);
                faces.Row(i).CopyTo(x);
                x[^1] = 1;
                var shrink = 1 - eta * lambda;
                // Margins are measured before the shrink, as in the unscaled step.
                var before = scale;
                if (shrink <= 0)
                {
                    // The first step (η = 1/λ) shrinks every weight to nothing.
                    foreach (var v in _weights) Array.Clear(v);
                    scale = 1;
                }
                else scale *= shrink;
                for (var c = 0; c < classes; c++)
                {
                    var v = _weights[c];
                    var y = labels[i] == c ? 1f : -1f;
                    var margin = y * before * TensorPrimitives.Dot(v, x);
                    if (margin < 1) TensorPrimitives.MultiplyAdd(x, (float)(eta * y / scale), v, v);
                }
                if (scale < 1e-6)
                {
                    // Fold the scale into the weights before it leaves float's range (it falls like 1/t).
                    foreach (var v in _weights) TensorPrimitives.Multiply(v, (float)scale, v);
                    scale = 1;
                }
            }
        }
        foreach (var v in _weights) TensorPrimitives.Multiply(v, (float)scale, v);
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
