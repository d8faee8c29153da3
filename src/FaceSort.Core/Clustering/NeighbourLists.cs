using System.Runtime.CompilerServices;

namespace FaceSort.Core.Clustering;

/// <summary>
/// Per-face bounded neighbour lists that several threads fill at once (<see cref="IvfKnn"/>). Entries are ordered by
/// similarity descending, then position ascending — a total order, so the final lists do not depend on the order in
/// which threads offered pairs. A pair offered twice is kept once. Indices are positions in the cell order;
/// <see cref="ToGraph"/> maps them back to face indices.
/// </summary>
internal sealed class NeighbourLists(int count, int k)
{
    private readonly int[] _ids = Filled(count * k, -1);
    private readonly float[] _sims = Filled(count * k, float.NegativeInfinity);
    private readonly int[] _locks = new int[count];

    /// <summary>The similarity a new entry of i's list must reach: its last entry's (−∞ until the list is full). Read
    /// without the lock: a stale bar is only lower, and <see cref="Offer"/> checks again.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Bar(int i) => _sims[i * k + k - 1];

    /// <summary>Offers b to a's list and a to b's list (a ≠ b).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Offer(int a, int b, float s)
    {
        // Unlocked pre-check: most offers lose to a full list (a stale read only costs a locked re-check), and this
        // runs once per dot product, so it must stay inline.
        if (s >= _sims[a * k + k - 1] && a != b) OfferOne(a, b, s);
        if (s >= _sims[b * k + k - 1] && a != b) OfferOne(b, a, s);
    }

    private void OfferOne(int i, int j, float s)
    {
        while (Interlocked.CompareExchange(ref _locks[i], 1, 0) != 0) Thread.SpinWait(1);
        try
        {
            var ids = _ids.AsSpan(i * k, k);
            var sims = _sims.AsSpan(i * k, k);
            if (!Beats(s, j, sims[k - 1], ids[k - 1]) || ids.Contains(j)) return;
            int pos = k - 1;
            while (pos > 0 && Beats(s, j, sims[pos - 1], ids[pos - 1]))
            {
                sims[pos] = sims[pos - 1];
                ids[pos] = ids[pos - 1];
                pos--;
            }
            sims[pos] = s;
            ids[pos] = j;
        }
        finally
        {
            Volatile.Write(ref _locks[i], 0);
        }
    }

    private static bool Beats(float s, int j, float sLast, int jLast) =>
        s > sLast || (s == sLast && jLast >= 0 && j < jLast);

    /// <summary>The graph in face indices: row of face order[p] is position p's list, each id mapped through order.</summary>
    public KnnGraph ToGraph(int[] order)
    {
        var nb = new int[count * k];
        var sim = new float[count * k];
        for (int p = 0; p < count; p++)
        {
            int i = order[p];
            for (int t = 0; t < k; t++)
            {
                int id = _ids[p * k + t];
                nb[i * k + t] = id < 0 ? -1 : order[id];
                sim[i * k + t] = _sims[p * k + t];
            }
            SortTies(nb.AsSpan(i * k, k), sim.AsSpan(i * k, k));
        }
        return KnnGraph.FromLists(count, k, nb, sim);
    }

    /// <summary>Positions are not face indices: equal similarities are put back in face index order.</summary>
    private static void SortTies(Span<int> ids, Span<float> ss)
    {
        for (int a = 1; a < ids.Length; a++)
            for (int b = a; b > 0 && ss[b - 1] == ss[b] && ids[b] >= 0 && ids[b - 1] > ids[b]; b--)
            {
                (ids[b - 1], ids[b]) = (ids[b], ids[b - 1]);
                (ss[b - 1], ss[b]) = (ss[b], ss[b - 1]);
            }
    }

    private static T[] Filled<T>(int length, T value)
    {
        var a = new T[length];
        Array.Fill(a, value);
        return a;
    }
}
