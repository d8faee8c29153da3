using FaceSort.Core.Recognition;

namespace FaceSort.Core.Clustering;

/// <summary>Options of <see cref="FaceSortClusterer"/>, the product default.</summary>
/// <param name="Neighbours">kNN list length: which clusters are even compared (20 covers a person's nearest photos).</param>
/// <param name="MergeDistance">Average cross-pair cosine distance below which two single faces merge: tuned on lfw
/// together with <see cref="RecognitionOptions.NearestFacesSimilarity"/> (the best lfw F1 with pairwise precision at
/// least 0.99; docs/clustering.md).</param>
/// <param name="SizeBonus">Most the big-cluster threshold may exceed MergeDistance: the mean over many cross pairs is
/// far less noisy than one pair, so two big clusters of one person can be told from two people at a larger distance,
/// but never beyond this.</param>
/// <param name="SmallCluster">Up to this size the threshold stays at MergeDistance: 6 is the largest identity of lfw,
/// the tuning set, so the base threshold is only ever tuned on clusters this small; the bonus is a prior, not a fit.</param>
/// <param name="Strictness">How many spreads above the typical between-cluster similarity two big clusters must be to
/// merge: 4 keeps look-alike pairs apart (an unsupervised estimate, see BigClusterThreshold).</param>
/// <param name="CohesionShare">Two big clusters merge beyond MergeDistance only when they resemble each other at least
/// this share of how much each resembles itself (mean cross similarity ≥ share · √(cohesion A · cohesion B)). Two
/// random halves of one person score 1, two unrelated people 0; one half is the midpoint, a prior, not a fit. Why:
/// Strictness is relative to a spread, and chance passes it both in a small collection (the spread read off a dozen
/// clusters) and in a huge one (among 10⁵ neighbouring pairs of clusters some different people sit 4σ out), while a
/// look-alike pair's faces still resemble each other far less than each person's own photos do.</param>
/// <param name="SeedQuality">Faces below this quality never seed or bridge clusters; they only join one at the end.</param>
/// <param name="JoinDistance">A low-quality face joins the nearest cluster when its mean distance to it is below this.</param>
/// <param name="PlaceQuality">Faces below this quality are not placed at all: they stay unassigned for the user (the
/// suggestions page offers them), unless a user correction ties them to a person (a must-link). A heavily blurred face
/// resembles other blurred faces more than its own person, so letting it join by similarity put it in wrong people and
/// chained others after it; recognising it against people's prototypes instead was tried and put blurred glint12 faces
/// into wrong people (precision 0.47). Chosen on lfw (the tuning set) blurred two ways, OpenCV's and libvips': from
/// 0.375 up pairwise precision stays ≥ 0.99 at every blur (the product's rule), 0.35 lets libvips' blur merge people
/// (0.979); 0.4 keeps one grid step of margin above that edge; docs/clustering.md, "Blurred faces". 0 places every face.</param>
/// <param name="MaxSample">Members per cluster compared when two clusters meet (evenly spaced): bounds the cost of
/// big clusters while still comparing many faces, not one centroid.</param>
/// <param name="MinClusterSize">Smaller groups stay unassigned: a face seen once is a stranger, not a person.</param>
/// <param name="AnchorSize">Groups of at least this many faces are people that smaller groups and left-over faces are
/// recognised against at the end (<see cref="AnchorRecognition"/>); 6 for the same a-priori reason as SmallCluster.
/// 0 turns the step off.</param>
/// <param name="Recognition">Prototypes and thresholds of that step and of the last one (<see cref="NearestFacesRecognition"/>):
/// the incremental recogniser's own defaults (thresholds chosen on lfw), so one-go clustering and batch-by-batch growth
/// decide alike.</param>
/// <param name="PairReferenceFaces">Faces of lfw (220) when MergeDistance was tuned there. In a bigger collection two
/// single faces pair only when closer by the rise of the best chance match among that many more faces
/// (<see cref="FaceSortClusterer.PairDistance"/>), or when a third face is within MergeDistance of both: every face
/// meets its best match among all the others, and at 100,000 faces a stranger's best chance match passes the lfw bar,
/// so strangers paired with strangers or with a person's odd photo (1,587 of 20,000 in synthetic library-shaped
/// faces), while a person's faces resemble each other in threes (docs/clustering.md, step 2). 0 turns the rise off.</param>
/// <param name="ShotSimilarity">Faces at least this similar are one shot (<see cref="Shots"/>: a photo saved again with
/// an edit, a burst), and every size the steps compare counts shots, not faces. Edited copies of one photo embed at
/// 0.95 (median; mirrored 0.91), two photos of one person reach 0.87 once in a thousand pairs, two people at most 0.70
/// in 45 million (glint12 + lfw). Chosen on lfw with edited copies by the merge distance's rule (best F1 at precision
/// ≥ 0.99, scored on the originals): 0.84–0.91 all at their best, the middle taken; docs/clustering.md, "Duplicates".
/// Above 1 turns it off.</param>
public sealed record FaceSortOptions(
    int Neighbours = 20,
    float MergeDistance = 0.625f,
    float SizeBonus = 0.20f,
    int SmallCluster = 6,
    float Strictness = 4f,
    float CohesionShare = 0.5f,
    float SeedQuality = 0.75f,
    float JoinDistance = 0.60f,
    float PlaceQuality = 0.40f,
    int MaxSample = 48,
    int MinClusterSize = 2,
    int AnchorSize = 6,
    RecognitionOptions? Recognition = null,
    int PairReferenceFaces = 220,
    float ShotSimilarity = 0.875f)
{
    /// <summary>
    /// The merge rule of both phases, for two clusters at mean cross distance <paramref name="distance"/> (1 − mean
    /// similarity): below MergeDistance (phase 1), or, when both hold at least SmallCluster faces, below
    /// <paramref name="bigClusterDistance"/> and as alike as themselves (phase 2, CohesionShare). One go passes the
    /// distance phase 2 read off the collection; the incremental fold, which sees two people and not the collection,
    /// passes its cap, MergeDistance + SizeBonus (<see cref="AlikePeople"/>). The cohesions are asked for only when
    /// phase 2 decides (each costs a dot product); a static lambda over a value-tuple state allocates nothing.
    /// </summary>
    public bool Merges<TState>(
        float distance, int sizeA, int sizeB, float bigClusterDistance, TState state, Func<TState, (float A, float B)> cohesions) =>
        distance < MergeDistance
        || (Math.Min(sizeA, sizeB) >= SmallCluster && distance < bigClusterDistance
            && cohesions(state) is var (a, b) && Cohesion.AlikeAsThemselves(1 - distance, a, b, CohesionShare));
}

