using System.Diagnostics;
using System.Numerics.Tensors;
using FaceSort.Core.Clustering;
using FaceSort.Core.Library;
using FaceSort.Core.Recognition;

namespace FaceSort.Core.Pipeline;

/// <summary>What an incremental run did.</summary>
/// <param name="TooPoorToPlace">Of the faces still unassigned, those too blurred or small to place (they wait for the user).</param>
public sealed record RecognitionSummary(int NewFaces, int Recognised, int NewPeople, int FacesInNewPeople, int StillUnassigned, int PrototypesRebuilt, int PeopleFolded, TimeSpan Elapsed, int TooPoorToPlace = 0);

/// <summary>
/// Incremental clustering for a library that already has people. New faces (not yet offered to recognition) are
/// recognised against each person's cached prototypes (user and automatic people alike, rejections honoured); the rest,
/// with the older unassigned faces close to them, are clustered among themselves; what is still alone (or a pair) gets a
/// second look against the nearest faces of the people its prototypes resemble most — as does an older unassigned face
/// a newly recognised face came near, against that face's person — and each remaining group becomes a new person.
/// Last, a person that gained faces folds with one that one-go clustering would have merged it with, when one of the
/// two is a run's own (unnamed, untouched by the user). Nothing else already decided changes — user rows never;
/// <see cref="ClusterService"/> is the full re-run. Cost: new faces × prototypes, plus rebuilding prototypes of people
/// whose faces changed, plus one pass over the unassigned faces, plus the faces of at most three people per leftover
/// and per changed person — never a read of the whole library's embeddings.
/// </summary>
public sealed class RecognitionService(FaceStore faces, PeopleStore people, PrototypeStore prototypeStore)
{
    public RecognitionSummary Recognize(IFaceClusterer leftoverClusterer, RecognitionOptions? options = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var recognizer = new IncrementalRecognizer(options);
        // One embedding space: the current model's (faces of photos not rescanned after a model change wait).
        var space = faces.CurrentSpace();
        var unassigned = faces.Unassigned(space?.Embedder);
        var mark = prototypeStore.RecognizedThrough();
        // Faces too poor to place (heavily blurred, tiny) wait for the user, as in a full run (FaceSortOptions.PlaceQuality).
        var clustering = (leftoverClusterer as FaceSortClusterer)?.Options ?? new FaceSortOptions();
        bool Placeable(FaceRecord f) => f.Quality() >= clustering.PlaceQuality;
        var arrived = unassigned.Where(f => f.Id > mark).ToList();
        if (space is not { } current || arrived.Count == 0)
            return new RecognitionSummary(0, 0, 0, 0, unassigned.Count, 0, 0, clock.Elapsed, unassigned.Count(f => !Placeable(f)));
        var dimension = current.Dimension;
        var fresh = arrived.Where(Placeable).ToList();
        var older = unassigned.Where(f => f.Id <= mark && Placeable(f)).ToList();

        var (prototypes, rebuiltPeople) = Prototypes(recognizer.Options, current);
        var rejected = people.Rejections().ToHashSet();
        var recognitions = recognizer.Recognize(prototypes, Matrix(fresh, dimension), fresh.Select(f => f.PhotoId).ToList(),
            (i, person) => rejected.Contains((fresh[i].Id, person)));
        var recognised = new List<(long, long)>();
        var leftovers = new List<FaceRecord>();
        for (var i = 0; i < fresh.Count; i++)
        {
            if (recognitions[i].PersonId is { } person) recognised.Add((fresh[i].Id, person));
            else leftovers.Add(fresh[i]);
        }
        // An older unassigned face was already compared with every unchanged person; only people whose faces changed
        // since (grown, corrected, or new) can match it now, so it meets just their prototypes.
        var changed = prototypes.Restrict(rebuiltPeople);
        if (older.Count > 0 && changed.Count > 0)
        {
            var again = recognizer.Recognize(changed, Matrix(older, dimension), older.Select(f => f.PhotoId).ToList(),
                (i, person) => rejected.Contains((older[i].Id, person)));
            var stillOlder = new List<FaceRecord>();
            for (var i = 0; i < older.Count; i++)
            {
                if (again[i].PersonId is { } person) recognised.Add((older[i].Id, person));
                else stillOlder.Add(older[i]);
            }
            older = stillOlder;
        }
        // Older unassigned faces matter only where a new face might complete their group: those close to a new leftover.
        var pool = new List<FaceRecord>(leftovers);
        foreach (var old in older)
            if (leftovers.Any(l => TensorPrimitives.Dot(l.Embedding, old.Embedding) >= recognizer.Options.MinSimilarity)) pool.Add(old);

        var groups = new List<IReadOnlyList<long>>();
        if (pool.Count > 1)
        {
            // Copies of one file are one face here too (ClusterService.WithoutCopies): a backup imported again must not
            // make each stranger's photo a group of its copies.
            var noAssignments = new Dictionary<long, (long, AssignmentSource)>();
            var (distinct, copies) = ClusterService.WithoutCopies(pool, faces.PhotoHashes(pool.Select(f => f.PhotoId)), noAssignments, []);
            var input = ClusterService.BuildInput(distinct, dimension, noAssignments);
            var labels = leftoverClusterer.Cluster(input, cancellationToken);
            groups.AddRange(ClusterService.Groups(distinct, labels, copies).Where(g => g.Count > 0));
        }
        var waiting = WaitingNearNewMembers(older, pool, fresh, recognitions, recognizer.Options);
        SecondLook(pool, waiting, groups, prototypes, recognised, recognizer.Options, clustering.ShotSimilarity, current.Embedder, rejected, fresh.Concat(older));
        var created = people.AddAutomaticAssignments(recognised, groups);
        var folded = !recognizer.Options.FoldAlikePeople ? 0
            : FoldAlikePeople([.. recognised.Select(r => r.Item2).Concat(created)], prototypes, clustering, current.Embedder);
        prototypeStore.SetRecognizedThrough(Math.Max(mark, arrived.Max(f => f.Id)));
        var inGroups = groups.Sum(g => g.Count);
        return new RecognitionSummary(arrived.Count, recognised.Count, created.Count, inGroups, unassigned.Count - recognised.Count - inGroups,
            rebuiltPeople.Count, folded, clock.Elapsed, unassigned.Count(f => !Placeable(f)));
    }

