using System.Numerics.Tensors;

namespace FaceSort.Core.Recognition;

/// <summary>
/// The people whose prototypes a face (or a person's mean face) resembles most — the few an incremental run reads from
/// the library for a closer look. One scan of every prototype row, the best row per person kept in an array indexed
/// by person, so the scan allocates nothing per face.
/// </summary>
internal sealed class NearestPeople
{
    private readonly PersonPrototypes _prototypes;
    private readonly long[] _people;
    private readonly int[] _personOfRow;
    private readonly float[] _similarities;
    private readonly float[] _best;

    public NearestPeople(PersonPrototypes prototypes)
    {
        _prototypes = prototypes;
        var index = new Dictionary<long, int>();
        _personOfRow = new int[prototypes.Count];
        for (var row = 0; row < prototypes.Count; row++)
        {
            var person = prototypes.PersonOfRow[row];
            if (!index.TryGetValue(person, out var k)) index[person] = k = index.Count;
            _personOfRow[row] = k;
        }
        _people = [.. index.Keys];
        _similarities = new float[prototypes.Count];
        _best = new float[_people.Length];
    }

    /// <summary>Scores <paramref name="vector"/> against every prototype row; the result is valid until the next call.</summary>
    public ReadOnlySpan<float> Score(ReadOnlySpan<float> vector)
    {
        for (var row = 0; row < _similarities.Length; row++) _similarities[row] = TensorPrimitives.Dot(vector, _prototypes.Vectors.Row(row));
        return _similarities;
    }

    /// <summary>Of the last <see cref="Score"/>: up to <paramref name="count"/> people, best first (ties: lower id), whose
    /// best prototype scores at least <paramref name="atLeast"/>, never <paramref name="except"/>.</summary>
    public List<long> Best(int count, float atLeast = float.NegativeInfinity, long? except = null)
    {
        Array.Fill(_best, float.NegativeInfinity);
        for (var row = 0; row < _similarities.Length; row++)
            _best[_personOfRow[row]] = Math.Max(_best[_personOfRow[row]], _similarities[row]);
        return [.. Enumerable.Range(0, _people.Length).Where(k => _best[k] >= atLeast && _people[k] != except)
            .OrderByDescending(k => _best[k]).ThenBy(k => _people[k]).Take(count).Select(k => _people[k])];
    }
}
