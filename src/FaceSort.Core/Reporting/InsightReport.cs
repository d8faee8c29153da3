namespace FaceSort.Core.Reporting;

/// <summary>What the report says about one person.</summary>
/// <param name="Person">Index into <see cref="ReportInput.PersonNames"/>.</param>
/// <param name="Faces">Number of faces.</param>
/// <param name="Cohesion">Mean cosine similarity of the person's faces to their typical face (1: all alike; <see cref="Corrections.TypicalFace"/>).</param>
/// <param name="MeanSilhouette">Mean silhouette of the person's faces (see <see cref="Clustering.Silhouette"/>); NaN with fewer than two people.</param>
/// <param name="Outliers">The person's faces least like that typical face, least alike first: the ones to check.</param>
/// <param name="Identities">With true labels: the person's labelled faces per true identity, most first (a mix is a wrong merge); else empty.</param>
public sealed record PersonInsight(
    int Person, string Name, int Faces, double Cohesion, double MeanSilhouette, int[] Outliers, IReadOnlyList<(string Identity, int Faces)> Identities);

/// <summary>
/// Every number the insight report shows, computed from a <see cref="ReportInput"/> by <see cref="ReportBuilder"/>.
/// Face indices refer to the input's rows.
/// </summary>
/// <param name="Same">Similarities of pairs of faces of one true identity (or, without labels, of one person); null when there are none.</param>
/// <param name="Different">Similarities of pairs of faces of two different identities; null when there are none.</param>
/// <param name="Nearest">Without true labels: each sampled face's similarity to its nearest other face.</param>
/// <param name="EqualError">The similarity threshold where as many same pairs fall below as different pairs rise above, and that error rate.</param>
/// <param name="ScatterFaces">Faces drawn in the PCA scatter (a fixed-seed sample when there are many).</param>
/// <param name="PersonColour">Per person, its colour slot (largest people first) or −1 when drawn grey.</param>
/// <param name="SilhouetteByFace">Per face, its silhouette under the people; NaN for faces of nobody, and for every face with fewer than two people.</param>
/// <param name="MeanSilhouette">Mean of the faces' silhouettes; NaN with fewer than two people (none is defined).</param>
/// <param name="People">Every person, lowest cohesion first.</param>
public sealed record InsightReport(
    ReportInput Input,
    ReportOptions Options,
    bool HasTruth,
    Histogram? Same,
    Histogram? Different,
    Histogram? Nearest,
    (double Threshold, double Rate)? EqualError,
    PcaProjection Pca,
    int[] ScatterFaces,
    int[] PersonColour,
    ElbowPoint[] Elbow,
    float[] SilhouetteByFace,
    double MeanSilhouette,
    IReadOnlyList<PersonInsight> People,
    int Unassigned,
    TimeSpan Elapsed);