    /// <summary>People whose nearest faces a face left over is compared with: those its prototypes resemble most.</summary>
    private const int SecondLookPeople = 3;

    /// <summary>
    /// Older unassigned faces worth a second look this run, each with the people to look at: those as close as the
    /// nearest-faces bar to a face that just joined a person, and that person. Only such a face can have gained a near
    /// neighbour in a person since it was last looked at; looking again at every older face would cost a pass over
    /// every person that changed for nothing (at 100,000 faces, 1 s a run).
    /// </summary>
    private static List<(FaceRecord Face, List<long> People)> WaitingNearNewMembers(
        List<FaceRecord> older, List<FaceRecord> pool, List<FaceRecord> fresh, Recognition.Recognition[] recognitions, RecognitionOptions options)
    {
        var joined = fresh.Select((f, i) => (Face: f, recognitions[i].PersonId)).Where(j => j.PersonId is not null).ToList();
        if (options.NearestFaces <= 0 || joined.Count == 0) return [];
        var inPool = pool.Select(f => f.Id).ToHashSet();
        var waiting = new List<(FaceRecord, List<long>)>();
        foreach (var old in older)
        {
            if (inPool.Contains(old.Id)) continue;
            List<long>? people = null;
            foreach (var (face, person) in joined)
                if (TensorPrimitives.Dot(face.Embedding, old.Embedding) >= options.NearestFacesSimilarity && !(people ??= []).Contains(person!.Value))
                    people.Add(person.Value);
            if (people is not null) waiting.Add((old, people));
        }
        return waiting;
    }

