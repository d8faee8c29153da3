namespace FaceSort.Core.Clustering;

/// <summary>How the distance between two clusters follows from the distances between their faces.</summary>
public enum Linkage
{
    /// <summary>Closest pair: chains through look-alikes, so it merges siblings easily.</summary>
    Single,

    /// <summary>Mean over all cross pairs: the usual best for faces.</summary>
    Average,

    /// <summary>Farthest pair: one bad photo keeps a person split.</summary>
    Complete,
}
