using System.Numerics.Tensors;

namespace FaceSort.Core.Clustering;

/// <summary>Element-wise median embedding per cluster, normalised to unit length (robust to one odd face).</summary>
internal static class MedianEmbeddings
{
    public static EmbeddingMatrix Of(EmbeddingMatrix faces, int[] labels, int clusterCount)
    {
        int d = faces.Dimension;
        var members = new List<int>[clusterCount];
        for (int c = 0; c < clusterCount; c++) members[c] = [];
        for (int i = 0; i < labels.Length; i++) if (labels[i] >= 0) members[labels[i]].Add(i);
        var data = new float[clusterCount * d];
        Parallel.For(0, clusterCount, c =>
        {
            var list = members[c];
            var column = new float[list.Count];
            var outRow = data.AsSpan(c * d, d);
            for (int k = 0; k < d; k++)
            {
                for (int m = 0; m < list.Count; m++) column[m] = faces.Data[list[m] * d + k];
                Array.Sort(column);
                int h = column.Length / 2;
                outRow[k] = column.Length % 2 == 1 ? column[h] : 0.5f * (column[h - 1] + column[h]);
            }
            float norm = TensorPrimitives.Norm(outRow);
            if (norm > 0) TensorPrimitives.Divide(outRow, norm, outRow);
        });
        return new EmbeddingMatrix(clusterCount, d, data);
    }
}
