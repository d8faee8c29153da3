using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace FaceSort.Core.Clustering;

/// <summary>
/// The evolving clusters of <see cref="FaceSortClusterer"/>: members, the sample each cluster is measured by (with an
/// id, so that a queued pair measured on samples since replaced is recognised as stale), neighbouring clusters, and the
/// faces each cluster cannot link with.
/// </summary>
internal sealed class MergeState
{
    private readonly EmbeddingMatrix _m;
    private readonly bool[] _seed;
    private readonly ConflictIndex _conflicts;
    private readonly int _maxSample;
    private readonly UnionFind _sets;
    // Per root, null for a singleton or a face that is no longer a root: arrays, not dictionaries, because these are
    // touched for every kNN edge and every merge (a million faces: 8 MB each).
    private readonly List<int>?[] _members;
    private readonly List<int>?[] _neighbours;
    private readonly float[]?[] _sampleSum;
    private readonly int[] _seen;
    private int _stamp;
    private readonly Dictionary<int, HashSet<int>> _forbidden = [];
    private readonly int[] _sampleId;
    private int _nextSampleId;
    // Size of a cluster of a full sample when its sample was taken.
    private readonly int[] _sampledAt;
    // The absorbed side's neighbours at the last merge that kept a sample, and a member of the cluster that absorbed it.
    private readonly List<int> _absorbed = [];
    private int _absorbedInto;
    // Distinct shots per root (Shots); null while every face is a shot of its own, when it equals the size.
    private int[]? _shots;

    public MergeState(EmbeddingMatrix m, bool[] seed, ConflictIndex conflicts, int maxSample)
    {
        _m = m;
        _seed = seed;
        _conflicts = conflicts;
        _maxSample = maxSample;
        _sets = new UnionFind(m.Count);
        _sampleId = new int[m.Count];
        for (int i = 0; i < m.Count; i++) _sampleId[i] = i;
        _nextSampleId = m.Count;
        _sampledAt = new int[m.Count];
        _seen = new int[m.Count];
        _members = new List<int>?[m.Count];
        _neighbours = new List<int>?[m.Count];
        _sampleSum = new float[]?[m.Count];
    }

    public int Root(int i) => _sets.Find(i);

    /// <summary>
    /// A cluster of a full sample keeps its sample until it has grown by this factor since taking it. Why: a linkage
    /// depends only on the two samples, so while a person's sample stands, every pair queued with it stays measured
    /// right, and absorbing a face costs measuring that face's neighbours. Re-sampling on every merge made a person
    /// of 76,000 varied faces measure its thousands of pending neighbours again after each of its merges
    /// (docs/clustering-scale.md, "Varied faces"). The sample is then at least 1/1.25 = 80 % as new as the cluster.
    /// </summary>
    public const double SampleGrowth = 1.25;

    /// <summary>Identifies the sample <paramref name="root"/> is measured by: unique among live clusters, never reused,
    /// and unchanged while the sample stands (a cluster keeps it through merges that do not re-sample it).</summary>
    public int SampleId(int root) => _sampleId[root];

    /// <summary>After a <see cref="TryMerge"/> that returned a root: true when the merged cluster kept its bigger side's
    /// sample, so pairs queued with that side are still right and only <see cref="AbsorbedNeighbours"/> are new.</summary>
    public bool KeptSample { get; private set; }

    /// <summary>When <see cref="KeptSample"/>: the current roots the absorbed side neighboured, each once, the merged
    /// cluster excluded; the list is reused by the next merge.</summary>
    public List<int> AbsorbedNeighbours() => DistinctRoots(_absorbed, Root(_absorbedInto));

    public int Size(int root) => _members[root]?.Count ?? 1;

    /// <summary>How many distinct shots the cluster holds (<see cref="Clustering.Shots"/>): its size as the merge rules
    /// count it.</summary>
    public int Shots(int root) => _shots is null ? Size(root) : _shots[root];

    /// <summary>Merges every seed face with the seed faces of its shot, before anything else, so that each cluster is
    /// made of whole shots and its shot count is a sum.</summary>
    public void MergeShots(Shots shots)
    {
        if (!shots.Any) return;
        _shots = new int[_m.Count];
        Array.Fill(_shots, 1);
        // The shot's first seed face, by shot id (a face index); −1 until one is seen.
        var firstSeed = new int[_m.Count];
        Array.Fill(firstSeed, -1);
        for (int i = 0; i < _m.Count; i++)
        {
            if (!_seed[i]) continue;
            int shot = shots.Of(i);
            if (firstSeed[shot] < 0) firstSeed[shot] = i;
            else Merge(firstSeed[shot], i, ignoreSeed: false, sameShot: true);
        }
    }