    /// <summary>
    /// A face still alone, or in a new pair, gets a second look as in the one-go clusterer's last step: it joins a
    /// person when it is close to a few of that person's faces (<see cref="NearestFacesRecognizer"/>). Only the people
    /// its prototypes resemble most are read from the library, so the cost stays with the leftovers;
    /// an older face from <see cref="WaitingNearNewMembers"/> meets only the people named with it.
    /// </summary>
    private void SecondLook(
        List<FaceRecord> pool, List<(FaceRecord Face, List<long> People)> waiting, List<IReadOnlyList<long>> groups, PersonPrototypes prototypes,
        List<(long Face, long Person)> recognised, RecognitionOptions options, float shotSimilarity, string embedder, HashSet<(long, long)> rejected, IEnumerable<FaceRecord> offered)
    {
        if (options.NearestFaces <= 0 || prototypes.Count == 0) return;
        var byId = pool.ToDictionary(f => f.Id);
        var grouped = groups.SelectMany(g => g).ToHashSet();
        var units = new List<IReadOnlyList<FaceRecord>>();
        var unitGroups = new List<IReadOnlyList<long>?>();
        foreach (var group in groups.Where(g => g.Count < options.NearestFacesPersonSize))
        {
            units.Add(group.Select(id => byId[id]).ToList());
            unitGroups.Add(group);
        }
        foreach (var face in pool.Where(f => !grouped.Contains(f.Id)))
        {
            units.Add([face]);
            unitGroups.Add(null);
        }
        // An older face only meets the people a new face near it just joined: the others it has been compared with.
        int fromPool = units.Count;
        foreach (var (face, _) in waiting)
        {
            units.Add([face]);
            unitGroups.Add(null);
        }
        if (units.Count == 0) return;

        var candidates = new Dictionary<long, List<long>>();
        var nearestPeople = new NearestPeople(prototypes);
        // These faces' similarities to every person: mostly different people, so their spread is the chance level
        // a stranger's best match is drawn from (StrangerBar).
        var chance = new List<float>();
        // 20,000 of them are plenty for a spread (and sorting hundreds of thousands costs more than the whole look).
        var stride = Math.Max(1, units.Sum(u => u.Count) * prototypes.Count / 20_000);
        for (var u = 0; u < units.Count; u++)
        {
            foreach (var face in units[u])
            {
                if (u >= fromPool)
                {
                    // Its people are already named: only the chance sample is needed from its similarities.
                    for (var p = 0; p < prototypes.Count; p += stride) chance.Add(TensorPrimitives.Dot(face.Embedding, prototypes.Vectors.Row(p)));
                    candidates[face.Id] = waiting[u - fromPool].People;
                    continue;
                }
                var similarities = nearestPeople.Score(face.Embedding);
                for (var p = 0; p < prototypes.Count; p += stride) chance.Add(similarities[p]);
                candidates[face.Id] = nearestPeople.Best(SecondLookPeople);
            }
        }
        var known = prototypeStore.FacesOf(candidates.Values.SelectMany(c => c).Distinct().ToList(), embedder);
        // Faces recognised in this run are not stored yet, but they are that person's faces already.
        var offeredById = offered.ToDictionary(f => f.Id);
        foreach (var (face, person) in recognised)
            if (known.TryGetValue(person, out var list) && offeredById.TryGetValue(face, out var record))
                list.Add(new PersonFace(record.PhotoId, record.Embedding));

        var people = prototypes.PersonOfRow.Distinct().Count();
        var spread = RobustStatistics.Of(chance).Spread;
        var bar = StrangerBar.For(options, people, spread);
        var joined = new NearestFacesRecognizer(options with { NearestFacesPersonSize = options.NearestFacesPersonSizeWhenGrowing, NearestFacesSimilarity = bar }, spread, shotSimilarity).Recognize(units, id => candidates[id], known, (face, person) => rejected.Contains((face, person)));
        for (var u = 0; u < units.Count; u++)
        {
            if (joined[u] is not { } person) continue;
            recognised.AddRange(units[u].Select(f => (f.Id, person)));
            if (unitGroups[u] is { } group) groups.Remove(group);
        }
    }