/// <summary>
/// FaceSort's default clustering: average linkage over many members, but only between clusters the kNN graph says are
/// neighbours, processed closest pair first with a lazily refreshed priority queue. Cannot-links (same photo, user
/// pairs) block merges; must-links are merged first; low-quality faces only join finished clusters; finally smaller
/// groups and left-over faces are recognised against the big groups (<see cref="AnchorRecognition"/>); singletons are
/// left unassigned. Deterministic: ties break on cluster ids. docs/clustering.md explains the choices.
/// </summary>
public sealed class FaceSortClusterer(FaceSortOptions? options = null) : IFaceClusterer
{
    public FaceSortOptions Options { get; } = options ?? new FaceSortOptions();

    public string Name => "facesort";

    /// <summary>Rounds of anchor recognition at most (each round costs one pass over the non-anchor faces).</summary>
    private const int MaxAnchorRounds = 5;

    /// <summary>From this size a cluster queues only its best candidate pair (<see cref="MergeQueue"/>): a big cluster has hundreds of
    /// neighbouring clusters. Changes the time, never the clusters (OtherClusterersTests compares the labels from 2,
    /// from 32 and with no limit). 300,000 library-shaped faces: merge 71 s queueing every pair, 56 s from 32; from 2
    /// to 32 the time at 100,000 is within noise.</summary>
    internal int BestOnlySize { get; init; } = 32;

