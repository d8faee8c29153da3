using System.Globalization;
using FaceSort.Core.Evaluation;

namespace FaceSort.Core.Tests.Evaluation;

/// <summary>
/// Every metric of <see cref="ClusteringMetrics"/> against scikit-learn and a BCubed written out per face, on the
/// labellings of tests/fixtures/metrics/cases.tsv (made by make_cases.py beside it: every labelling of 1–3 faces,
/// all singletons, one cluster, all unassigned, random labellings up to 5,000 faces with unassigned faces and
/// scattered label values).
/// </summary>
public class ClusteringMetricsReferenceTests
{
    private static readonly string[] Names =
    [
        "pairwise_precision", "pairwise_recall", "pairwise_f1", "bcubed_precision", "bcubed_recall", "bcubed_f1",
        "nmi", "ari", "clusters", "identities", "unassigned_share",
    ];

    [Fact]
    public void Every_metric_agrees_with_scikit_learn_to_1e9()
    {
        var path = Path.Combine(TestPaths.Fixtures, "metrics", "cases.tsv");
        var rows = File.ReadLines(path).Where(l => !l.StartsWith('#')).Skip(1).Select(l => l.Split('\t')).ToList();
        rows.Count.ShouldBeGreaterThan(500);
        var wrong = new List<string>();
        foreach (var (row, line) in rows.Select((r, i) => (r, i + 3)))
        {
            var m = ClusteringMetrics.Score(Ints(row[1]), Ints(row[2]));
            double[] ours =
            [
                m.PairwisePrecision, m.PairwiseRecall, m.PairwiseF1, m.BCubedPrecision, m.BCubedRecall, m.BCubedF1,
                m.Nmi, m.Ari, m.Clusters, m.Identities, m.UnassignedShare,
            ];
            for (var k = 0; k < Names.Length; k++)
            {
                var expected = double.Parse(row[3 + k], CultureInfo.InvariantCulture);
                if (!(Math.Abs(ours[k] - expected) <= 1e-9))
                    wrong.Add($"line {line} ({row[0]}, n {row[1].Count(c => c == ',') + 1}): {Names[k]} {ours[k]:R}, scikit-learn {expected:R}");
            }
        }
        wrong.ShouldBeEmpty(string.Join('\n', wrong.Take(20)));
    }

    private static int[] Ints(string text) => [.. text.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
}
