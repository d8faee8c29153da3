namespace FaceSort.Core.Recognition;

/// <summary>Order statistics without sorting.</summary>
internal static class Selection
{
    /// <summary>
    /// Rearranges <paramref name="values"/> so that the element at <paramref name="k"/> is the one a sort would put there,
    /// every element before it is no larger and every element after it no smaller; returns it. Hoare's quickselect with
    /// a median-of-three pivot: linear on average, deterministic.
    /// </summary>
    public static float Select(Span<float> values, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, values.Length);
        int lo = 0, hi = values.Length - 1;
        while (hi > lo)
        {
            int mid = lo + (hi - lo) / 2;
            if (values[mid] < values[lo]) Swap(values, mid, lo);
            if (values[hi] < values[lo]) Swap(values, hi, lo);
            if (values[hi] < values[mid]) Swap(values, hi, mid);
            float pivot = values[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j) Swap(values, i++, j--);
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else break;
        }
        return values[k];
    }

    private static void Swap(Span<float> values, int a, int b) => (values[a], values[b]) = (values[b], values[a]);
}