    /// <summary>Queued pairs from which the merge queue sweeps out stale ones (<see cref="MergeQueue"/>), and again each
    /// time the queue doubles: 2²⁰ entries are 24 MB. Changes the memory and time, never the clusters (OtherClusterersTests
    /// sweeps from 1,000).</summary>
    internal int SweepMinimum { get; init; } = 1 << 20;

    public ClusterAssignment Cluster(ClusteringInput input, CancellationToken cancellationToken = default)
    {
        if (input.Count == 0) return new ClusterAssignment([], 0);
        if (Unplaceable(input) is not { } left) return Cluster(input, BuildGraph(input.Embeddings, cancellationToken), cancellationToken);
        // Faces too poor to place take no part at all: not as neighbours in the graph, not as members others join by.
        var kept = Enumerable.Range(0, input.Count).Where(i => !left[i]).ToArray();
        var labels = new int[input.Count];
        Array.Fill(labels, ClusterAssignment.Unassigned);
        if (kept.Length == 0) return new ClusterAssignment(labels, 0);
        var subset = Subset(input, kept);
        var assignment = Cluster(subset, BuildGraph(subset.Embeddings, cancellationToken), cancellationToken);
        for (int k = 0; k < kept.Length; k++) labels[kept[k]] = assignment.Labels[k];
        return new ClusterAssignment(labels, assignment.ClusterCount);
    }

    /// <summary>Faces below <see cref="FaceSortOptions.PlaceQuality"/> and in no must-link; null when there are none.</summary>
    private bool[]? Unplaceable(ClusteringInput input)
    {
        if (input.Quality is not { } quality || Options.PlaceQuality <= 0) return null;
        bool[]? left = null;
        for (int i = 0; i < quality.Length; i++)
            if (quality[i] < Options.PlaceQuality) (left ??= new bool[quality.Length])[i] = true;
        if (left is null) return null;
        foreach (var pair in input.MustLink ?? []) left[pair.A] = left[pair.B] = false;
        return left.Contains(true) ? left : null;
    }

    /// <summary>The input restricted to <paramref name="kept"/> faces (in order), constraints renumbered.</summary>
    private static ClusteringInput Subset(ClusteringInput input, int[] kept)
    {
        int d = input.Embeddings.Dimension;
        var position = new int[input.Count];
        Array.Fill(position, -1);
        var data = new float[kept.Length * d];
        for (int k = 0; k < kept.Length; k++)
        {
            position[kept[k]] = k;
            input.Embeddings.Row(kept[k]).CopyTo(data.AsSpan(k * d, d));
        }
        IReadOnlyList<FacePair>? Pairs(IReadOnlyList<FacePair>? pairs) => pairs?
            .Where(p => position[p.A] >= 0 && position[p.B] >= 0).Select(p => new FacePair(position[p.A], position[p.B])).ToList();
        return new ClusteringInput(new EmbeddingMatrix(kept.Length, d, data),
            input.PhotoOfFace is { } photos ? [.. kept.Select(i => photos[i])] : null,
            input.Quality is { } quality ? [.. kept.Select(i => quality[i])] : null,
            Pairs(input.CannotLink), Pairs(input.MustLink));
    }

    /// <summary>The kNN graph <see cref="Cluster(ClusteringInput, CancellationToken)"/> builds (the shared builder,
    /// <see cref="FaceSortOptions.Neighbours"/> per face); separate so a benchmark can time the two stages.</summary>
    public KnnGraph BuildGraph(EmbeddingMatrix embeddings, CancellationToken cancellationToken = default) =>
        KnnGraph.Build(embeddings, Math.Min(Options.Neighbours, Math.Max(1, embeddings.Count - 1)), cancellationToken: cancellationToken);

