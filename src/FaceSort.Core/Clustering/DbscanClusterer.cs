using System.Numerics.Tensors;

namespace FaceSort.Core.Clustering;

/// <summary>Options of <see cref="DbscanClusterer"/>.</summary>
/// <param name="Eps">Neighbourhood radius in cosine distance; 0.55 best on lfw (docs/clustering.md).</param>
/// <param name="MinPoints">Faces (self included) within Eps that make a core face; 2 lets a person with two photos form.</param>
public sealed record DbscanOptions(float Eps = 0.55f, int MinPoints = 2);

/// <summary>
/// DBSCAN on cosine distance (exact neighbourhoods, O(n²·d)). Non-core faces reachable from no core face are
/// unassigned. Cannot-link pairs: a core face does not expand through a face it cannot link with, and faces of one
/// photo never join one cluster (the later one stays a border-less noise face). Deterministic: faces in index order.
/// </summary>
public sealed class DbscanClusterer(DbscanOptions? options = null) : IFaceClusterer
{
    public DbscanOptions Options { get; } = options ?? new DbscanOptions();

    public string Name => "dbscan";

    public ClusterAssignment Cluster(ClusteringInput input, CancellationToken cancellationToken = default)
    {
        var m = input.Embeddings;
        int n = m.Count;
        float minSim = 1 - Options.Eps;
        var neighbours = new int[n][];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var list = new List<int>();
            var ri = m.Row(i);
            for (int j = 0; j < n; j++) if (j != i && TensorPrimitives.Dot(ri, m.Row(j)) >= minSim) list.Add(j);
            neighbours[i] = [.. list];
        });
        var conflicts = ConflictIndex.From(input);
        var labels = new int[n];
        Array.Fill(labels, -1);
        int next = 0;
        var queue = new Queue<int>();
        for (int s = 0; s < n; s++)
        {
            if (labels[s] >= 0 || neighbours[s].Length + 1 < Options.MinPoints) continue;
            int c = next++;
            labels[s] = c;
            var members = new List<int> { s };
            queue.Enqueue(s);
            while (queue.Count > 0)
            {
                int p = queue.Dequeue();
                if (neighbours[p].Length + 1 < Options.MinPoints) continue;
                foreach (int q in neighbours[p])
                {
                    if (labels[q] >= 0 || conflicts.ConflictsWithAny(q, members)) continue;
                    labels[q] = c;
                    members.Add(q);
                    queue.Enqueue(q);
                }
            }
        }
        return ClusterLabels.FromGroups(labels);
    }
}
