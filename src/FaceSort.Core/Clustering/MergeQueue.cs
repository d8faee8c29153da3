using System.Numerics.Tensors;

namespace FaceSort.Core.Clustering;

/// <summary>
/// The pairs of clusters <see cref="FaceSortClusterer"/> may merge, closest first, and the merging itself: a priority
/// queue of pairs that are neighbours in the kNN graph, with the ids of the samples they were measured on, so that a
/// pair measured before either side's sample changed is recognised as stale. Clusters between BestOnlySize and a full
/// sample queue only their best pair; clusters of a full sample forget far neighbours; two single
/// faces pair only under the collection's pair bar (<see cref="FaceSortClusterer.PairDistance"/>) or with a third face
/// close to both. docs/clustering.md (steps 2 and 3) and docs/clustering-scale.md explain the choices.
/// </summary>
internal sealed class MergeQueue
{
    /// <summary>How far beyond phase 2's cap a neighbour of a big cluster is forgotten: two 48-member samples of one
    /// cluster differ in mean similarity by about 0.02, so 0.1 is five times that.</summary>
    private const float FarMargin = 0.1f;

    private readonly MergeState _state;
    private readonly KnnGraph _graph;
    private readonly EmbeddingMatrix _m;
    private readonly bool[] _seed;
    private readonly FaceSortOptions _o;
    private readonly float _pairDistance;
    private readonly int _bestOnlySize;
    // Beyond every distance a merge may happen at (phase 2's cap), with a margin for a sample's drift.
    private readonly float _farDistance;
    // The same for a neighbour smaller than SmallCluster: the merge rule takes it only below MergeDistance.
    private readonly float _smallFarDistance;
    // The pair's sample ids when queued (its cluster ids are in the key), and its owner: the cluster whose best
    // candidate the entry is (it queues no other), or −1 (Push). 24 bytes an entry with the key: tens of millions are
    // queued at 10⁶.
    private readonly PairQueue<(int SA, int SB, int Owner)> _queue = new();
    private readonly Dictionary<int, (int Sample, HashSet<(int Root, int Sample)> Others)> _refused = [];
    private readonly List<int> _far = [];
    private readonly int _sweepMinimum;
    private int _sweepAt;

    public MergeQueue(MergeState state, KnnGraph graph, EmbeddingMatrix m, bool[] seed, FaceSortOptions options, float pairDistance, int bestOnlySize, int sweepMinimum)
    {
        _sweepAt = _sweepMinimum = sweepMinimum;
        _state = state;
        _graph = graph;
        _m = m;
        _seed = seed;
        _o = options;
        _pairDistance = pairDistance;
        _bestOnlySize = bestOnlySize;
        _farDistance = options.MergeDistance + options.SizeBonus + FarMargin;
        _smallFarDistance = options.MergeDistance + FarMargin;
    }