    /// <summary>Clusters with a graph from <see cref="BuildGraph"/> of the same embeddings (the merge stage alone).</summary>
    public ClusterAssignment Cluster(ClusteringInput input, KnnGraph graph, CancellationToken cancellationToken = default)
    {
        int n = input.Count;
        if (n == 0) return new ClusterAssignment([], 0);
        if (graph.Count != n) throw new ArgumentException($"graph of {graph.Count} faces for {n} faces", nameof(graph));
        var o = Options;
        var m = input.Embeddings;
        var constraints = ClusteringConstraints.From(input);
        var conflicts = ConflictIndex.From(constraints);
        var seed = new bool[n];
        for (int i = 0; i < n; i++) seed[i] = input.Quality is null || input.Quality[i] >= o.SeedQuality;

        var state = new MergeState(m, seed, conflicts, o.MaxSample);
        var shots = Shots.From(graph, conflicts, o.ShotSimilarity);
        state.MergeShots(shots);
        foreach (var p in constraints.MustLink) state.TryMerge(p.A, p.B, ignoreSeed: true);

        var queue = new MergeQueue(state, graph, m, seed, o, PairDistance(m, seed, o), BestOnlySize, SweepMinimum);
        ReserveLinks(state, graph, seed);
        for (int i = 0; i < n; i++)
        {
            if (!seed[i]) continue;
            var nb = graph.NeighboursOf(i);
            var sm = graph.SimilaritiesOf(i);
            for (int j = 0; j < nb.Length; j++)
            {
                int b = nb[j];
                if (b < 0 || !seed[b]) continue;
                state.Link(i, b);
                if (i >= b || 1 - sm[j] >= o.MergeDistance) continue;
                // Faces already joined by a must-link are queued as their clusters, measured now: the queue keeps no
                // stale entries to re-measure later (MergeQueue.Drain).
                int ri = state.Root(i), rb = state.Root(b);
                if (ri == i && rb == b) queue.Push(i, b, 1 - sm[j]);
                else if (ri != rb && state.Linkage(ri, rb) is var d && d < o.MergeDistance) queue.Push(ri, rb, d);
            }
        }
        // Phase 1: every cluster at the base threshold.
        queue.Drain(o.MergeDistance, o.MergeDistance, cancellationToken);

        // Phase 2: big clusters at a threshold read off this collection's own spread of between-cluster similarity.
        float big = BigClusterThreshold(state, n, o);
        if (big > o.MergeDistance)
        {
            for (int r = 0; r < n; r++)
            {
                if (state.Root(r) != r || state.Shots(r) < o.SmallCluster) continue;
                // Both ways: a cluster of a full sample forgets far neighbours (MergeQueue), so a pair may be known
                // to one side only; a pair known to both is queued twice, and its second entry does what the first did.
                foreach (int other in state.NeighbourRoots(r))
                {
                    if (other == r || state.Shots(other) < o.SmallCluster) continue;
                    float d = state.Linkage(r, other);
                    if (d < big) queue.Push(r, other, d);
                }
            }
            queue.Drain(big, big, cancellationToken);
        }

        // Low-quality faces join the closest cluster of a seed face they neighbour, if close enough.
        var roots = state.Roots();
        for (int i = 0; i < n; i++)
        {
            if (seed[i]) continue;
            float best = o.JoinDistance;
            int target = -1;
            foreach (int b in graph.NeighboursOf(i))
            {
                if (b < 0 || !seed[b]) continue;
                int r = roots[b];
                float d = state.DistanceToCluster(i, r);
                if (d < best && !state.Conflicts(i, r)) { best = d; target = r; }
            }
            roots[i] = target >= 0 ? target : i;
        }
        // Smaller groups and left-over faces are recognised against the big groups, as an incremental scan would.
        // Repeated until nothing moves: a fragment that joined changes its person's prototypes, which may now
        // recognise another fragment (glint12 settles in 2 rounds).
        var recognition = o.Recognition ?? new RecognitionOptions();
        var anchorPrototypes = new Dictionary<int, (int, List<float[]>)>();
        if (o.AnchorSize > 0)
            for (int round = 0; round < MaxAnchorRounds; round++)
                if (AnchorRecognition.Apply(m, graph, roots, conflicts, shots, o.AnchorSize, recognition, anchorPrototypes, seed) == 0) break;
        // What is still alone may be a person's unusual photo: it joins when it is close to a few of that person's faces.
        if (recognition.NearestFaces > 0) NearestFacesRecognition.Apply(m, graph, roots, conflicts, shots, recognition);
        return ClusterLabels.FromGroups(roots, o.MinClusterSize, shots);
    }

