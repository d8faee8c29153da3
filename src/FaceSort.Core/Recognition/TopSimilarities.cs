using System.Numerics.Tensors;

namespace FaceSort.Core.Recognition;

/// <summary>Keeps the highest few of a stream of similarities, for "how alike is a face to a person's nearest faces".
/// Reusable: <see cref="Clear"/> between faces, so the hot loop allocates nothing.</summary>
internal sealed class TopSimilarities(int count)
{
    private readonly float[] _top = new float[count];
    private int _filled;

    public void Clear() => _filled = 0;

    public void Add(float similarity)
    {
        if (_filled < _top.Length) { _top[_filled++] = similarity; return; }
        int weakest = TensorPrimitives.IndexOfMin<float>(_top);
        if (similarity > _top[weakest]) _top[weakest] = similarity;
    }

    /// <summary>Sum of the kept similarities over the full count: a person with fewer faces scores lower.</summary>
    public float Mean => TensorPrimitives.Sum<float>(_top.AsSpan(0, _filled)) / _top.Length;
}
