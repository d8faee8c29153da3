using System.Diagnostics;
using System.Globalization;
using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;

namespace FaceSort.Benchmarks.Clustering;

/// <summary>
/// <c>kmeans-curves FILE.tsv...</c>: which k the elbow and the silhouette pick on each embedding set, against the
/// number of identities, with the inertia and mean-silhouette curves they were read from (the question: which
/// criterion should <see cref="KMeansOptions.Choice"/> default to).
/// </summary>
internal static class KMeansCurves
{
    public static int Run(string[] args)
    {
        Console.WriteLine("| set | faces | identities | k by elbow | k by silhouette | ks evaluated | s |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        var curves = new List<string>();
        foreach (var file in args)
        {
            var set = EmbeddingSetFile.Load(file);
            var sw = Stopwatch.StartNew();
            var s = new KMeansClusterer().SelectK(set.Faces);
            string name = Path.GetFileNameWithoutExtension(file);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {set.Faces.Count} | {set.IdentityNames.Length} | {s.ChosenByElbow} | {s.ChosenBySilhouette} | {s.Ks.Length} | {sw.Elapsed.TotalSeconds:0.00} |"));
            curves.Add($"{name}: " + string.Join(" ", s.Ks.Select((k, i) =>
                string.Create(CultureInfo.InvariantCulture, $"{k}:{s.Inertia[i]:0.#}/{s.MeanSilhouette[i]:0.000}"))));
        }
        Console.WriteLine();
        Console.WriteLine("k:inertia/mean silhouette");
        foreach (var c in curves) Console.WriteLine(c);
        return 0;
    }
}