    /// <summary>Sizes each face's neighbour list for the links the graph is about to add (both ways), so the lists do
    /// not grow by doubling a million times over: 300,000 varied faces, linking 1.7–2.2 → 1.2–1.3 s.</summary>
    private static void ReserveLinks(MergeState state, KnnGraph graph, bool[] seed)
    {
        var links = new int[seed.Length];
        for (int i = 0; i < seed.Length; i++)
        {
            if (!seed[i]) continue;
            foreach (int b in graph.NeighboursOf(i))
                if (b >= 0 && seed[b]) { links[i]++; links[b]++; }
        }
        for (int i = 0; i < seed.Length; i++) if (links[i] > 0) state.ReserveNeighbours(i, links[i]);
    }

    /// <summary>
    /// The distance below which two single faces may pair: MergeDistance in a collection of up to PairReferenceFaces
    /// seed faces, and in a bigger one closer by as much as the best chance match of a face rises with the faces it is
    /// compared with (<see cref="ChanceSimilarity"/>; the spread from random pairs of faces, nearly all of different
    /// people; a person holding a large share of the faces widens it, which only makes the bar stricter).
    /// </summary>
    internal static float PairDistance(EmbeddingMatrix m, bool[] seed, FaceSortOptions o)
    {
        var faces = new List<int>();
        for (int i = 0; i < seed.Length; i++) if (seed[i]) faces.Add(i);
        if (o.PairReferenceFaces <= 0 || faces.Count <= o.PairReferenceFaces) return o.MergeDistance;
        float spread = ChanceSimilarity.Spread(m, faces, static (a, b) => a != b);
        return o.MergeDistance - (float)(spread * ChanceSimilarity.BestOfRise(faces.Count, o.PairReferenceFaces));
    }

    /// <summary>
    /// Threshold for two clusters of at least <see cref="FaceSortOptions.SmallCluster"/> faces: the mean similarity of two
    /// different people's clusters varies from pair to pair (look-alikes), so it is read off this collection. Among
    /// the big clusters of phase 1, most pairs are different people: their mean cross similarities have median μ and
    /// spread σ = 1.4826·MAD; two big clusters merge when their mean similarity is above μ + Strictness·σ.
    /// Returns the base threshold when there are too few big clusters to say.
    /// </summary>
    internal static float BigClusterThreshold(MergeState state, int n, FaceSortOptions o)
    {
        var big = new List<int>();
        for (int r = 0; r < n; r++) if (state.Root(r) == r && state.Shots(r) >= o.SmallCluster) big.Add(r);
        if (big.Count < 4) return o.MergeDistance;
        var sims = new List<float>();
        long pairs = (long)big.Count * (big.Count - 1) / 2;
        long stride = Math.Max(1, pairs / 20_000);
        // Every stride-th pair (a, b), a < b, in lexicographic order, reached without visiting the others: at a million
        // faces there are ~10⁹ pairs of big clusters.
        int row = 0;
        long offset = 0;
        for (long idx = 0; idx < pairs; idx += stride, offset += stride)
        {
            while (offset >= big.Count - 1 - row) { offset -= big.Count - 1 - row; row++; }
            sims.Add(1 - state.Linkage(big[row], big[row + 1 + (int)offset]));
        }
        var (median, sigma) = RobustStatistics.Of(sims);
        float t = 1 - (median + o.Strictness * sigma);
        return Math.Clamp(t, o.MergeDistance, o.MergeDistance + o.SizeBonus);
    }
}