    /// <summary>Merges queued pairs, closest first, while they are closer than <paramref name="max"/>; a pair of
    /// clusters both of at least SmallCluster faces may merge up to <paramref name="bigClusterDistance"/>.</summary>
    public void Drain(float bigClusterDistance, float max, CancellationToken cancellationToken)
    {
        while (_queue.TryDequeue(out var e, out var pr))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_queue.Count >= _sweepAt) Sweep();
            var fate = Check(e, pr, out int ra, out int rb);
            if (fate == Fate.Dead) continue;
            if (fate == Fate.OwnerLooksAgain)
            {
                PushBest(e.Owner == pr.A ? ra : rb, max);
                continue;
            }
            if (pr.D >= max) break;
            // Two single faces pair only under the collection's pair bar, or with a third face close to both; not
            // now, but either may join a group later.
            bool now = !(pr.D >= _pairDistance && _state.Shots(ra) == 1 && _state.Shots(rb) == 1 && !CloseToBoth(ra, rb))
                // Not now: may pass later, when one side grows.
                && _o.Merges(pr.D, _state.Shots(ra), _state.Shots(rb), bigClusterDistance, (_state, ra, rb), static s => (s._state.Cohesion(s.ra), s._state.Cohesion(s.rb)));
            int root = now ? _state.TryMerge(ra, rb, ignoreSeed: false) : -1;
            if (root >= 0) PushAround(root, max);
            else if (e.Owner >= 0)
            {
                // Refused until either side changes; its owner's next best candidate takes its place.
                int other = e.Owner == ra ? rb : ra;
                if (!_refused.TryGetValue(e.Owner, out var r) || r.Sample != _state.SampleId(e.Owner))
                    _refused[e.Owner] = r = (_state.SampleId(e.Owner), []);
                r.Others.Add((other, _state.SampleId(other)));
                PushBest(e.Owner, max);
            }
        }
        _queue.Clear();
        _refused.Clear();
        _sweepAt = _sweepMinimum;
    }

    private enum Fate { Fresh, Dead, OwnerLooksAgain }

    // Stale: a side's sample changed since this entry was made, and that merge queued its own candidates on the
    // current clusters, so the entry is a duplicate (re-measuring it, as this loop once did, gave the same clusters
    // and, with a person of thousands of faces, three times the queue). A side that merged but kept its sample still
    // measures the same distance: the entry stands, whatever the merged cluster's root. Only a cluster that queues its
    // best candidate alone, and did not change, has lost its entry: it looks again. Staleness never reverts (a sample
    // id is never reused), so an entry dead now is dead when it comes up.
    private Fate Check((int SA, int SB, int Owner) e, PairKey pr, out int ra, out int rb)
    {
        ra = _state.Root(pr.A);
        rb = _state.Root(pr.B);
        if (ra == rb) return Fate.Dead;
        bool freshA = _state.SampleId(ra) == e.SA, freshB = _state.SampleId(rb) == e.SB;
        if (freshA && freshB) return Fate.Fresh;
        return (e.Owner == pr.A && freshA) || (e.Owner == pr.B && freshB) ? Fate.OwnerLooksAgain : Fate.Dead;
    }

    // Dead entries would wait for their distance to come up: at 1,000,000 library-shaped faces the queue held 30M
    // entries at once, most of them dead, and their memory stayed with the process through the steps after merging.
    // Sweeping them out whenever the queue has doubled since the last sweep keeps it within twice its live entries,
    // at the cost of one pass over it each time; the merges are the same, since a dead entry does nothing when popped.
    private void Sweep()
    {
        _queue.RemoveWhere(this, static (q, e, pr) => q.Check(e, pr, out _, out _) == Fate.Dead);
        _sweepAt = Math.Max(_sweepMinimum, 2 * _queue.Count);
    }

    // A merged cluster queues its pairs with every neighbour in reach, but not after every merge. A cluster of a full
    // sample does it when it re-samples; in between its queued pairs stand (MergeState.SampleGrowth), and a merge
    // queues only the absorbed side's neighbours, newly its own: a person of thousands of faces has thousands of
    // pending neighbours, and measuring them all after each merge made merging quadratic in its size (1,000,000
    // varied faces: phase 1 386 s, docs/clustering-scale.md). A cluster from BestOnlySize up to a full sample, whose
    // sample changes with every merge, queues only its best pair: merges happen in the same order either way, since a
    // pair is merged when it is the closest in the queue, and the closest pair is always its own sides' best.
    private void PushAround(int root, float max)
    {
        if (_state.KeptSample)
        {
            foreach (int other in _state.AbsorbedNeighbours()) PushIfMergeable(root, other, _state.Linkage(root, other), max);
            return;
        }
        if (_state.Size(root) >= _bestOnlySize && _state.Size(root) < _o.MaxSample)
        {
            PushBest(root, max);
            return;
        }
        bool forgets = ForgetsFar(root);
        foreach (int other in _state.NeighbourRoots(root))
        {
            float d = _state.Linkage(root, other);
            if (forgets && IsFar(d, other)) _far.Add(other);
            else PushIfMergeable(root, other, d, max);
        }
        ForgetCollected(root);
    }

    private void PushIfMergeable(int root, int other, float d, float max)
    {
        if (d < max && !RefusedBySize(d, root, other)) Push(root, other, d);
    }

    // The merge rule refuses these by size alone, whatever else happens: a small side changes its sample whenever it
    // grows, and then queues the pair again itself.
    private bool RefusedBySize(float d, int a, int b) =>
        d >= _o.MergeDistance && Math.Min(_state.Shots(a), _state.Shots(b)) < _o.SmallCluster;

    private void PushBest(int r, float max)
    {
        var skip = _refused.TryGetValue(r, out var rf) && rf.Sample == _state.SampleId(r) ? rf.Others : null;
        bool forgets = ForgetsFar(r);
        var best = new PairKey(max, int.MaxValue, int.MaxValue);
        bool found = false;
        foreach (int other in _state.NeighbourRoots(r))
        {
            if (skip is not null && skip.Contains((other, _state.SampleId(other)))) continue;
            float d = _state.Linkage(r, other);
            if (forgets && IsFar(d, other)) _far.Add(other);
            if (d >= max || RefusedBySize(d, r, other)) continue;
            var key = new PairKey(d, Math.Min(r, other), Math.Max(r, other));
            if (!found || key.CompareTo(best) < 0) (best, found) = (key, true);
        }
        ForgetCollected(r);
        if (found) _queue.Enqueue((_state.SampleId(best.A), _state.SampleId(best.B), r), best);
    }

    // A cluster of a full sample forgets neighbours far beyond any distance either phase merges at: its sampled mean
    // barely moves as it grows, so only their growth could bring them near, and then they measure it again
    // themselves. A person of thousands of faces neighbours thousands of strangers and other people; measuring them
    // after each of its merges was 40 % of phase 1 at 300,000 faces.
    private bool ForgetsFar(int root) => _state.Size(root) >= _o.MaxSample;

    // Far for a small neighbour already beyond the base distance by the margin: the merge rule takes it only below
    // that, and a person's hard photos (a blurred profile) sit there, measured again after each of the person's
    // merges. 1,000,000 varied faces (docs/clustering-scale.md): phase 1 494 → 386 s, the same clusters.
    private bool IsFar(float d, int other) => d >= (_state.Shots(other) < _o.SmallCluster ? _smallFarDistance : _farDistance);

    private void ForgetCollected(int root)
    {
        _state.Forget(root, _far);
        _far.Clear();
    }

    // A stranger's best chance match is one face; a person's faces resemble each other in threes. The third face
    // comes from either face's kNN list and is measured against the other exactly: an approximate graph (IVF)
    // misses many close pairs, and a third face need not rank among the other face's 20 nearest. A copy of either
    // face (its own shot) is not a third face.
    private bool CloseToBoth(int a, int b) => ThirdFace(a, b) || ThirdFace(b, a);

    private bool ThirdFace(int from, int other)
    {
        float close = 1 - _o.MergeDistance;
        int fromRoot = _state.Root(from), otherRoot = _state.Root(other);
        var nb = _graph.NeighboursOf(from);
        var sm = _graph.SimilaritiesOf(from);
        for (int j = 0; j < nb.Length; j++)
        {
            int c = nb[j];
            if (c < 0 || c == other || !_seed[c] || sm[j] < close) continue;
            if (_state.Root(c) is var rc && (rc == fromRoot || rc == otherRoot)) continue;
            if (TensorPrimitives.Dot(_m.Row(other), _m.Row(c)) >= close) return true;
        }
        return false;
    }

    /// <summary>Queues a pair of current clusters at distance <paramref name="d"/>, in either order (the key holds the
    /// lower id first, so equal distances break ties the same way whichever side queued it).</summary>
    public void Push(int a, int b, float d)
    {
        if (a > b) (a, b) = (b, a);
        _queue.Enqueue((_state.SampleId(a), _state.SampleId(b), -1), new PairKey(d, a, b));
    }
}

/// <summary>A queued pair's order: closest first, then by cluster ids, so equal distances break ties the same way in
/// every run. A struct with its own comparison, because the queue compares keys on every push and pop (millions at
/// 10⁵–10⁶ faces) and a value tuple's comparison goes through a comparer per field.</summary>
internal readonly record struct PairKey(float D, int A, int B) : IComparable<PairKey>
{
    public int CompareTo(PairKey other) =>
        D < other.D ? -1 : D > other.D ? 1 : A != other.A ? (A < other.A ? -1 : 1) : B.CompareTo(other.B);
}