    /// <summary>
    /// Every person that gained faces in this run meets the <see cref="SecondLookPeople"/> people its mean face's
    /// prototypes resemble most, and two that one-go clustering would have merged become one (<see cref="AlikePeople"/>)
    /// when at least one of them is a run's own (<see cref="PeopleStore.FoldingRoles"/>): the smaller folds
    /// into the larger, or the run's own into the user's. Smallest first, each person folded at most once a run. Only
    /// those people's faces are read.
    /// </summary>
    private int FoldAlikePeople(HashSet<long> changed, PersonPrototypes prototypes, FaceSortOptions options, string embedder)
    {
        if (changed.Count == 0 || prototypes.Count == 0) return 0;
        var faces = prototypeStore.FacesOf(changed.ToList(), embedder);
        // Two people one-go clustering merges have mean faces at a cosine of at least 1 − MergeDistance (phase 1) or
        // about one half (phase 2's cohesion share); a person is read only when a prototype of it is that close to the
        // mean face of one that changed, which at 100,000 faces leaves almost nothing to read.
        var closeEnough = 1 - options.MergeDistance;
        var nearestPeople = new NearestPeople(prototypes);
        var mean = new float[prototypes.Vectors.Dimension];
        var candidates = new Dictionary<long, List<long>>();
        foreach (var (person, own) in faces)
        {
            if (own.Count == 0) continue;
            Array.Clear(mean);
            foreach (var face in own) TensorPrimitives.Add(mean, face.Embedding, mean);
            TensorPrimitives.Divide(mean, TensorPrimitives.Norm(mean), mean);
            nearestPeople.Score(mean);
            candidates[person] = nearestPeople.Best(SecondLookPeople, closeEnough, except: person);
        }
        if (candidates.Values.All(c => c.Count == 0)) return 0;
        var unread = candidates.Values.SelectMany(c => c).Where(p => !faces.ContainsKey(p)).Distinct().ToList();
        foreach (var (person, list) in prototypeStore.FacesOf(unread, embedder)) faces[person] = list;
        var (foldable, hidden) = people.FoldingRoles(faces.Keys.ToList());

        var folds = new List<(long From, long Into)>();
        var gone = new HashSet<long>();
        foreach (var person in candidates.Keys.Where(p => candidates[p].Count > 0).OrderBy(p => faces[p].Count).ThenBy(p => p))
        {
            if (gone.Contains(person) || hidden.Contains(person) || faces[person].Count == 0) continue;
            var open = candidates[person]
                .Where(c => !gone.Contains(c) && !hidden.Contains(c) && faces.ContainsKey(c) && (foldable.Contains(person) || foldable.Contains(c)))
                .Select(c => (c, (IReadOnlyList<PersonFace>)faces[c]));
            if (AlikePeople.BestMatch(faces[person], open, options) is not { } match) continue;
            var intoMatch = foldable.Contains(person) && (!foldable.Contains(match) || faces[person].Count <= faces[match].Count);
            var (from, into) = intoMatch ? (person, match) : (match, person);
            folds.Add((from, into));
            gone.Add(from);
            faces[into].AddRange(faces[from]);
        }
        people.FoldAutomaticPeople(folds);
        return folds.Count;
    }

    /// <summary>
    /// After a full clustering every face has been seen: marks them all as offered to recognition and builds every
    /// person's prototypes now, so the next incremental run pays only for what it adds.
    /// </summary>
    public int PrepareForIncrementalRuns(RecognitionOptions? options = null)
    {
        var through = faces.MaxFaceId();
        if (through > 0) prototypeStore.SetRecognizedThrough(through);
        if (faces.CurrentSpace() is not { } space) return 0;
        var (_, rebuilt) = Prototypes(options ?? new RecognitionOptions(), space);
        return rebuilt.Count;
    }

    /// <summary>
    /// Cached prototypes, rebuilt (and saved) only for people whose face set changed since they were built. Only faces
    /// of the current embedding space count: a person whose faces all wait for a rescan has no prototypes in it.
    /// </summary>
    private (PersonPrototypes Prototypes, HashSet<long> Rebuilt) Prototypes(RecognitionOptions options, EmbeddingSpace space)
    {
        // The embedder is part of the fingerprint: prototypes built in another space are stale, and are rebuilt from
        // this space's faces only (none, for a person whose photos all wait for a rescan).
        var current = prototypeStore.CurrentFingerprints().ToDictionary(p => p.Key, p => space.Embedder + "|" + p.Value);
        var stored = prototypeStore.Stored();
        var stale = current.Where(c => !stored.TryGetValue(c.Key, out var s) || s.Fingerprint != c.Value).Select(c => c.Key).ToList();
        var rebuilt = new Dictionary<long, (string, IReadOnlyList<float[]>)>();
        foreach (var (person, embeddings) in prototypeStore.EmbeddingsOf(stale, space.Embedder))
            rebuilt[person] = (current[person], embeddings.Count == 0 ? [] : PersonPrototypes.OfOnePerson(embeddings, options));
        if (rebuilt.Count > 0) prototypeStore.Save(rebuilt);
        var all = current.Keys.Select(person => (person, rebuilt.TryGetValue(person, out var r) ? r.Item2 : stored[person].Prototypes));
        return (PersonPrototypes.FromPrototypes(all, space.Dimension), [.. rebuilt.Keys]);
    }

    private static EmbeddingMatrix Matrix(IReadOnlyList<FaceRecord> list, int dimension)
    {
        var data = new float[list.Count * dimension];
        for (var i = 0; i < list.Count; i++) list[i].Embedding.CopyTo(data, i * dimension);
        return new EmbeddingMatrix(list.Count, dimension, data);
    }
}
