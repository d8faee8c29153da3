using System.Globalization;
using FaceSort.Core.Export;
using FaceSort.Core.Library;

namespace FaceSort.Core.Corrections;

/// <summary>
/// Turns what a user types for a person into the person: the folder name (<c>Person_003</c>, or the name's folder;
/// an exact folder name wins), the given name (case-insensitive), or the numeric person id. Fails with a message naming the candidates when the
/// reference is unknown or ambiguous, never guesses.
/// </summary>
public sealed class PersonResolver(PeopleStore people)
{
    public PersonRecord Resolve(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var text = reference.Trim();
        var all = people.Summaries().Select(s => s.Person).ToList();
        var folders = ExportPlanner.FolderNames(all, new ExportOptions { IncludeHidden = true });

        // A folder name is exact and unique, so it wins: "Person_002" is the person whose folder is Person_002 even if
        // another person was once given that name.
        var byFolder = all.Where(p => string.Equals(folders[p.Id], text, StringComparison.Ordinal)).ToList();
        if (byFolder.Count == 1) return byFolder[0];

        var byName = all.Where(p => string.Equals(p.Name, text, StringComparison.OrdinalIgnoreCase)
                                    || string.Equals(folders[p.Id], text, StringComparison.OrdinalIgnoreCase)
                                    || string.Equals(p.DisplayName, text, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (byName.Count == 1) return byName[0];
        if (byName.Count > 1)
            throw new PersonResolutionException(
                $"'{text}' names {byName.Count} people ({string.Join(", ", byName.Select(p => $"{folders[p.Id]} id {p.Id}"))}); use the folder name or the id");

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && all.FirstOrDefault(p => p.Id == id) is { } byId)
            return byId;

        var close = all.Where(p => folders[p.Id].Contains(text, StringComparison.OrdinalIgnoreCase)).Take(5).Select(p => folders[p.Id]).ToList();
        throw new PersonResolutionException(close.Count == 0
            ? $"no person '{text}' (see `facesort people`)"
            : $"no person '{text}'; did you mean {string.Join(", ", close)}?");
    }
}
