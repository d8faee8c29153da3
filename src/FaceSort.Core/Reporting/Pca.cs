using System.Numerics.Tensors;
using FaceSort.Core.Clustering;

namespace FaceSort.Core.Reporting;

/// <summary>The top two principal axes of a set of faces and each face's coordinates on them.</summary>
/// <param name="Axis1">Unit vector of the largest variance; its largest-magnitude entry is positive (a fixed sign).</param>
/// <param name="Axis2">Unit vector of the largest variance orthogonal to <paramref name="Axis1"/>, same sign rule.</param>
/// <param name="Variance">Variance along each axis.</param>
/// <param name="TotalVariance">Sum of the variances of all dimensions, so Variance/TotalVariance is the share explained.</param>
/// <param name="X">Coordinate of each face on <paramref name="Axis1"/> (centred).</param>
/// <param name="Y">Coordinate of each face on <paramref name="Axis2"/> (centred).</param>
public sealed record PcaProjection(double[] Axis1, double[] Axis2, double[] Variance, double TotalVariance, double[] X, double[] Y);

/// <summary>
/// Two-component PCA: the d×d covariance is built once (O(n·d²), vectorised), then subspace iteration with two
/// vectors on it (O(d²) per step, so slow convergence costs nothing) and a 2×2 Rayleigh–Ritz solve to separate the two
/// axes. Deterministic: the start vectors come from a fixed seed and the sign of each axis is fixed.
/// </summary>
public static class Pca
{
    private const int MaxIterations = 5_000;
    private const double Tolerance = 1e-12;

    public static PcaProjection TopTwo(EmbeddingMatrix faces, int seed = 1)
    {
        int n = faces.Count, d = faces.Dimension;
        var mean = new double[d];
        for (var i = 0; i < n; i++)
        {
            var row = faces.Row(i);
            for (var j = 0; j < d; j++) mean[j] += row[j];
        }
        for (var j = 0; j < d; j++) mean[j] /= Math.Max(n, 1);
        var centred = new double[n * d];
        for (var i = 0; i < n; i++)
        {
            var row = faces.Row(i);
            for (var j = 0; j < d; j++) centred[i * d + j] = row[j] - mean[j];
        }
        var covariance = Covariance(centred, n, d);
        double total = 0;
        for (var j = 0; j < d; j++) total += covariance[j * d + j];

        var random = new Random(seed);
        var q1 = new double[d];
        var q2 = new double[d];
        for (var j = 0; j < d; j++) (q1[j], q2[j]) = (random.NextDouble() - 0.5, random.NextDouble() - 0.5);
        Orthonormalise(q1, q2);
        var z1 = new double[d];
        var z2 = new double[d];
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            Multiply(covariance, d, q1, z1);
            Multiply(covariance, d, q2, z2);
            Orthonormalise(z1, z2);
            // Converged when the new basis spans the old one: the projection of the old vectors on it keeps their length.
            var change = 2 - (Square(Dot(z1, q1)) + Square(Dot(z2, q1)) + Square(Dot(z1, q2)) + Square(Dot(z2, q2)));
            (q1, z1) = (z1, q1);
            (q2, z2) = (z2, q2);
            if (change < Tolerance) break;
        }

        // Rayleigh–Ritz: the 2×2 covariance in the found plane, diagonalised, gives the two axes within it.
        Multiply(covariance, d, q1, z1);
        Multiply(covariance, d, q2, z2);
        double a = Dot(q1, z1), b = Dot(q1, z2), c = Dot(q2, z2);
        var angle = 0.5 * Math.Atan2(2 * b, a - c);
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        var axis1 = new double[d];
        var axis2 = new double[d];
        for (var j = 0; j < d; j++)
        {
            axis1[j] = cos * q1[j] + sin * q2[j];
            axis2[j] = -sin * q1[j] + cos * q2[j];
        }
        FixSign(axis1);
        FixSign(axis2);
        var x = Project(centred, n, d, axis1);
        var y = Project(centred, n, d, axis2);
        return new PcaProjection(axis1, axis2, [Variance(x), Variance(y)], total, x, y);
    }

    /// <summary>XᵀX/n of the centred rows, as a sum of outer products (one vectorised row update per entry).</summary>
    private static double[] Covariance(double[] centred, int n, int d)
    {
        var covariance = new double[d * d];
        for (var i = 0; i < n; i++)
        {
            var row = centred.AsSpan(i * d, d);
            for (var j = 0; j < d; j++)
            {
                var target = covariance.AsSpan(j * d, d);
                TensorPrimitives.MultiplyAdd(row, row[j], target, target);
            }
        }
        TensorPrimitives.Divide(covariance, Math.Max(n, 1), covariance);
        return covariance;
    }

    private static void Multiply(double[] matrix, int d, double[] v, double[] result)
    {
        for (var j = 0; j < d; j++) result[j] = TensorPrimitives.Dot(matrix.AsSpan(j * d, d), v);
    }

    private static double[] Project(double[] centred, int n, int d, double[] axis)
    {
        var result = new double[n];
        for (var i = 0; i < n; i++)
        {
            double s = 0;
            for (var j = 0; j < d; j++) s += centred[i * d + j] * axis[j];
            result[i] = s;
        }
        return result;
    }

    private static double Variance(double[] values)
    {
        double s = 0;
        foreach (var v in values) s += v * v;
        return values.Length == 0 ? 0 : s / values.Length;
    }

    /// <summary>Gram–Schmidt; a vector that collapses (zero variance left) is replaced by a unit vector orthogonal to the first.</summary>
    private static void Orthonormalise(double[] u, double[] v)
    {
        Normalise(u, 0);
        var p = Dot(u, v);
        for (var j = 0; j < v.Length; j++) v[j] -= p * u[j];
        if (!Normalise(v, 1)) return;
        var dot = Dot(u, v);
        for (var j = 0; j < v.Length; j++) v[j] -= dot * u[j];
        Normalise(v, 1);
    }

    /// <summary>Scales to unit length; a (near-)zero vector becomes the basis vector e_fallback. Returns whether that happened.</summary>
    private static bool Normalise(double[] v, int fallback)
    {
        var norm = Math.Sqrt(Dot(v, v));
        if (norm > 1e-300)
        {
            for (var j = 0; j < v.Length; j++) v[j] /= norm;
            return false;
        }
        Array.Clear(v);
        v[Math.Min(fallback, v.Length - 1)] = 1;
        return true;
    }

    private static void FixSign(double[] axis)
    {
        var largest = 0;
        for (var j = 1; j < axis.Length; j++)
            if (Math.Abs(axis[j]) > Math.Abs(axis[largest])) largest = j;
        if (axis[largest] < 0)
            for (var j = 0; j < axis.Length; j++) axis[j] = -axis[j];
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (var j = 0; j < a.Length; j++) s += a[j] * b[j];
        return s;
    }

    private static double Square(double x) => x * x;
}
