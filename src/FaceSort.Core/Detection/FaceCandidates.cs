namespace FaceSort.Core.Detection;

/// <summary>
/// Raw detections of one frame as flat arrays (box x, y, w, h; ten landmark coordinates; score), grown once and
/// reused across calls so that decoding and NMS allocate nothing per frame.
/// </summary>
internal sealed class FaceCandidates
{
    private float[] _boxes = new float[4 * 64];
    private float[] _landmarks = new float[10 * 64];
    private float[] _scores = new float[64];
    private float[] _sortKeys = new float[64];
    private int[] _order = new int[64];
    private bool[] _suppressed = new bool[64];

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    /// <summary>Appends one candidate and returns the span its ten landmark coordinates go into.</summary>
    public Span<float> Add(float x, float y, float width, float height, float score)
    {
        if (Count == _scores.Length) Grow();
        var i = Count++;
        _boxes[4 * i] = x;
        _boxes[4 * i + 1] = y;
        _boxes[4 * i + 2] = width;
        _boxes[4 * i + 3] = height;
        _scores[i] = score;
        return _landmarks.AsSpan(10 * i, 10);
    }

    public float Score(int i) => _scores[i];

    public FaceBox Box(int i) => new(_boxes[4 * i], _boxes[4 * i + 1], _boxes[4 * i + 2], _boxes[4 * i + 3]);

    public ReadOnlySpan<float> Landmarks(int i) => _landmarks.AsSpan(10 * i, 10);

    /// <summary>
    /// Greedy non-maximum suppression as OpenCV's NMSBoxes: visit candidates best score first and keep one unless it
    /// overlaps an already kept one by more than <paramref name="iouThreshold"/>. Writes kept indices, best first.
    /// </summary>
    /// <returns>How many indices were written to <paramref name="kept"/>.</returns>
    public int Suppress(float iouThreshold, List<int> kept)
    {
        kept.Clear();
        var n = Count;
        if (n == 0) return 0;
        for (var i = 0; i < n; i++)
        {
            _order[i] = i;
            _sortKeys[i] = -_scores[i];
            _suppressed[i] = false;
        }
        // Sorting keys with items is an introsort on two arrays: no comparer delegate, no allocation.
        Array.Sort(_sortKeys, _order, 0, n);
        for (var a = 0; a < n; a++)
        {
            var i = _order[a];
            if (_suppressed[i]) continue;
            kept.Add(i);
            float ix = _boxes[4 * i], iy = _boxes[4 * i + 1], iw = _boxes[4 * i + 2], ih = _boxes[4 * i + 3];
            var iArea = Math.Max(0, iw) * Math.Max(0, ih);
            for (var b = a + 1; b < n; b++)
            {
                var j = _order[b];
                if (_suppressed[j]) continue;
                float jx = _boxes[4 * j], jy = _boxes[4 * j + 1], jw = _boxes[4 * j + 2], jh = _boxes[4 * j + 3];
                var w = Math.Min(ix + iw, jx + jw) - Math.Max(ix, jx);
                if (w <= 0) continue;
                var h = Math.Min(iy + ih, jy + jh) - Math.Max(iy, jy);
                if (h <= 0) continue;
                var inter = w * h;
                var union = iArea + Math.Max(0, jw) * Math.Max(0, jh) - inter;
                if (inter > iouThreshold * union) _suppressed[j] = true;
            }
        }
        return kept.Count;
    }

    private void Grow()
    {
        var n = _scores.Length * 2;
        Array.Resize(ref _boxes, 4 * n);
        Array.Resize(ref _landmarks, 10 * n);
        Array.Resize(ref _scores, n);
        _sortKeys = new float[n];
        _order = new int[n];
        _suppressed = new bool[n];
    }
}
