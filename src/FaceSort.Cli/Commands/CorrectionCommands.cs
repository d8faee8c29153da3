using System.CommandLine;
using FaceSort.Core.Corrections;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;

namespace FaceSort.Cli.Commands;

/// <summary>
/// The correction verbs (rename, merge, move, move-photo, reject, split, hide, hide-small, unhide, confirm, representative, undo),
/// <c>history</c>, and <c>faces</c>, which lists face ids. Thin shells over <see cref="CorrectionService"/>; PERSON is a folder name (Person_003), a given name or an id.
/// </summary>
internal static class CorrectionCommands
{
    public static IEnumerable<Command> Create()
    {
        // The name's words need no quotes: rename Person_003 Barack Obama names the person "Barack Obama".
        yield return Verb("rename", "Give a person a name (folder name, given name or id, then the new name).", ["PERSON", "NAME…"],
            (s, r, a) => s.Rename(r.Resolve(a[0]).Id, string.Join(' ', a[1..])));
        yield return Verb("merge", "Merge people into the first one: merge PERSON PERSON…", ["PERSON", "PERSON…"],
            (s, r, a) => s.Merge(r.Resolve(a[0]).Id, [.. a.Skip(1).Select(p => r.Resolve(p).Id)]));
        yield return Verb("move", "Put a face into a person (use 'new' for a new person): move FACE… PERSON", ["FACE…", "PERSON"],
            (s, r, a) => s.MoveFaces(Faces(a[..^1]), a[^1] == "new" ? null : r.Resolve(a[^1]).Id));
        yield return Verb("reject", "Not this person: reject FACE… PERSON. The face leaves and never comes back automatically.", ["FACE…", "PERSON"],
            (s, r, a) => s.RejectFaces(Faces(a[..^1]), r.Resolve(a[^1]).Id));
        yield return Verb("split", "Take faces out of a person into a new one: split PERSON FACE…", ["PERSON", "FACE…"],
            (s, r, a) => s.Split(r.Resolve(a[0]).Id, Faces(a[1..])));
        yield return Verb("hide", "Hide a person from exports and listings.", ["PERSON"], (s, r, a) => s.Hide(r.Resolve(a[0]).Id));
        yield return Verb("unhide", "Show a hidden person again.", ["PERSON"], (s, r, a) => s.Unhide(r.Resolve(a[0]).Id));
        // The web page's "hide people with fewer faces than N": a library of years holds many groups of two or three
        // faces (a person's childhood photos, a wedding guest); hidden, their photos export to Unsorted.
        yield return Verb("hide-small", "Hide every person with fewer than N faces from exports and listings (one correction: one undo shows them all again).", ["N"],
            (s, _, a) => s.HideSmallerThan(int.TryParse(a[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1
                ? n : throw new ArgumentException($"'{a[0]}' is not a number of faces (1 or more)")));
        yield return Verb("confirm", "Confirm a person: its faces become yours and automation never moves them.", ["PERSON"],
            (s, r, a) => s.ConfirmPerson(r.Resolve(a[0]).Id));
        yield return Verb("representative", "Show a person by this face (thumbnail, people list): representative PERSON FACE", ["PERSON", "FACE"],
            (s, r, a) => s.SetRepresentative(r.Resolve(a[0]).Id, Id(a[1], "face")));
        yield return Verb("move-photo", "Move a whole photo from one person to another: move-photo PHOTO FROM TO (PHOTO is the photo id `faces --json` shows)", ["PHOTO", "FROM", "TO"],
            (s, r, a) => s.MovePhoto(Id(a[0], "photo"), r.Resolve(a[1]).Id, r.Resolve(a[2]).Id));
        yield return Undo();
        yield return History();
        yield return FacesList();
    }

    private static Command Verb(string name, string description, string[] argumentNames, Func<CorrectionService, PersonResolver, string[], CorrectionResult> act)
    {
        var library = CommonOptions.Library();
        var json = CommonOptions.Json();
        // Named as the README and the description name them ("rename <PERSON NAME…>"), not "<ARGS>".
        var arguments = new Argument<string[]>(string.Join(' ', argumentNames)) { Arity = new ArgumentArity(argumentNames.Length, 100) };
        var command = new Command(name, description) { arguments, library, json };
        // Only a repeatable argument (FACE…, NAME…) takes more words; a stray extra one is an error, not silently dropped.
        if (!argumentNames.Any(n => n.EndsWith('…')))
            command.Validators.Add(result =>
            {
                // The words typed, not GetValue: that throws when too few were given (exit 134), which the parser says itself.
                if (result.GetResult(arguments) is { Tokens.Count: var given } && given > argumentNames.Length)
                    result.AddError($"{name} takes {string.Join(' ', argumentNames)}; got {given} words (quote a name that has spaces)");
            });
        command.SetAction((parse, _) =>
        {
            var database = ClusterCommand.OpenExisting(parse.GetValue(library)!);
            var result = act(new CorrectionService(database), new PersonResolver(new PeopleStore(database)), parse.GetValue(arguments)!);
            if (parse.GetValue(json)) Output.Json(ResultJson(result));
            else
            {
                Console.WriteLine(result.Summary);
                foreach (var item in result.Items.Where(i => i.Outcome != ItemOutcome.Done))
                    Console.WriteLine($"  {item.Id}: {item.Outcome.ToString().ToLowerInvariant()} ({item.Reason})");
            }
            // Every item failing (no such face or photo, a face not in that person) means the arguments named the wrong
            // things: a usage error, as an unknown person is.
            if (!result.Changed && result.Items.Any(i => i.Outcome == ItemOutcome.Failed))
            {
                Console.Error.WriteLine($"facesort: {string.Join("; ", result.Items.Where(i => i.Outcome == ItemOutcome.Failed).Select(i => $"{i.Id}: {i.Reason}").Distinct())}");
                return Task.FromResult(ExitCodes.Usage);
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static Command Undo()
    {
        var library = CommonOptions.Library();
        var json = CommonOptions.Json();
        var command = new Command("undo", "Undo the last correction (again for the one before).") { library, json };
        command.SetAction((parse, _) =>
        {
            var entry = new CorrectionService(ClusterCommand.OpenExisting(parse.GetValue(library)!)).Undo();
            if (parse.GetValue(json))
                Output.Json(entry is null ? null : new { id = entry.Id, kind = entry.Kind.ToString().ToLowerInvariant(), summary = entry.Summary, at = entry.At });
            else Console.WriteLine(entry is null ? "nothing to undo" : $"undid: {entry.Summary}");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static Command History()
    {
        var library = CommonOptions.Library();
        var json = CommonOptions.Json();
        var limit = CommonOptions.WholeNumber(new Option<int>("--limit") { Description = "How many of the latest corrections.", DefaultValueFactory = _ => 50 });
        // A limit of 0 or below listed one correction without a word.
        CommonOptions.AtLeastOne(limit, "--limit must be at least 1");
        var command = new Command("history", "The corrections you made, latest first, with their time (undone ones marked).") { library, limit, json };
        command.SetAction((parse, _) =>
        {
            var entries = new CorrectionService(ClusterCommand.OpenExisting(parse.GetValue(library)!)).History(parse.GetValue(limit));
            if (parse.GetValue(json))
                Output.Json(entries.Select(e => new { id = e.Id, at = e.At, kind = e.Kind.ToString().ToLowerInvariant(), summary = e.Summary, undone_at = e.UndoneAt }));
            else
                foreach (var e in entries)
                    Console.WriteLine($"{e.Id}\t{e.At.ToLocalTime():yyyy-MM-dd HH:mm:ss}\t{e.Summary}{(e.UndoneAt is null ? "" : "  (undone)")}");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static Command FacesList()
    {
        var library = CommonOptions.Library();
        var json = CommonOptions.Json();
        var person = new Option<string>("--person") { Description = "Only this person's faces (folder name, given name or id)." };
        var leastAlike = new Option<bool>("--least-alike")
        {
            Description = "With --person: least like the person's typical face first, with each face's likeness (the faces to check first: a sibling or stranger put in this person comes near the top).",
        };
        var command = new Command("faces", "List faces with their ids (FACE in move, reject, split), photo, box, score, sharpness, quality and person.")
        {
            library, person, leastAlike, json,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(leastAlike) && result.GetValue(person) is null) result.AddError("--least-alike needs --person");
        });
        command.SetAction((parse, _) =>
        {
            var database = ClusterCommand.OpenExisting(parse.GetValue(library)!);
            var photos = new PhotoStore(database).All().ToDictionary(p => p.Id);
            var assignments = new PeopleStore(database).Assignments();
            var people = new PeopleStore(database).Summaries().ToDictionary(p => p.Person.Id, p => p.Person.DisplayName);
            var faces = new FaceStore(database).AllPresent();
            IReadOnlyDictionary<long, float?> likeness = new Dictionary<long, float?>();
            if (parse.GetValue(person) is { } named)
            {
                var personId = new PersonResolver(new PeopleStore(database)).Resolve(named).Id;
                faces = [.. faces.Where(f => assignments.TryGetValue(f.Id, out var a) && a.PersonId == personId)];
                if (parse.GetValue(leastAlike))
                {
                    var order = new FacesToCheck(database).Of(personId);
                    var byId = faces.ToDictionary(f => f.Id);
                    faces = [.. order.Where(f => byId.ContainsKey(f.FaceId)).Select(f => byId[f.FaceId])];
                    likeness = order.ToDictionary(f => f.FaceId, f => f.Likeness);
                }
            }
            var rows = faces.Select(f => new
            {
                face = f.Id,
                photo_id = f.PhotoId,
                photo = photos.TryGetValue(f.PhotoId, out var p) ? p.FullPath : null,
                box = new[] { f.Box.X, f.Box.Y, f.Box.Width, f.Box.Height },
                score = f.Score,
                sharpness = f.Sharpness,
                // What clustering makes of detector score, size and sharpness (below 0.75 it never seeds a person,
                // below 0.4 it is left for the user: docs/clustering.md, step 4).
                quality = f.Quality(),
                person = assignments.TryGetValue(f.Id, out var a) ? people[a.PersonId] : null,
                person_id = assignments.TryGetValue(f.Id, out var b) ? b.PersonId : (long?)null,
                source = assignments.TryGetValue(f.Id, out var c) ? c.Source.ToString().ToLowerInvariant() : null,
                // With --least-alike: cosine similarity to the person's typical face (null: another embedder's face).
                likeness = likeness.GetValueOrDefault(f.Id),
            }).ToList();
            if (parse.GetValue(json)) Output.Json(rows);
            else if (parse.GetValue(leastAlike))
                foreach (var r in rows) Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{r.face}\t{r.likeness?.ToString("0.000") ?? "-"}\t{r.photo}"));
            else foreach (var r in rows) Console.WriteLine($"{r.face}\t{r.person ?? "-"}\t{r.photo}");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static long[] Faces(IEnumerable<string> texts) => [.. texts.Select(t => Id(t, "face"))];

    /// <summary>A face or photo id as `facesort faces --json` shows it.</summary>
    private static long Id(string text, string what) =>
        long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id : throw new ArgumentException($"'{text}' is not a {what} id (see `facesort faces --json`)");

    private static object ResultJson(CorrectionResult r) => new
    {
        correction_id = r.CorrectionId,
        kind = r.Kind.ToString().ToLowerInvariant(),
        person_id = r.PersonId,
        summary = r.Summary,
        items = r.Items.Select(i => new { id = i.Id, outcome = i.Outcome.ToString().ToLowerInvariant(), reason = i.Reason }),
    };
}
