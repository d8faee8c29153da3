using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using FaceSort.Core.Clustering;
using FaceSort.Core.Corrections;
using FaceSort.Core.Detection;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;

namespace FaceSort.Benchmarks.Recognition;

/// <summary>
/// <c>incremental-bench [--faces 100000] [--people 2000] [--strangers 20] [--photos 100] [--runs 5] [--full-runs 0]</c>: does adding a
/// few photos to a big library cost time in proportion to the new photos? Generates a library of synthetic 128-d unit
/// embeddings (people = random centres, faces = centre + noise, cosine ≈ 0.6 within a person; <c>--strangers</c> percent
/// of the faces are one-off strangers nobody claims, as in real collections), stores it with the people as automatic
/// assignments and prepares it as a full clustering leaves it (<see cref="RecognitionService.PrepareForIncrementalRuns"/>).
/// Then per run it writes <c>--photos</c> new photos (1–2 faces: 85 % known people, 15 % strangers) and times storing
/// them plus <see cref="RecognitionService.Recognize"/> (everything but decoding and model inference). Prints markdown.
/// <c>--full-runs N</c> then times N full re-clusterings of the whole library, as <c>facesort cluster --full</c> runs them.
/// </summary>
internal static class IncrementalBench
{
    public static int Run(string[] args)
    {
        int faces = 100_000, peopleCount = 2000, strangerPercent = 20, photos = 100, runs = 5, fullRuns = 0;
        for (var i = 0; i < args.Length; i++)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i++])
            {
                case "--faces": faces = value; break;
                case "--people": peopleCount = value; break;
                case "--photos": photos = value; break;
                case "--runs": runs = value; break;
                case "--strangers": strangerPercent = value; break;
                case "--full-runs": fullRuns = value; break;
                default: throw new ArgumentException($"unknown option {args[i - 1]}");
            }
        }
        const int dimension = 128;
        var random = new Random(7);
        var centres = Enumerable.Range(0, peopleCount).Select(_ => Unit(random, dimension, null, 0)).ToArray();
        var directory = Path.Combine(Path.GetTempPath(), "facesort-incremental-bench-" + Environment.ProcessId);
        var database = LibraryDatabase.Open(directory);
        try
        {
            var rootId = new PhotoStore(database).EnsureRoot("/bench");
            var clock = Stopwatch.StartNew();
            var personOfPhoto = new int[faces];
            using (var writer = new ScanWriter(database, batchSize: 5000))
            {
                for (var f = 0; f < faces; f++)
                {
                    var stranger = random.Next(100) < strangerPercent;
                    personOfPhoto[f] = stranger ? -1 : random.Next(peopleCount);
                    var embedding = stranger ? Unit(random, dimension, null, 0) : Unit(random, dimension, centres[personOfPhoto[f]], 0.75f);
                    writer.Write(Photo(rootId, $"lib/{f:000000}.jpg", [embedding]));
                }
                writer.Flush();
            }
            var stored = new FaceStore(database).AllPresent();
            var clusters = new List<long>[peopleCount];
            for (var p = 0; p < peopleCount; p++) clusters[p] = [];
            foreach (var face in stored)
                if (personOfPhoto[(int)(face.PhotoId - 1)] is var person and >= 0) clusters[person].Add(face.Id);
            new PeopleStore(database).ReplaceAutomaticAssignments(clusters);
            Console.Error.WriteLine($"generated {faces} faces of {peopleCount} people ({strangerPercent} % strangers) in {clock.Elapsed.TotalSeconds:0.0} s");
            var service = new RecognitionService(new FaceStore(database), new PeopleStore(database), new PrototypeStore(database));
            clock.Restart();
            var prepared = service.PrepareForIncrementalRuns();
            var prepareMs = clock.Elapsed.TotalMilliseconds;
            Console.Error.WriteLine($"prepared {prepared} people's prototypes in {prepareMs:0} ms (part of a full clustering)");

            // Truth of every new face (person index, −1 for a stranger), by photo path and face index, to score the runs.
            var truthOfNew = new Dictionary<(string, int), int>();
            var storeTimes = new List<double>();
            var recogniseTimes = new List<double>();
            var times = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                clock.Restart();
                using (var writer = new ScanWriter(database))
                {
                    for (var p = 0; p < photos; p++)
                    {
                        var count = 1 + random.Next(2);
                        var list = new List<float[]>();
                        for (var k = 0; k < count; k++)
                        {
                            var person = random.NextDouble() < 0.85 ? random.Next(peopleCount) : -1;
                            list.Add(person >= 0 ? Unit(random, dimension, centres[person], 0.75f) : Unit(random, dimension, null, 0));
                            truthOfNew[($"new{run}/{p:000}.jpg", k)] = person;
                        }
                        writer.Write(Photo(rootId, $"new{run}/{p:000}.jpg", list));
                    }
                    writer.Flush();
                }
                var storeMs = clock.Elapsed.TotalMilliseconds;
                var summary = service.Recognize(new FaceSortClusterer());
                storeTimes.Add(storeMs);
                recogniseTimes.Add(summary.Elapsed.TotalMilliseconds);
                times.Add(storeMs + summary.Elapsed.TotalMilliseconds);
                Console.Error.WriteLine($"run {run}: store {storeMs:0} ms, {summary}");
            }
            Score(database, personOfPhoto, truthOfNew);
            storeTimes.Sort();
            recogniseTimes.Sort();
            times.Sort();
            Console.WriteLine("| library faces | people | strangers | new photos | runs | store median ms | recognise median ms | total median ms | total max ms |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {faces:N0} | {peopleCount:N0} | {strangerPercent} % | {photos} | {runs} | {storeTimes[runs / 2]:0} | {recogniseTimes[runs / 2]:0} | {times[runs / 2]:0} | {times[^1]:0} |"));
            // What every cluster run adds by looking for names other programs wrote (Corrections.TaggedNameImport): the
            // first look reads each photo's metadata; later runs only compare each photo's check key.
            clock.Restart();
            var firstLook = new TaggedNameImport(database).Import();
            var firstMs = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var again = new TaggedNameImport(database).Import();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"tagged names: first look at {firstLook.PhotosRead:N0} photos {firstMs:0} ms; a run with nothing new ({again.PhotosRead} read) {clock.Elapsed.TotalMilliseconds:0} ms"));
            // What `facesort cluster --full` costs on this library: reading every face, clustering, writing the people
            // and preparing their prototypes.
            for (var run = 0; run < fullRuns; run++)
            {
                clock.Restart();
                var full = new PeopleUpdater(database).Update(new FaceSortClusterer(), full: true);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"full re-cluster {run}: {full.Faces:N0} faces, {full.People:N0} people, {full.UnassignedFaces:N0} unassigned; {clock.Elapsed.TotalSeconds:0.0} s in all, clustering {full.Elapsed.TotalSeconds:0.0} s; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 >> 20} MB"));
            }
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// What the runs decided about the new faces: known faces given their own person, given another, or left out;
    /// strangers left out or put into a person (the "flood of strangers" users complain about). A person is the
    /// identity most of its library faces have.
    /// </summary>
    private static void Score(LibraryDatabase database, int[] personOfPhoto, Dictionary<(string, int), int> truthOfNew)
    {
        var assignments = new PeopleStore(database).Assignments();
        var photos = new PhotoStore(database).All().ToDictionary(p => p.Id);
        var all = new FaceStore(database).AllPresent();
        var photoOfFace = all.ToDictionary(f => f.Id, f => f.PhotoId);
        var votes = new Dictionary<long, Dictionary<int, int>>();
        foreach (var (face, (person, _)) in assignments)
        {
            var photo = photos[photoOfFace[face]];
            if (!photo.RelativePath.StartsWith("lib/", StringComparison.Ordinal)) continue;
            var truth = personOfPhoto[(int)(photo.Id - 1)];
            if (!votes.TryGetValue(person, out var v)) votes[person] = v = [];
            v[truth] = v.GetValueOrDefault(truth) + 1;
        }
        var identityOf = votes.ToDictionary(v => v.Key, v => v.Value.MaxBy(x => x.Value).Key);
        int right = 0, wrong = 0, missed = 0, strangersOut = 0, strangersIn = 0;
        foreach (var face in all)
        {
            var photo = photos[face.PhotoId];
            if (!truthOfNew.TryGetValue((photo.RelativePath, face.FaceIndex), out var truth)) continue;
            long? person = assignments.TryGetValue(face.Id, out var a) ? a.PersonId : null;
            if (truth < 0)
            {
                if (person is null) strangersOut++;
                else strangersIn++;
            }
            else if (person is null) missed++;
            else if (identityOf.TryGetValue(person.Value, out var id) && id == truth) right++;
            else wrong++;
        }
        Console.Error.WriteLine($"new known faces: {right} to their person, {wrong} to another, {missed} left out; new strangers: {strangersOut} left out, {strangersIn} put into a person");
    }

    private static PhotoScanResult Photo(long rootId, string rel, IReadOnlyList<float[]> embeddings)
    {
        var file = new PhotoFile(rootId, "/bench", rel, "/bench/" + rel, 1000, 1);
        var faces = embeddings.Select((e, i) => new ScannedFace(i, new FaceBox(100 * i, 0, 96, 96), new Landmarks5(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 0.95f, e)).ToList();
        return new PhotoScanResult(file, null, 640, 480, "jpeg", faces, null, "bench", "bench");
    }

    /// <summary>A random unit vector, or <paramref name="centre"/> plus Gaussian noise of total length <paramref name="noise"/>, normalised.</summary>
    private static float[] Unit(Random random, int dimension, float[]? centre, float noise)
    {
        var v = new float[dimension];
        for (var d = 0; d < dimension; d++)
        {
            var g = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            v[d] = centre is null ? g : centre[d] + noise * g / MathF.Sqrt(dimension);
        }
        TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
        return v;
    }
}
