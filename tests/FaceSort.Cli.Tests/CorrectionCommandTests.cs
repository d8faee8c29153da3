using System.Globalization;
using System.Text.Json;

namespace FaceSort.Cli.Tests;

public sealed class CorrectionCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-corrections-").FullName;

    [Fact]
    public async Task Rename_reject_move_and_undo_from_the_command_line()
    {
        var photos = PennyAndAmy();
        var output = Path.Combine(_work, "People");
        (await FaceSortProcess.RunAsync(["organize", photos, "--out", output, "--json"])).ExitCode.ShouldBe(0);
        var library = Path.Combine(output, ".facesort");

        var faces = JsonDocument.Parse((await FaceSortProcess.RunAsync(["faces", "--library", library, "--json"])).Stdout).RootElement;
        var penny = faces.EnumerateArray().First(f => f.GetProperty("photo").GetString()!.Contains("/penny/", StringComparison.Ordinal)
                                                     && f.GetProperty("person").ValueKind == JsonValueKind.String);
        // Each face says what clustering makes of it: a scan measured its sharpness, and quality is in [0, 1].
        faces.EnumerateArray().ShouldAllBe(f => f.GetProperty("sharpness").GetDouble() > 0
            && f.GetProperty("quality").GetDouble() >= 0 && f.GetProperty("quality").GetDouble() <= f.GetProperty("score").GetDouble());
        var folder = penny.GetProperty("person").GetString()!;
        var faceId = penny.GetProperty("face").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var rename = await FaceSortProcess.RunAsync(["rename", folder, "Penny", "--library", library, "--json"]);
        rename.ExitCode.ShouldBe(0, rename.Stderr);
        var reject = JsonDocument.Parse((await FaceSortProcess.RunAsync(["reject", faceId, "penny", "--library", library, "--json"])).Stdout).RootElement;
        reject.GetProperty("items")[0].GetProperty("outcome").GetString().ShouldBe("done");
        var afterReject = JsonDocument.Parse((await FaceSortProcess.RunAsync(["faces", "--library", library, "--json"])).Stdout).RootElement;
        afterReject.EnumerateArray().Single(f => f.GetProperty("face").GetInt64() == penny.GetProperty("face").GetInt64())
            .GetProperty("person").ValueKind.ShouldBe(JsonValueKind.Null);

        (await FaceSortProcess.RunAsync(["undo", "--library", library])).Stdout.ShouldStartWith("undid:");
        var afterUndo = JsonDocument.Parse((await FaceSortProcess.RunAsync(["faces", "--library", library, "--json"])).Stdout).RootElement;
        afterUndo.EnumerateArray().Single(f => f.GetProperty("face").GetInt64() == penny.GetProperty("face").GetInt64())
            .GetProperty("person").GetString().ShouldBe("Penny");

        var other = afterUndo.EnumerateArray().First(f => f.GetProperty("person").ValueKind == JsonValueKind.String
                                                          && f.GetProperty("person").GetString() != "Penny").GetProperty("person").GetString()!;
        (await FaceSortProcess.RunAsync(["rename", other, "Amy", "--library", library])).ExitCode.ShouldBe(0);
        var suggest = await FaceSortProcess.RunAsync(["suggest", "--library", library, "--json"]);
        suggest.ExitCode.ShouldBe(0, suggest.Stderr);
        var report = JsonDocument.Parse(suggest.Stdout).RootElement;
        report.GetProperty("scores").GetArrayLength().ShouldBe(4);
        report.GetProperty("accuracy").GetDouble().ShouldBeGreaterThan(0.5);
        report.GetProperty("small_people").GetArrayLength().ShouldBe(0, "both people are named: no small unnamed person to offer");

        // A whole photo filed under Amy goes to Penny; Penny is shown by a face of her choosing; history lists it all.
        var amyFace = JsonDocument.Parse((await FaceSortProcess.RunAsync(["faces", "--library", library, "--json"])).Stdout).RootElement
            .EnumerateArray().First(f => f.GetProperty("person").ValueKind == JsonValueKind.String && f.GetProperty("person").GetString() == "Amy");
        var photoId = amyFace.GetProperty("photo_id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var movePhoto = await FaceSortProcess.RunAsync(["move-photo", photoId, "Amy", "Penny", "--library", library, "--json"]);
        movePhoto.ExitCode.ShouldBe(0, movePhoto.Stderr);
        var moved = JsonDocument.Parse((await FaceSortProcess.RunAsync(["faces", "--library", library, "--json"])).Stdout).RootElement
            .EnumerateArray().Single(f => f.GetProperty("face").GetInt64() == amyFace.GetProperty("face").GetInt64());
        moved.GetProperty("person").GetString().ShouldBe("Penny");
        moved.GetProperty("source").GetString().ShouldBe("user");
        var representative = await FaceSortProcess.RunAsync(["representative", "Penny", faceId, "--library", library, "--json"]);
        representative.ExitCode.ShouldBe(0, representative.Stderr);
        var history = JsonDocument.Parse((await FaceSortProcess.RunAsync(["history", "--library", library, "--json"])).Stdout).RootElement;
        var kinds = history.EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        kinds[0].ShouldBe("setrepresentative");
        kinds[1].ShouldBe("move", "a photo move is recorded as the move of its face");
        history.EnumerateArray().Count(e => e.GetProperty("undone_at").ValueKind != JsonValueKind.Null).ShouldBe(1, "the undone reject");

        var unknown = await FaceSortProcess.RunAsync(["hide", "Nobody", "--library", library]);
        unknown.ExitCode.ShouldBe(2);
        unknown.Stderr.ShouldContain("no person 'Nobody'");
    }

    [Fact]
    public async Task Hide_small_hides_every_smaller_person_in_one_correction_and_their_photos_export_to_unsorted()
    {
        var output = Path.Combine(_work, "People");
        (await FaceSortProcess.RunAsync(["organize", Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt"), "--out", output, "--json"])).ExitCode.ShouldBe(0);
        var library = Path.Combine(output, ".facesort");
        async Task<List<(string Folder, int Faces, bool Hidden)>> People() =>
            [.. JsonDocument.Parse((await FaceSortProcess.RunAsync(["people", "--library", library, "--json"])).Stdout).RootElement.EnumerateArray()
                .Select(p => (p.GetProperty("person").GetString()!, p.GetProperty("faces").GetInt32(), p.GetProperty("hidden").GetBoolean()))];
        var before = await People();
        var largest = before.Max(p => p.Faces);

        var hide = await FaceSortProcess.RunAsync(["hide-small", largest.ToString(CultureInfo.InvariantCulture), "--library", library]);
        var export = await FaceSortProcess.RunAsync(["export", "--out", output, "--library", library, "--json"]);
        var notANumber = await FaceSortProcess.RunAsync(["hide-small", "0", "--library", library]);

        hide.ExitCode.ShouldBe(0, hide.Stderr);
        hide.Stdout.ShouldContain($"hid {before.Count(p => p.Faces < largest)} people with fewer than {largest} faces");
        var shown = await FaceSortProcess.RunAsync(["people", "--library", library, "--json"]);
        JsonDocument.Parse(shown.Stdout).RootElement.EnumerateArray().Select(p => p.GetProperty("faces").GetInt32()).ShouldAllBe(f => f >= largest);
        export.ExitCode.ShouldBe(0, export.Stderr);
        Directory.GetDirectories(output).Select(Path.GetFileName).Where(d => d!.StartsWith("Person_", StringComparison.Ordinal)).Count()
            .ShouldBe(before.Count(p => p.Faces >= largest));
        JsonDocument.Parse(export.Stdout).RootElement.GetProperty("unsorted_photos").GetInt32().ShouldBeGreaterThan(20);
        notANumber.ExitCode.ShouldBe(2);
        notANumber.Stderr.ShouldContain("'0' is not a number of faces");
        // One correction: one undo shows them all again.
        (await FaceSortProcess.RunAsync(["undo", "--library", library])).ExitCode.ShouldBe(0);
        (await People()).Count.ShouldBe(before.Count);
    }

    [Fact]
    public async Task Faces_of_a_person_least_alike_first_list_faces_put_there_by_mistake_on_top()
    {
        var photos = PennyAndAmy();
        var output = Path.Combine(_work, "People");
        (await FaceSortProcess.RunAsync(["organize", photos, "--out", output])).ExitCode.ShouldBe(0);
        var library = Path.Combine(output, ".facesort");
        var faces = JsonDocument.Parse((await FaceSortProcess.RunAsync(["faces", "--library", library, "--json"])).Stdout).RootElement.EnumerateArray().ToList();
        string PersonOf(string folder) => faces.First(f => f.GetProperty("photo").GetString()!.Contains($"/{folder}/", StringComparison.Ordinal)).GetProperty("person").GetString()!;
        var amy = PersonOf("amy");
        var intruders = faces.Where(f => f.GetProperty("photo").GetString()!.Contains("/penny/", StringComparison.Ordinal)).Take(2)
            .Select(f => f.GetProperty("face").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        (await FaceSortProcess.RunAsync(["move", .. intruders, amy, "--library", library])).ExitCode.ShouldBe(0);

        var listed = await FaceSortProcess.RunAsync(["faces", "--library", library, "--person", amy, "--least-alike", "--json"]);
        listed.ExitCode.ShouldBe(0, listed.Stderr);
        var rows = JsonDocument.Parse(listed.Stdout).RootElement.EnumerateArray().ToList();
        rows.Count.ShouldBe(7);
        rows.ShouldAllBe(r => r.GetProperty("person").GetString() == amy);
        rows.Take(2).Select(r => r.GetProperty("face").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(intruders, ignoreOrder: true);
        rows.Select(r => r.GetProperty("likeness").GetDouble()).ShouldBeInOrder(SortDirection.Ascending);
        // As text: face, likeness, photo, a line each, in the same order.
        var text = await FaceSortProcess.RunAsync(["faces", "--library", library, "--person", amy, "--least-alike"]);
        text.Stdout.Trim().Split('\n').Select(l => l.Split('\t')[0])
            .ShouldBe(rows.Select(r => r.GetProperty("face").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var alone = await FaceSortProcess.RunAsync(["faces", "--library", library, "--least-alike"]);
        alone.ExitCode.ShouldBe(2);
        alone.Stderr.ShouldContain("--least-alike needs --person");
    }

    [Fact]
    public async Task Rename_takes_every_word_of_the_name_and_refuses_another_persons_folder_name()
    {
        var library = await OrganizedPennyAndAmyAsync();
        var people = JsonDocument.Parse((await FaceSortProcess.RunAsync(["people", "--library", library, "--json"])).Stdout).RootElement
            .EnumerateArray().Select(p => p.GetProperty("person").GetString()!).ToList();
        people.Count.ShouldBeGreaterThanOrEqualTo(2);

        var clash = await FaceSortProcess.RunAsync(["rename", people[0], people[1], "--library", library]);
        var twoWords = await FaceSortProcess.RunAsync(["rename", people[0], "Barack", "Obama", "--library", library]);

        clash.ExitCode.ShouldBe(2, clash.Stdout);
        clash.Stderr.ShouldContain($"'{people[1]}' is the folder name of person id");
        twoWords.ExitCode.ShouldBe(0, twoWords.Stderr);
        var names = JsonDocument.Parse((await FaceSortProcess.RunAsync(["people", "--library", library, "--json"])).Stdout).RootElement
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        names.ShouldContain("Barack Obama");
        (await FaceSortProcess.RunAsync(["hide", "Barack", "Obama", "--library", library])).ExitCode.ShouldBe(2, "hide takes one PERSON; quote a name of several words");
    }

    [Fact]
    public async Task A_person_whose_faces_all_moved_away_is_not_listed_and_its_name_is_given_by_a_merge()
    {
        var library = await OrganizedPennyAndAmyAsync();
        async Task<List<(string Person, int Faces)>> People() =>
            JsonDocument.Parse((await FaceSortProcess.RunAsync(["people", "--library", library, "--json"])).Stdout).RootElement
                .EnumerateArray().Select(p => (p.GetProperty("person").GetString()!, p.GetProperty("faces").GetInt32())).ToList();
        var (first, second) = ((await People())[0].Person, (await People())[1].Person);
        (await FaceSortProcess.RunAsync(["rename", first, "Penny", "--library", library])).ExitCode.ShouldBe(0);
        // Every face of "Penny" was someone else's: the user moves them all to the other person.
        var faces = JsonDocument.Parse((await FaceSortProcess.RunAsync(["faces", "--library", library, "--person", "Penny", "--json"])).Stdout)
            .RootElement.EnumerateArray().Select(f => f.GetProperty("face").GetInt64().ToString(CultureInfo.InvariantCulture)).ToList();
        (await FaceSortProcess.RunAsync(["move", .. faces, second, "--library", library])).ExitCode.ShouldBe(0);

        var listed = await People();
        var rename = await FaceSortProcess.RunAsync(["rename", second, "Penny", "--library", library]);
        var merge = await FaceSortProcess.RunAsync(["merge", second, "Penny", "--library", library]);

        listed.ShouldNotContain(p => p.Person == "Penny", "kept for Undo, but nobody to list");
        listed.ShouldAllBe(p => p.Faces > 0);
        rename.ExitCode.ShouldBe(2);
        rename.Stderr.ShouldContain("who has no faces left (all moved away, so not listed); merge that person into this one to give it the name");
        merge.ExitCode.ShouldBe(0, merge.Stderr);
        (await People()).ShouldContain(p => p.Person == "Penny" && p.Faces == listed.Single(q => q.Person == second).Faces);
    }

    [Fact]
    public async Task An_unknown_face_or_photo_or_a_face_not_in_the_person_is_a_bad_argument()
    {
        var library = Path.Combine(_work, "library");
        var bbt = Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt");
        (await FaceSortProcess.RunAsync(["scan", Path.Combine(bbt, "amy"), Path.Combine(bbt, "raj"), "--library", library, "--json"])).ExitCode.ShouldBe(0);
        (await FaceSortProcess.RunAsync(["cluster", "--library", library, "--json"])).ExitCode.ShouldBe(0);
        var faces = JsonDocument.Parse((await FaceSortProcess.RunAsync(["faces", "--library", library, "--json"])).Stdout).RootElement.EnumerateArray().ToList();
        var second = faces.First(f => f.GetProperty("person").GetString() == "Person_002");
        var faceOfSecond = second.GetProperty("face").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var photoOfSecond = second.GetProperty("photo_id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);

        string[][] wrong = [
            ["move", "99999", "Person_001"], ["reject", "99999", "Person_001"], ["split", "Person_001", faceOfSecond],
            ["representative", "Person_001", faceOfSecond], ["representative", "Person_001", "99999"],
            ["move-photo", "99999", "Person_001", "Person_002"], ["move-photo", photoOfSecond, "Person_001", "Person_002"],
            ["hide", "Person_999"]];
        foreach (var command in wrong)
        {
            var result = await FaceSortProcess.RunAsync([.. command, "--library", library]);
            if (command[0] is "split" or "representative" && command[2] == faceOfSecond)
                result.Stderr.ShouldContain($"{faceOfSecond}: not a face of Person_001", Case.Sensitive, "the person by the name the user knows");

            result.ExitCode.ShouldBe(2, string.Join(' ', command));
            result.Stderr.ShouldStartWith("facesort: ", Case.Sensitive, string.Join(' ', command));
        }
        (await FaceSortProcess.RunAsync(["history", "--library", library, "--json"])).Stdout.Trim().ShouldBe("[]", "nothing was changed");
    }

    [Theory]
    [InlineData("rename", "PERSON NAME…")]
    [InlineData("move", "FACE… PERSON")]
    [InlineData("move-photo", "PHOTO FROM TO")]
    public async Task A_verbs_help_names_its_words_as_the_readme_does(string verb, string words)
    {
        var help = await FaceSortProcess.RunAsync([verb, "--help"]);

        // It said "facesort rename <ARGS>... [options]".
        help.ExitCode.ShouldBe(0);
        help.Stdout.ShouldContain($"facesort {verb} <{words}>");
        help.Stdout.ShouldNotContain("ARGS");
    }

    [Fact]
    public async Task A_verb_given_too_few_words_is_a_bad_argument_not_a_crash()
    {
        var library = Path.Combine(_work, "library");
        (await FaceSortProcess.RunAsync(["scan", Directory.CreateDirectory(Path.Combine(_work, "empty")).FullName, "--library", library, "--json"])).ExitCode.ShouldBe(0);
        string[][] short_ = [["hide"], ["unhide"], ["confirm"], ["hide-small"], ["representative", "Person_001"], ["move-photo", "1", "Person_001"]];
        foreach (var command in short_)
        {
            var result = await FaceSortProcess.RunAsync([.. command, "--library", library, "--json"]);

            // The extra-words check asked for the words' value, which throws when too few were given: an unhandled
            // InvalidOperationException with its stack trace, exit 134.
            result.ExitCode.ShouldBe(2, $"{command[0]}: {result.Stderr}");
            result.Stdout.ShouldBeEmpty(command[0]);
            result.Stderr.ShouldStartWith("facesort: Required argument", Case.Sensitive, command[0]);
            result.Stderr.ShouldNotContain("   at ", Case.Sensitive, command[0]);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public async Task History_refuses_a_limit_below_one_instead_of_listing_one_correction(string limit)
    {
        var library = Path.Combine(_work, "library");
        (await FaceSortProcess.RunAsync(["scan", Directory.CreateDirectory(Path.Combine(_work, "empty")).FullName, "--library", library, "--json"])).ExitCode.ShouldBe(0);

        var result = await FaceSortProcess.RunAsync(["history", "--limit", limit, "--library", library, "--json"]);

        result.ExitCode.ShouldBe(2, result.Stderr);
        result.Stdout.ShouldBeEmpty();
        result.Stderr.ShouldStartWith("facesort: --limit must be at least 1");
    }

    /// <summary>A folder of Penny's and Amy's five crops each (faceapi-bbt), in <c>penny/</c> and <c>amy/</c>.</summary>
    /// <summary>Penny's and Amy's photos organized: the library.</summary>
    private async Task<string> OrganizedPennyAndAmyAsync()
    {
        var output = Path.Combine(_work, "People");
        (await FaceSortProcess.RunAsync(["organize", PennyAndAmy(), "--out", output, "--json"])).ExitCode.ShouldBe(0);
        return Path.Combine(output, ".facesort");
    }

    private string PennyAndAmy()
    {
        var photos = Path.Combine(_work, "photos");
        foreach (var person in new[] { "penny", "amy" })
        {
            Directory.CreateDirectory(Path.Combine(photos, person));
            foreach (var file in Directory.EnumerateFiles(Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt", person)))
                File.Copy(file, Path.Combine(photos, person, Path.GetFileName(file)));
        }
        return photos;
    }

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }
}
