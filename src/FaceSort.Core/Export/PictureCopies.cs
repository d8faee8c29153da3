using System.Numerics.Tensors;
using FaceSort.Core.Imaging;
using FaceSort.Core.Library;

namespace FaceSort.Core.Export;

/// <summary>
/// Tells copies of one picture among photos: a chat app's forwards (smaller, recompressed, without EXIF), a photo saved
/// again for the web, the gallery's export. Two photos are one picture when their sketches (<see cref="PictureSketch"/>)
/// differ in at most <see cref="MaxSketchDistance"/> bits, their shapes match, each face of one has a face of the other
/// at the same place with the same size that embeds alike, and their cameras' times, where both have one, are the same.
/// Burst shots and a series taken seconds apart differ in time; a screenshot of a chat holding the photo differs in
/// sketch; two photos of one scene with other faces differ in faces. Photos without a face are never taken for copies:
/// there is nothing but the sketch to tell them by.
/// </summary>
public static class PictureCopies
{
    /// <summary>Copies of one photo made by phone_backup.py (1,600 px, JPEG quality 60–75, forwarded up to three times)
    /// differ in 0–1 bits; the same photo with the camera moved 3–6 px (0.2–0.4 % of its width) in 3, 12 px in 6.</summary>
    public const int MaxSketchDistance = 2;

    private const float MaxCentreShift = 0.02f;
    private const float MaxSizeChange = 0.15f;
    // The same face in a forward of a forward (656 px, quality 55: faces 46 px wide) embeds at 0.84–0.90 from the
    // original's; another person, or another photo of the same person, rarely above 0.7 even in the same place.
    private const float MinFaceSimilarity = 0.7f;

    /// <summary>
    /// Groups <paramref name="photos"/> into pictures; in each group of two or more the photo to keep comes first: the
    /// largest, then the one that says when it was taken, then the oldest file (a re-save with noise or a filter is
    /// larger than its original but younger), then the larger file, then the first in path order. Each
    /// photo joins the first photo to keep that it is a copy of, itself, not through another copy: a forward without
    /// a time matches both frames of a burst, and a chain through it would make the two frames one picture.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<PhotoRecord>> Group(IReadOnlyList<PhotoRecord> photos, ILookup<long, FaceRecord> facesByPhoto)
    {
        var candidates = photos.Select((p, i) => (Photo: p, Index: i)).Where(x => x.Photo.Sketch is not null && facesByPhoto[x.Photo.Id].Any()).ToList();
        var copiesOf = new Dictionary<int, List<int>>();
        // Within MaxSketchDistance (2) bits of 64, two sketches agree on at least one of four 16-bit quarters: only photos
        // sharing a quarter are compared, not every pair of a folder of 20,000.
        var compared = new HashSet<(int, int)>();
        for (var quarter = 0; quarter < 4; quarter++)
        {
            foreach (var bucket in candidates.GroupBy(x => (x.Photo.Sketch!.Value >> (16 * quarter)) & 0xFFFF).Where(b => b.Skip(1).Any()))
            {
                var members = bucket.ToList();
                for (var i = 0; i < members.Count; i++)
                {
                    for (var j = i + 1; j < members.Count; j++)
                    {
                        var (a, b) = (members[i], members[j]);
                        if (!compared.Add((a.Index, b.Index)) || !SamePicture(a.Photo, b.Photo, facesByPhoto)) continue;
                        (copiesOf.TryGetValue(a.Index, out var ofA) ? ofA : copiesOf[a.Index] = []).Add(b.Index);
                        (copiesOf.TryGetValue(b.Index, out var ofB) ? ofB : copiesOf[b.Index] = []).Add(a.Index);
                    }
                }
            }
        }
        var order = Enumerable.Range(0, photos.Count)
            .OrderByDescending(i => (long)photos[i].Width * photos[i].Height).ThenBy(i => photos[i].TakenAt is null).ThenBy(i => photos[i].MtimeMs)
            .ThenByDescending(i => photos[i].Size)
            .ThenBy(i => photos[i].RootPath, StringComparer.Ordinal).ThenBy(i => photos[i].RelativePath, StringComparer.Ordinal).ThenBy(i => i).ToList();
        var rank = new int[photos.Count];
        for (var r = 0; r < order.Count; r++) rank[order[r]] = r;
        var placed = new bool[photos.Count];
        var groups = new List<IReadOnlyList<PhotoRecord>>();
        foreach (var keep in order)
        {
            if (placed[keep]) continue;
            placed[keep] = true;
            var group = new List<PhotoRecord> { photos[keep] };
            foreach (var copy in copiesOf.GetValueOrDefault(keep, []).Where(c => !placed[c]).OrderBy(c => rank[c]))
            {
                placed[copy] = true;
                group.Add(photos[copy]);
            }
            groups.Add(group);
        }
        return groups;
    }

    private static bool SamePicture(PhotoRecord a, PhotoRecord b, ILookup<long, FaceRecord> facesByPhoto)
    {
        if (PictureSketch.Distance(a.Sketch!.Value, b.Sketch!.Value) > MaxSketchDistance) return false;
        if (a.TakenAt is not null && b.TakenAt is not null && a.TakenAt != b.TakenAt) return false;
        if (a.Width <= 0 || a.Height <= 0 || b.Width <= 0 || b.Height <= 0) return false;
        if (Math.Abs((float)a.Width / a.Height / ((float)b.Width / b.Height) - 1) > 0.01f) return false;
        var facesA = facesByPhoto[a.Id].ToList();
        var facesB = facesByPhoto[b.Id].ToList();
        if (facesA.Count != facesB.Count) return false;
        var taken = new bool[facesB.Count];
        foreach (var face in facesA)
        {
            var match = -1;
            for (var j = 0; j < facesB.Count && match < 0; j++)
                if (!taken[j] && SameFace(face, a, facesB[j], b)) match = j;
            if (match < 0) return false;
            taken[match] = true;
        }
        return true;
    }

    private static bool SameFace(FaceRecord f, PhotoRecord a, FaceRecord g, PhotoRecord b)
    {
        var (fx, fy) = ((f.Box.X + f.Box.Width / 2) / a.Width, (f.Box.Y + f.Box.Height / 2) / a.Height);
        var (gx, gy) = ((g.Box.X + g.Box.Width / 2) / b.Width, (g.Box.Y + g.Box.Height / 2) / b.Height);
        if (Math.Abs(fx - gx) > MaxCentreShift || Math.Abs(fy - gy) > MaxCentreShift) return false;
        var sizeF = f.Box.Width / a.Width;
        var sizeG = g.Box.Width / b.Width;
        if (Math.Abs(sizeF / sizeG - 1) > MaxSizeChange) return false;
        return f.Embedding.Length == g.Embedding.Length && TensorPrimitives.Dot(f.Embedding, g.Embedding) >= MinFaceSimilarity;
    }
}
