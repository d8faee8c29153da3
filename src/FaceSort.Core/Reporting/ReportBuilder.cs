using System.Diagnostics;
using System.Numerics.Tensors;
using FaceSort.Core.Clustering;
using FaceSort.Core.Corrections;

namespace FaceSort.Core.Reporting;

/// <summary>Computes an <see cref="InsightReport"/>: a pure function of the input and options (no files, no drawing).</summary>
public static class ReportBuilder
{
    public static InsightReport Build(ReportInput input, ReportOptions? options = null)
    {
        options ??= new ReportOptions();
        var clock = Stopwatch.StartNew();
        var faces = UnitRows(input.Faces);
        var personCount = input.PersonNames.Length;

        // Same vs different by the true identities when there are any; else by the people themselves (what the
        // clustering decided) next to each face's nearest neighbour, which needs no labels at all.
        var hasTruth = input.Truth is { } t && t.Any(x => x >= 0);
        var pairLabels = hasTruth ? input.Truth! : input.Person;
        var (same, different) = PairSimilarities.SameAndDifferent(faces, pairLabels, options.MaxPairs, options.Seed);
        Histogram? sameHistogram = same.Length > 0 ? Histogram.Of(same, -1, 1, options.Bins) : null;
        Histogram? differentHistogram = different.Length > 0 ? Histogram.Of(different, -1, 1, options.Bins) : null;
        Histogram? nearest = hasTruth ? null : Histogram.Of(PairSimilarities.NearestNeighbour(faces, options.MaxNeighbourQueries, options.Seed), -1, 1, options.Bins);

        var pca = Pca.TopTwo(faces, options.Seed);
        var scatter = PairSimilarities.Sample(faces.Count, options.MaxScatterFaces, new Random(options.Seed));

        var sizes = new int[personCount];
        var unassigned = 0;
        foreach (var p in input.Person)
            if (p >= 0) sizes[p]++;
            else unassigned++;
        var bySize = Enumerable.Range(0, personCount).Where(p => sizes[p] > 0).OrderByDescending(p => sizes[p]).ThenBy(p => p).ToArray();
        var colour = new int[personCount];
        Array.Fill(colour, -1);
        for (var rank = 0; rank < Math.Min(bySize.Length, options.ColouredPeople); rank++) colour[bySize[rank]] = rank;

        var elbowFaces = Subset(faces, PairSimilarities.Sample(faces.Count, options.ElbowMaxFaces, new Random(options.Seed)));
        var maxK = Math.Min(Math.Min(Math.Max(10, 2 * bySize.Length), options.ElbowMaxK), Math.Max(1, elbowFaces.Count));
        var elbow = ElbowCurve.Compute(elbowFaces, ElbowCurve.Grid(maxK, options.ElbowPoints), options.Seed);

        var silhouette = Silhouette.Values(faces, input.Person);
        var people = People(faces, input, silhouette, sizes, options.FacesPerPerson);
        var assigned = silhouette.Where(s => !float.IsNaN(s)).ToArray();
        // Fewer than two people: no face has a silhouette, and 0 would read as "every face on the border".
        var meanSilhouette = assigned.Length == 0 ? double.NaN : assigned.Average(s => (double)s);

        return new InsightReport(input, options, hasTruth, sameHistogram, differentHistogram, nearest,
            EqualError(sameHistogram, differentHistogram), pca, scatter, colour, elbow, silhouette, meanSilhouette,
            people, unassigned, clock.Elapsed);
    }

    /// <summary>
    /// Lowest cohesion first: a person whose faces scatter is where a wrong merge most likely hides. Each person's faces
    /// are measured against the person's typical face, as the person page's "least alike first" orders them, so the
    /// faces the report names are the ones that page shows first.
    /// </summary>
    private static List<PersonInsight> People(EmbeddingMatrix faces, ReportInput input, float[] silhouette, int[] sizes, int outliers)
    {
        var d = faces.Dimension;
        var members = new List<int>[sizes.Length];
        for (var p = 0; p < sizes.Length; p++) members[p] = [];
        var silhouetteSums = new double[sizes.Length];
        for (var i = 0; i < faces.Count; i++)
        {
            var p = input.Person[i];
            if (p < 0) continue;
            members[p].Add(i);
            silhouetteSums[p] += silhouette[i];
        }
        var people = new List<PersonInsight>();
        for (var p = 0; p < sizes.Length; p++)
        {
            if (sizes[p] == 0) continue;
            var list = members[p];
            var rows = new float[list.Count * d];
            for (var m = 0; m < list.Count; m++) faces.Row(list[m]).CopyTo(rows.AsSpan(m * d, d));
            var (order, likeness) = TypicalFace.LeastAlikeFirst(new EmbeddingMatrix(list.Count, d, rows));
            var cohesion = likeness.Average(x => (double)x);
            var worst = order.Take(outliers).Select(m => list[m]).ToArray();
            IReadOnlyList<(string, int)> identities = input.Truth is { } truth
                ? [.. list.Where(f => truth[f] >= 0).GroupBy(f => truth[f]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
                    .Select(g => (input.TruthNames![g.Key], g.Count()))]
                : [];
            people.Add(new PersonInsight(p, input.PersonNames[p], sizes[p], cohesion, silhouetteSums[p] / sizes[p], worst, identities));
        }
        return [.. people.OrderBy(x => x.Cohesion).ThenBy(x => x.Person)];
    }

    /// <summary>The bin edge where the share of same pairs below it is closest to the share of different pairs at or above it.</summary>
    internal static (double, double)? EqualError(Histogram? same, Histogram? different)
    {
        if (same is null || different is null) return null;
        double sameTotal = same.Total, differentTotal = different.Total;
        double sameBelow = 0, differentAbove = differentTotal;
        (double Threshold, double Rate, double Gap) best = (same.Min, 1, double.MaxValue);
        for (var bin = 0; bin <= same.Counts.Length; bin++)
        {
            double falseReject = sameBelow / sameTotal, falseAccept = differentAbove / differentTotal;
            var gap = Math.Abs(falseReject - falseAccept);
            if (gap < best.Gap) best = (same.Edge(bin), (falseReject + falseAccept) / 2, gap);
            if (bin == same.Counts.Length) break;
            sameBelow += same.Counts[bin];
            differentAbove -= different.Counts[bin];
        }
        return (best.Threshold, best.Rate);
    }

    private static EmbeddingMatrix UnitRows(EmbeddingMatrix faces)
    {
        var data = new float[faces.Count * faces.Dimension];
        for (var i = 0; i < faces.Count; i++)
        {
            var target = data.AsSpan(i * faces.Dimension, faces.Dimension);
            faces.Row(i).CopyTo(target);
            var norm = TensorPrimitives.Norm(target);
            if (norm > 0) TensorPrimitives.Divide(target, norm, target);
        }
        return new EmbeddingMatrix(faces.Count, faces.Dimension, data);
    }

    private static EmbeddingMatrix Subset(EmbeddingMatrix faces, int[] rows)
    {
        var data = new float[rows.Length * faces.Dimension];
        for (var k = 0; k < rows.Length; k++) faces.Row(rows[k]).CopyTo(data.AsSpan(k * faces.Dimension, faces.Dimension));
        return new EmbeddingMatrix(rows.Length, faces.Dimension, data);
    }
}
