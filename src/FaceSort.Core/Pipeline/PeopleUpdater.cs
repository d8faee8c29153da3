using FaceSort.Core.Clustering;
using FaceSort.Core.Corrections;
using FaceSort.Core.Library;
using FaceSort.Core.Recognition;

namespace FaceSort.Core.Pipeline;

/// <summary>
/// The one decision CLI and web share after a scan: a library that already has people is updated incrementally (new
/// faces recognised, leftovers grouped; <see cref="RecognitionService"/>), an empty one — or a run asked to be full, or
/// a library that has grown <see cref="RecognitionOptions.FullRunGrowth"/> times since it was last clustered in full —
/// is clustered from scratch (<see cref="ClusterService"/>, user rows kept) and then prepared so the next incremental
/// run is cheap.
/// </summary>
public sealed class PeopleUpdater(LibraryDatabase database)
{
    /// <param name="by">What ran, as an open web page says it ("facesort cluster"): <see cref="PeopleStore.MarkUpdated"/>.</param>
    public ClusterSummary Update(
        IFaceClusterer clusterer, bool full = false, RecognitionOptions? recognition = null, CancellationToken cancellationToken = default,
        string by = "FaceSort")
    {
        var summary = UpdatePeople(clusterer, full, recognition, cancellationToken);
        new PeopleStore(database).MarkUpdated(by);
        return summary;
    }

    private ClusterSummary UpdatePeople(IFaceClusterer clusterer, bool full, RecognitionOptions? recognition, CancellationToken cancellationToken)
    {
        // Names other programs gave faces in the photos are the user's decisions made elsewhere: in before clustering.
        // Taken after the people are counted: the people they make do not turn a first run into an incremental one.
        var hasPeople = new PeopleStore(database).Count() > 0;
        var import = new TaggedNameImport(database);
        // In a library with people, a named face in no person yet (a new photo) waits for the run to place it: its name
        // then goes to the person recognition found, instead of making a person of one face beside it.
        var tags = import.Import(cancellationToken, deferUnplaced: hasPeople);
        var summary = UpdateClusters(clusterer, full, hasPeople, recognition, cancellationToken);
        var later = tags.Deferred.Count == 0 ? null : import.Import(cancellationToken, onlyPhotos: tags.Deferred);
        // Counted as stored and as listed: names given after the run can make a person of their own, and a hidden person
        // has no folder (the sentence said 58 people beside 57 folders).
        return summary with { NamedFromTags = tags.Named + (later?.Named ?? 0), People = new PeopleStore(database).CountShown() };
    }

    private ClusterSummary UpdateClusters(IFaceClusterer clusterer, bool full, bool hasPeople, RecognitionOptions? recognition, CancellationToken cancellationToken)
    {
        var faces = new FaceStore(database);
        var people = new PeopleStore(database);
        var prototypes = new PrototypeStore(database);
        var service = new RecognitionService(faces, people, prototypes);
        var faceCount = faces.Count();
        var lastFull = prototypes.FacesAtLastFullRun();
        if (lastFull == 0 && hasPeople)
        {
            // A library clustered before this count was kept: today is its baseline.
            prototypes.SetFacesAtLastFullRun(faceCount);
            lastFull = faceCount;
        }
        var growth = (recognition ?? new RecognitionOptions()).FullRunGrowth;
        var grown = growth > 0 && faceCount >= growth * lastFull;
        if (!full && !grown && hasPeople)
        {
            var r = service.Recognize(clusterer, recognition, cancellationToken);
            return new ClusterSummary("incremental+" + clusterer.Name, r.NewFaces, people.Count(), r.StillUnassigned, r.Elapsed, r.TooPoorToPlace);
        }
        var summary = new ClusterService(faces, people).Cluster(clusterer, cancellationToken);
        prototypes.SetFacesAtLastFullRun(faceCount);
        service.PrepareForIncrementalRuns(recognition);
        return summary;
    }
}
