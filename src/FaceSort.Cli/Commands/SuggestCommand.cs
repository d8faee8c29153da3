using System.CommandLine;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;

namespace FaceSort.Cli.Commands;

/// <summary><c>facesort suggest [--json]</c>: a named person per unassigned face (with its copies) and per small unnamed
/// person, and people that are probably one.</summary>
internal static class SuggestCommand
{
    public static Command Create()
    {
        var library = CommonOptions.Library();
        var json = CommonOptions.Json();
        var command = new Command("suggest", "Suggest a named person for each unassigned face and its copies (edits of one photo, a burst; confirm: move FACE COPY… PERSON; reject: reject FACE COPY… PERSON) and for each small unnamed person (confirm: merge PERSON SMALL), and people that are probably one.") { library, json };
        command.SetAction((parse, _) =>
        {
            var database = ClusterCommand.OpenExisting(parse.GetValue(library)!);
            var report = new SuggestionService(new FaceStore(database), new PeopleStore(database)).Suggest();
            if (parse.GetValue(json))
            {
                Output.Json(new
                {
                    classifier = report.Chosen?.Name,
                    accuracy = report.Chosen?.Accuracy,
                    scores = report.Scores.Select(s => new { name = s.Name, accuracy = s.Accuracy, folds = s.Folds, labelled_faces = s.LabelledFaces }),
                    faces = report.Faces.Select(f => new { face = f.FaceId, copies = f.Copies, person_id = f.PersonId, person = f.PersonName, confidence = f.Confidence }),
                    small_people = report.SmallPeople.Select(p => new
                    {
                        person_id = p.PersonId, person = p.DisplayName, faces = p.FaceCount, target_id = p.TargetPersonId, target = p.TargetName, confidence = p.Confidence,
                    }),
                    same_person = report.SamePerson.Select(p => new { person_a = p.PersonA, person_b = p.PersonB, similarity = p.MeanSimilarity }),
                });
                return Task.FromResult(ExitCodes.Success);
            }
            Console.WriteLine(report.Chosen is null
                ? "name at least two people (facesort rename) to get suggestions"
                : $"classifier {report.Chosen.Name}, cross-validated accuracy {report.Chosen.Accuracy:P1} on {report.Chosen.LabelledFaces} faces");
            // The copies are named so the user confirms (move) or rejects (reject) them with the face.
            foreach (var f in report.Faces)
                Console.WriteLine($"face {f.FaceId}{(f.Copies.Count > 0 ? $" (+ copies {string.Join(", ", f.Copies)})" : "")} -> {f.PersonName} ({f.Confidence:0.00})");
            foreach (var p in report.SmallPeople)
                Console.WriteLine($"person {p.PersonId} ({p.DisplayName}, {p.FaceCount} faces) -> {p.TargetName} ({p.Confidence:0.00})");
            foreach (var p in report.SamePerson.Take(10)) Console.WriteLine($"same person? {p.PersonA} and {p.PersonB} ({p.MeanSimilarity:0.00})");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
