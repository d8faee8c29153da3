namespace FaceSort.Core.Reporting;

/// <summary>Sizes and caps of the insight report; every cap keeps the report under a few seconds at any library size.</summary>
/// <param name="MaxPairs">Pairs per similarity histogram (same, different): 200 000 gives a smooth shape in ~0.1 s; more are sampled.</param>
/// <param name="MaxNeighbourQueries">Faces whose nearest neighbour is searched when there are no labels: 2 000 queries × n faces.</param>
/// <param name="Bins">Histogram bins over cosine similarity [−1, 1]: 80 bins of 0.025, the step thresholds are tuned at.</param>
/// <param name="ElbowMaxFaces">Faces k-means runs on for the elbow curve; a larger set is sampled (the curve's shape is the point).</param>
/// <param name="ElbowPoints">Values of k on the elbow curve (spread from 1 to twice the number of people).</param>
/// <param name="ElbowMaxK">Largest k on the elbow curve: k-means costs faces × k per step, and the elbow of a real library lies far below.</param>
/// <param name="MaxScatterFaces">Faces drawn in the PCA scatter; more are sampled so the plot stays readable.</param>
/// <param name="MaxSilhouetteBars">Bars in the silhouette diagram; a person's sorted bars are thinned evenly beyond it.</param>
/// <param name="ColouredPeople">People with their own colour (the largest); the rest are drawn grey so colours stay distinct.</param>
/// <param name="TablePeople">People in the "look here first" table, lowest cohesion first.</param>
/// <param name="FacesPerPerson">Faces shown per person in the table: those farthest from the person's centre.</param>
/// <param name="Seed">Seed of every sample and of k-means++, so a report is reproducible.</param>
public sealed record ReportOptions(
    int MaxPairs = 200_000,
    int MaxNeighbourQueries = 2_000,
    int Bins = 80,
    int ElbowMaxFaces = 3_000,
    int ElbowPoints = 16,
    int ElbowMaxK = 200,
    int MaxScatterFaces = 5_000,
    int MaxSilhouetteBars = 4_000,
    int ColouredPeople = 20,
    int TablePeople = 15,
    int FacesPerPerson = 6,
    int Seed = 1);
