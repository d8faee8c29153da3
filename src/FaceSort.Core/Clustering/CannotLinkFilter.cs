namespace FaceSort.Core.Clustering;

/// <summary>
/// Makes a finished partition respect cannot-link pairs for methods that cannot refuse a merge while they build it
/// (HDBSCAN's tree, k-means' centroids): in each cluster, members are visited strongest first (ties: lowest index) and
/// a face bound by a cannot-link to a member already kept becomes unassigned. Dropping the weaker face rather than
/// splitting the cluster keeps the person the cluster is about; the dropped face is usually the stranger beside them.
/// </summary>
internal static class CannotLinkFilter
{
    /// <summary>Unassigns offenders in place; returns how many faces were dropped.</summary>
    /// <param name="labels">Cluster per face, negative for unassigned.</param>
    /// <param name="strength">Per face, how central it is to its cluster (larger is stronger).</param>
    /// <param name="conflicts">The cannot-link pairs.</param>
    public static int Apply(int[] labels, ReadOnlySpan<double> strength, ConflictIndex conflicts)
    {
        if (conflicts.IsEmpty) return 0;
        int n = labels.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var key = strength.ToArray();
        Array.Sort(order, (x, y) =>
        {
            int c = key[y].CompareTo(key[x]);
            return c != 0 ? c : x.CompareTo(y);
        });
        var kept = new bool[n];
        int dropped = 0;
        foreach (int face in order)
        {
            int label = labels[face];
            if (label < 0) continue;
            bool clash = false;
            foreach (int other in conflicts.Of(face))
                if (kept[other] && labels[other] == label) { clash = true; break; }
            if (clash)
            {
                labels[face] = ClusterAssignment.Unassigned;
                dropped++;
            }
            else kept[face] = true;
        }
        return dropped;
    }
}
