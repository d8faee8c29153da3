using System.Globalization;
using FaceSort.Core.Clustering;
using FaceSort.Core.Detection;

namespace FaceSort.Core.Evaluation;

/// <summary>
/// A labelled set of face embeddings for evaluation: all faces (clustered), and the scored subset — the main face of
/// every labelled photo, the face whose box centre is nearest the image centre.
/// </summary>
/// <param name="Faces">Every detected face's embedding.</param>
/// <param name="PhotoOfFace">Photo id per face (faces of one photo cannot be one person).</param>
/// <param name="Quality">Per face, what a library's clustering uses (<see cref="FaceQuality"/>: detector score and box size).</param>
/// <param name="ScoredFaces">Face index per labelled photo, or -1 when no face was detected there (scored as a miss).</param>
/// <param name="Truth">Identity id per entry of <paramref name="ScoredFaces"/>.</param>
/// <param name="IdentityNames">Name per identity id.</param>
public sealed record EmbeddingSet(
    EmbeddingMatrix Faces,
    int[] PhotoOfFace,
    float[] Quality,
    int[] ScoredFaces,
    int[] Truth,
    string[] IdentityNames);

/// <summary>
/// Reads FaceSort's embedding TSV: a '#' header, then one row per face — photo, photo_w, photo_h, face_index, label,
/// score, x, y, w, h, then the embedding floats — and one row per photo without a face (face_index −1, no floats).
/// An empty label means the photo carries no identity (folders such as group/ and edge/).
/// tests/fixtures/embeddings/README.md says how the files are produced.
/// </summary>
public static class EmbeddingSetFile
{
    /// <exception cref="InvalidDataException">A row is malformed (a value not a finite number among them); the message names the file and line.</exception>
    public static EmbeddingSet Load(string path)
    {
        var photoIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var photoLabel = new List<string>();
        var photoMain = new List<(int Face, double Dist)>();
        var floats = new List<float>();
        var photoOfFace = new List<int>();
        var quality = new List<float>();
        int dim = -1;
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '#') continue;
            var c = line.Split('\t');
            if (c.Length < 10) throw new InvalidDataException($"{path}:{lineNumber}: expected at least 10 tab-separated columns, got {c.Length}");
            if (!photoIds.TryGetValue(c[0], out int photo))
            {
                photoIds[c[0]] = photo = photoIds.Count;
                photoLabel.Add(c[4]);
                photoMain.Add((-1, double.MaxValue));
            }
            try
            {
                int faceIndex = int.Parse(c[3], CultureInfo.InvariantCulture);
                if (faceIndex < 0) continue;
                int d = c.Length - 10;
                if (dim < 0) dim = d;
                else if (d != dim) throw new InvalidDataException($"{path}:{lineNumber}: row of {d} floats after rows of {dim}");
                // Every number is parsed before any is kept, so a bad row adds nothing.
                var (width, height) = (F(c[1]), F(c[2]));
                var (score, box) = (F(c[5]), new FaceBox(F(c[6]), F(c[7]), F(c[8]), F(c[9])));
                var embedding = c[10..].Select(F).ToArray();
                int face = photoOfFace.Count;
                photoOfFace.Add(photo);
                quality.Add(FaceQuality.Of(score, box.Width, box.Height));
                floats.AddRange(embedding);
                var dist = MainFace.DistanceFromCentre(box, width, height);
                if (dist < photoMain[photo].Dist) photoMain[photo] = (face, dist);
            }
            catch (FormatException e)
            {
                // The caller shows one line naming the file and row, not a parser's stack trace.
                throw new InvalidDataException($"{path}:{lineNumber}: {e.Message}", e);
            }
        }
        var names = new List<string>();
        var nameId = new Dictionary<string, int>(StringComparer.Ordinal);
        var scored = new List<int>();
        var truth = new List<int>();
        for (int p = 0; p < photoLabel.Count; p++)
        {
            if (photoLabel[p].Length == 0) continue;
            if (!nameId.TryGetValue(photoLabel[p], out int id))
            {
                nameId[photoLabel[p]] = id = names.Count;
                names.Add(photoLabel[p]);
            }
            scored.Add(photoMain[p].Face);
            truth.Add(id);
        }
        var matrix = new EmbeddingMatrix(photoOfFace.Count, Math.Max(dim, 1), [.. floats]);
        return new EmbeddingSet(matrix, [.. photoOfFace], [.. quality], [.. scored], [.. truth], [.. names]);
    }

    /// <summary>A number of the row; "NaN" and "Infinity", which float.Parse reads, are refused: no distance or box is
    /// made of them, and clustering indexed past its rows on one.</summary>
    private static float F(string s)
    {
        var value = float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        return float.IsFinite(value) ? value : throw new FormatException($"'{s}' is not a finite number");
    }
}
