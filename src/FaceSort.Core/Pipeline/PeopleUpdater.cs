using FaceSort.Core.Clustering;
using FaceSort.Core.Library;
using FaceSort.Core.Recognition;

namespace FaceSort.Core.Pipeline;

/// <summary>
/// The one decision CLI and web share after a scan: a library that already has people is updated incrementally (new
/// faces recognised, leftovers grouped; <see cref="RecognitionService"/>), an empty one — or a run asked to be full —
/// is clustered from scratch (<see cref="ClusterService"/>) and then prepared so the next incremental run is cheap.
/// </summary>
public sealed class PeopleUpdater(LibraryDatabase database)
{
    public ClusterSummary Update(
        IFaceClusterer clusterer, bool full = false, RecognitionOptions? recognition = null, CancellationToken cancellationToken = default)
    {
        var faces = new FaceStore(database);
        var people = new PeopleStore(database);
        var service = new RecognitionService(faces, people, new PrototypeStore(database));
        if (!full && people.Count() > 0)
        {
            var r = service.Recognize(clusterer, recognition, cancellationToken);
            return new ClusterSummary("incremental+" + clusterer.Name, r.NewFaces, people.Count(), r.StillUnassigned, r.Elapsed);
        }
        var summary = new ClusterService(faces, people).Cluster(clusterer, cancellationToken);
        service.PrepareForIncrementalRuns(recognition);
        return summary;
    }
}
