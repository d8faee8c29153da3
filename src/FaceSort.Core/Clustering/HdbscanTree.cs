namespace FaceSort.Core.Clustering;

/// <summary>
/// HDBSCAN's condensed cluster tree, built from a minimum spanning tree of mutual-reachability distances, with
/// cluster selection by excess of mass. Densities are λ = 1 / distance. Cluster 0 is the root (never selected);
/// a child cluster always has a larger id than its parent.
/// </summary>
internal sealed class HdbscanTree
{
    /// <summary>Densities of duplicate faces (distance 0) are capped so stabilities stay finite.</summary>
    private const double MaxLambda = 1e6;

    private readonly List<int> _parent = [];
    private readonly List<double> _birth = [];
    private readonly List<double> _stability = [];
    private readonly int[] _pointCluster;
    private readonly double[] _pointLambda;

    private HdbscanTree(int n)
    {
        _pointCluster = new int[n];
        _pointLambda = new double[n];
    }

    public int ClusterCount => _parent.Count;

    /// <summary>
    /// Builds the single-linkage hierarchy of <paramref name="edges"/> (faces left unconnected by a spanning forest
    /// join at infinite distance, λ = 0) and condenses it: a split where both sides have at least
    /// <paramref name="minClusterSize"/> faces makes two child clusters; a smaller side's faces fall out of the cluster.
    /// </summary>
    public static HdbscanTree Build(int n, TreeEdge[] edges, int minClusterSize)
    {
        var hierarchy = SingleLinkage.From(n, edges);
        var tree = new HdbscanTree(n);
        tree.NewCluster(-1, 0, n);
        var clusterOf = new Dictionary<int, int> { [hierarchy.Root] = 0 };
        var queue = new Queue<int>();
        if (hierarchy.Root >= n) queue.Enqueue(hierarchy.Root);
        else tree.FallOut(hierarchy, hierarchy.Root, 0, 0);
        while (queue.Count > 0)
        {
            int node = queue.Dequeue();
            int c = clusterOf[node];
            var (left, right, dist) = hierarchy.Node(node);
            double lambda = dist >= float.PositiveInfinity ? 0 : Math.Min(MaxLambda, 1.0 / Math.Max(dist, 1e-12));
            bool bigLeft = hierarchy.Size(left) >= minClusterSize, bigRight = hierarchy.Size(right) >= minClusterSize;
            if (bigLeft && bigRight)
            {
                clusterOf[left] = tree.NewCluster(c, lambda, hierarchy.Size(left));
                clusterOf[right] = tree.NewCluster(c, lambda, hierarchy.Size(right));
                queue.Enqueue(left);
                queue.Enqueue(right);
                continue;
            }
            if (!bigLeft) tree.FallOut(hierarchy, left, c, lambda);
            else { clusterOf[left] = c; queue.Enqueue(left); }
            if (!bigRight) tree.FallOut(hierarchy, right, c, lambda);
            else { clusterOf[right] = c; queue.Enqueue(right); }
        }
        return tree;
    }

    /// <summary>
    /// The selected cluster of every face (−1: noise) and its strength, the density λ at which it left the condensed
    /// tree (larger: more central). Excess of mass: a cluster is kept when its stability is at least the summed
    /// stability of the clusters chosen below it; the highest kept cluster on each path wins.
    /// </summary>
    public (int[] Labels, double[] Strength) Labels()
    {
        int count = ClusterCount;
        var best = _stability.ToArray();
        var childSum = new double[count];
        var keep = new bool[count];
        for (int c = count - 1; c >= 1; c--)
        {
            keep[c] = best[c] >= childSum[c];
            if (!keep[c]) best[c] = childSum[c];
            childSum[_parent[c]] += best[c];
        }
        var selectedAbove = new int[count]; // the selected cluster at or above c, or −1
        selectedAbove[0] = -1;
        for (int c = 1; c < count; c++)
        {
            int above = selectedAbove[_parent[c]];
            selectedAbove[c] = above >= 0 ? above : keep[c] ? c : -1;
        }
        var labels = new int[_pointCluster.Length];
        for (int p = 0; p < labels.Length; p++) labels[p] = selectedAbove[_pointCluster[p]];
        return (labels, (double[])_pointLambda.Clone());
    }

    /// <summary>A child cluster counts for its parent with all its faces until the split that made it.</summary>
    private int NewCluster(int parent, double birth, int size)
    {
        _parent.Add(parent);
        _birth.Add(birth);
        _stability.Add(0);
        if (parent >= 0) _stability[parent] += (birth - _birth[parent]) * size;
        return _parent.Count - 1;
    }

    /// <summary>Every face under <paramref name="node"/> leaves cluster <paramref name="c"/> at density λ.</summary>
    private void FallOut(SingleLinkage hierarchy, int node, int c, double lambda)
    {
        var stack = new Stack<int>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            int x = stack.Pop();
            if (hierarchy.IsLeaf(x))
            {
                _pointCluster[x] = c;
                _pointLambda[x] = lambda;
                _stability[c] += lambda - _birth[c];
                continue;
            }
            var (l, r, _) = hierarchy.Node(x);
            stack.Push(r);
            stack.Push(l);
        }
    }
}
