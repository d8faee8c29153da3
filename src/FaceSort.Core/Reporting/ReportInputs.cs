using System.Globalization;
using FaceSort.Core.Clustering;
using FaceSort.Core.Evaluation;
using FaceSort.Core.Library;

namespace FaceSort.Core.Reporting;

/// <summary>A library's faces as a report input, with the records a caller needs to cut face thumbnails.</summary>
public sealed record LibraryReportInput(ReportInput Input, IReadOnlyList<FaceRecord> Faces, IReadOnlyDictionary<long, PhotoRecord> Photos);

/// <summary>
/// Builds a <see cref="ReportInput"/> from the two places faces come from: a library (its current people) or an
/// embedding TSV (clustered here by a given method). True identities come the way <c>facesort eval</c> gets them: a
/// labelled photo's identity belongs to its main face (<see cref="MainFace"/>); other faces stay unlabelled.
/// </summary>
public static class ReportInputs
{
    /// <summary>The library's present faces and current people (hidden ones included), truth from folder names when <paramref name="labelsRoot"/> is given.</summary>
    public static LibraryReportInput FromLibrary(
        PhotoStore photos, FaceStore faces, PeopleStore people, string? labelsRoot, IReadOnlySet<string>? unlabelledFolders = null)
    {
        var all = faces.AllPresent();
        var photoById = photos.All().ToDictionary(p => p.Id);
        var dimension = all.Count == 0 ? 1 : all[0].Embedding.Length;
        var data = new float[all.Count * dimension];
        for (var i = 0; i < all.Count; i++) all[i].Embedding.CopyTo(data, i * dimension);

        var summaries = people.Summaries();
        var personIndex = new Dictionary<long, int>();
        foreach (var summary in summaries) personIndex[summary.Person.Id] = personIndex.Count;
        var assignments = people.Assignments();
        var person = new int[all.Count];
        for (var i = 0; i < all.Count; i++)
            person[i] = assignments.TryGetValue(all[i].Id, out var a) && personIndex.TryGetValue(a.PersonId, out var p) ? p : -1;

        int[]? truth = null;
        string[]? truthNames = null;
        if (labelsRoot is not null)
        {
            // Built over the same AllPresent() list, so its face rows are ours.
            var (set, _) = LibraryEmbeddingSet.Build(photos, faces, labelsRoot, unlabelledFolders);
            truth = TruthPerFace(set, all.Count);
            truthNames = set.IdentityNames;
        }
        var notes = all.Select(f => photoById.TryGetValue(f.PhotoId, out var photo)
            ? $"face {f.Id}: {photo.RelativePath}" : $"face {f.Id}").ToArray();
        var input = new ReportInput(new EmbeddingMatrix(all.Count, dimension, data), person,
            [.. summaries.Select(s => s.Person.DisplayName)], truth, truthNames, notes, "library people");
        return new LibraryReportInput(input, all, photoById);
    }

    /// <summary>An embedding TSV (<see cref="EmbeddingSetFile"/>) clustered by <paramref name="method"/>; its labels become the truth.</summary>
    public static ReportInput FromEmbeddingFile(string path, string method = "facesort", CancellationToken cancellationToken = default)
    {
        var set = EmbeddingSetFile.Load(path);
        var assignment = ClusteringMethods.Create(method).Cluster(new ClusteringInput(set.Faces, set.PhotoOfFace, set.Quality), cancellationToken);
        var names = Enumerable.Range(1, assignment.ClusterCount).Select(c => $"Cluster_{c:000}").ToArray();
        var truth = TruthPerFace(set, set.Faces.Count);
        return new ReportInput(set.Faces, assignment.Labels, names, truth.Any(t => t >= 0) ? truth : null,
            truth.Any(t => t >= 0) ? set.IdentityNames : null, FaceNotes(path, set.Faces.Count), $"{method} clusters");
    }

    private static int[] TruthPerFace(EmbeddingSet set, int faceCount)
    {
        var truth = new int[faceCount];
        Array.Fill(truth, -1);
        for (var k = 0; k < set.ScoredFaces.Length; k++)
            if (set.ScoredFaces[k] >= 0) truth[set.ScoredFaces[k]] = set.Truth[k];
        return truth;
    }

    /// <summary>"photo #index" per face row, in the order <see cref="EmbeddingSetFile.Load"/> reads them (rows with a face).</summary>
    private static string[] FaceNotes(string path, int faceCount)
    {
        var notes = new List<string>(faceCount);
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var columns = line.Split('\t', 5);
            if (columns.Length < 4 || int.Parse(columns[3], CultureInfo.InvariantCulture) < 0) continue;
            notes.Add($"{columns[0]} #{columns[3]}");
        }
        return notes.Count == faceCount ? [.. notes] : [.. Enumerable.Range(0, faceCount).Select(i => $"face row {i}")];
    }
}