    public int[] Roots() => _sets.Roots();

    private List<int> Members(int root) => _members[root] ?? [root];

    public void Link(int a, int b)
    {
        int ra = Root(a), rb = Root(b);
        if (ra == rb) return;
        Neighbours(ra).Add(rb);
        Neighbours(rb).Add(ra);
    }

    /// <summary>Gives a face not yet linked a neighbour list of <paramref name="capacity"/> (before the first links).</summary>
    public void ReserveNeighbours(int face, int capacity) => _neighbours[face] ??= new List<int>(capacity);

    // A list, not a set: duplicates and stale roots are allowed and dropped by NeighbourRoots, which costs O(list)
    // where a HashSet per face cost ~1 KB each (1 GB at a million faces).
    private List<int> Neighbours(int root) => _neighbours[root] ??= [];

    private HashSet<int> Forbidden(int root)
    {
        if (!_forbidden.TryGetValue(root, out var s)) _forbidden[root] = s = [.. _conflicts.Of(root)];
        return s;
    }

    /// <summary>Current roots of the clusters neighbouring <paramref name="root"/>, each once, in no particular order
    /// (refreshed in place; the queue orders pairs by distance and ids, so nothing depends on it); the list is the
    /// cluster's own, valid until the next merge or call.</summary>
    public List<int> NeighbourRoots(int root) => DistinctRoots(Neighbours(root), root);

    /// <summary>Replaces each face of <paramref name="faces"/> by its current root, keeping each root once and dropping
    /// <paramref name="exclude"/>; compacted in place (write position never passes read position): no allocation per merge.</summary>
    private List<int> DistinctRoots(List<int> faces, int exclude)
    {
        int stamp = ++_stamp, w = 0;
        _seen[exclude] = stamp;
        for (int i = 0; i < faces.Count; i++)
        {
            int r = Root(faces[i]);
            if (_seen[r] == stamp) continue;
            _seen[r] = stamp;
            faces[w++] = r;
        }
        faces.RemoveRange(w, faces.Count - w);
        return faces;
    }

    /// <summary>
    /// Removes <paramref name="forget"/> from the neighbours of <paramref name="root"/>. The relation stays on their
    /// side: when one of them grows, it measures this cluster again from its own list.
    /// </summary>
    public void Forget(int root, List<int> forget)
    {
        if (forget.Count == 0) return;
        var s = Neighbours(root);
        int stamp = ++_stamp, w = 0;
        foreach (int f in forget) _seen[f] = stamp;
        for (int i = 0; i < s.Count; i++)
            if (_seen[s[i]] != stamp) s[w++] = s[i];
        s.RemoveRange(w, s.Count - w);
    }

    /// <summary>True when face <paramref name="face"/> cannot link with any member of cluster <paramref name="root"/>.</summary>
    public bool Conflicts(int face, int root)
    {
        if (_conflicts.IsEmpty) return false;
        foreach (var f in _conflicts.Of(face)) if (Root(f) == root) return true;
        return false;
    }

    /// <summary>Merges the clusters of a and b unless a cannot-link forbids it; returns the new root or −1.</summary>
    public int TryMerge(int a, int b, bool ignoreSeed) => Merge(a, b, ignoreSeed, sameShot: false);

    private int Merge(int a, int b, bool ignoreSeed, bool sameShot)
    {
        KeptSample = false;
        int ra = Root(a), rb = Root(b);
        if (ra == rb) return ra;
        if (!ignoreSeed && (!_seed[ra] || !_seed[rb])) return -1;
        if (!_conflicts.IsEmpty)
        {
            foreach (var f in Forbidden(ra)) if (Root(f) == rb) return -1;
            foreach (var f in Forbidden(rb)) if (Root(f) == ra) return -1;
        }
        int sizeA = Size(ra), sizeB = Size(rb);
        // A shot's second face joins a cluster that already counts the shot.
        int shots = Shots(ra) + Shots(rb) - (sameShot ? 1 : 0);
        int sampled = sizeA >= sizeB ? ra : rb, absorbed = sampled == ra ? rb : ra;
        // A side with a full sample was sampled at _maxSample faces or more (0 otherwise).
        KeptSample = _sampledAt[sampled] > 0 && sizeA + sizeB < _sampledAt[sampled] * SampleGrowth;
        if (KeptSample)
        {
            _absorbed.Clear();
            _absorbed.AddRange(Neighbours(absorbed));
            _absorbedInto = sampled;
        }
        var ma = Members(ra);
        var mb = Members(rb);
        var na = Neighbours(ra);
        var nbs = Neighbours(rb);
        HashSet<int>? fa = _conflicts.IsEmpty ? null : Forbidden(ra), fb = _conflicts.IsEmpty ? null : Forbidden(rb);
        _sets.Union(ra, rb);
        int root = Root(ra), gone = root == ra ? rb : ra;
        var merged = ma.Count >= mb.Count ? MergeInto(ma, mb) : MergeInto(mb, ma);
        _members[root] = merged;
        _members[gone] = null;
        if (KeptSample)
        {
            _sampleSum[root] = _sampleSum[sampled];
            _sampleId[root] = _sampleId[sampled];
            _sampledAt[root] = _sampledAt[sampled];
        }
        else
        {
            _sampleSum[root] = MergedSampleSum(ra, rb, merged);
            _sampleId[root] = _nextSampleId++;
            _sampledAt[root] = merged.Count >= _maxSample ? merged.Count : 0;
        }
        _sampleSum[gone] = null;
        if (na.Count < nbs.Count) (na, nbs) = (nbs, na);
        na.AddRange(nbs);
        _neighbours[root] = na;
        _neighbours[gone] = null;
        if (fa is not null && fb is not null)
        {
            fa.UnionWith(fb);
            _forbidden[root] = fa;
            _forbidden.Remove(gone);
        }
        _seed[root] = true;
        if (_shots is not null) _shots[root] = shots;
        return root;
    }

    /// <summary>
    /// Average cosine distance over cross pairs of (evenly spaced samples of) both clusters' members. The mean of
    /// all cross dot products is the dot of the two sample sums over the pair count, so each cluster keeps its
    /// sample's sum (updated on merge) and a linkage costs one d-long dot, not |A|·|B|.
    /// </summary>
    public float Linkage(int ra, int rb)
    {
        double dot = TensorPrimitives.Dot(SampleSum(ra), SampleSum(rb));
        return (float)(1 - dot / ((double)SampleCount(ra) * SampleCount(rb)));
    }

    /// <summary>Average cosine distance of one face to (a sample of) a cluster's members.</summary>
    public float DistanceToCluster(int face, int root)
    {
        double dot = TensorPrimitives.Dot(_m.Row(face), SampleSum(root));
        return (float)(1 - dot / SampleCount(root));
    }

    /// <summary>Mean similarity of two different members of (the sample of) a cluster: how alike it is to itself.</summary>
    public float Cohesion(int root) => Clustering.Cohesion.OfSum(SampleSum(root), SampleCount(root));

    private int SampleCount(int root) => Math.Min(Size(root), _maxSample);

    private ReadOnlySpan<float> SampleSum(int root) => _sampleSum[root] is { } s ? s : _m.Row(root);

    /// <summary>
    /// The merged cluster's sample sum, written into one of the two old sums when there is one (a million faces make
    /// ~900k merges; a fresh array each time was garbage-collector work). Up to the sample size the sample is every
    /// member, so the sum is the two sums added; beyond, the evenly spaced sample changes and is summed anew.
    /// </summary>
    private float[] MergedSampleSum(int ra, int rb, List<int> merged)
    {
        float[]? sa = _sampleSum[ra], sb = _sampleSum[rb];
        var target = sa ?? sb ?? new float[_m.Dimension];
        if (merged.Count <= _maxSample)
        {
            if (target == sa) TensorPrimitives.Add(sa, SampleSum(rb), sa);
            else if (target == sb) TensorPrimitives.Add(sb, SampleSum(ra), sb);
            else TensorPrimitives.Add(_m.Row(ra), _m.Row(rb), target);
            return target;
        }
        Array.Clear(target);
        for (int k = 0; k < _maxSample; k++)
            TensorPrimitives.Add(target, _m.Row(merged[(int)((long)k * merged.Count / _maxSample)]), target);
        return target;
    }

    /// <summary>
    /// Merges the sorted <paramref name="small"/> into the sorted <paramref name="big"/>, in place. A person of
    /// thousands of faces absorbs its faces one or a few at a time; a new list per merge made garbage quadratic in its
    /// size, on the large-object heap (at 1,000,000 library-shaped faces the heap held 3 GB at the end of merging).
    /// </summary>
    private static List<int> MergeInto(List<int> big, List<int> small)
    {
        if (small.Count <= 4)
        {
            foreach (int face in small) big.Insert(~big.BinarySearch(face), face);
            return big;
        }
        int i = big.Count - 1, j = small.Count - 1;
        CollectionsMarshal.SetCount(big, big.Count + small.Count);
        var merged = CollectionsMarshal.AsSpan(big);
        for (int w = merged.Length - 1; j >= 0; w--) merged[w] = i >= 0 && merged[i] > small[j] ? merged[i--] : small[j--];
        return big;
    }
}
