using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace FaceSort.Cli.Tests;

/// <summary><c>facesort eval</c> on a real scanned library, with labels from folder names or from a truth CSV.</summary>
public sealed class EvalCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-eval-").FullName;

    [Fact]
    public async Task Folder_labels_and_a_truth_csv_saying_the_same_give_the_same_scores()
    {
        var library = Path.Combine(_work, "library");
        var bbt = Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt");
        var scan = await FaceSortProcess.RunAsync(["scan", bbt, "--library", library, "--json"]);
        scan.ExitCode.ShouldBe(0, scan.Stderr);
        // The truth CSV names each portrait's person by its folder, relative to the CSV; group photos stay unscored.
        var csv = Path.Combine(_work, "truth.csv");
        var rows = Directory.GetFiles(bbt, "*.*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal))
            .Select(f => (Path: Path.GetRelativePath(_work, f), Person: Path.GetFileName(Path.GetDirectoryName(f))!))
            .Select(r => $"\"{r.Path}\",{(r.Person == "group" ? "" : r.Person)}");
        await File.WriteAllLinesAsync(csv, ["path,identity", .. rows], TestContext.Current.CancellationToken);

        var byFolders = await FaceSortProcess.RunAsync(["eval", "--library", library, "--labels-from-folders", bbt, "--method", "facesort", "--json"]);
        var byCsv = await FaceSortProcess.RunAsync(["eval", "--library", library, "--truth", csv, "--method", "facesort", "--json"]);
        var neither = await FaceSortProcess.RunAsync(["eval", "--library", library, "--method", "facesort"]);

        byFolders.ExitCode.ShouldBe(0, byFolders.Stderr);
        byCsv.ExitCode.ShouldBe(0, byCsv.Stderr);
        var folders = Metrics(byFolders.Stdout);
        var truth = Metrics(byCsv.Stdout);
        folders.GetProperty("identities").GetInt32().ShouldBe(8);
        folders.GetProperty("pairwise_f1").GetDouble().ShouldBeGreaterThan(0.9);
        truth.GetProperty("identities").GetInt32().ShouldBe(8);
        truth.GetProperty("pairwise_f1").GetDouble().ShouldBe(folders.GetProperty("pairwise_f1").GetDouble());
        truth.GetProperty("bcubed_f1").GetDouble().ShouldBe(folders.GetProperty("bcubed_f1").GetDouble());
        neither.ExitCode.ShouldBe(2, "no labels is a usage error");
    }

    [Fact]
    public async Task Orders_score_each_method_over_shuffled_photo_orders()
    {
        var lfw = Path.Combine(FaceSortProcess.Fixtures, "embeddings", "lfw.tsv");
        var run = await FaceSortProcess.RunAsync(["eval", "--embeddings", lfw, "--method", "kmeans", "--orders", "3", "--json"]);
        var once = await FaceSortProcess.RunAsync(["eval", "--embeddings", lfw, "--method", "agglo", "--json"]);
        var orderFree = await FaceSortProcess.RunAsync(["eval", "--embeddings", lfw, "--method", "agglo", "--orders", "2", "--json"]);
        var none = await FaceSortProcess.RunAsync(["eval", "--embeddings", lfw, "--orders", "0"]);
        var withSweep = await FaceSortProcess.RunAsync(["eval", "--embeddings", lfw, "--orders", "2", "--sweep"]);
        // A count that is not a whole number is the parser's error, in the user's words; the validator used to ask for its
        // value and crash (134), and the parser's own message named System.Nullable`1[System.Int32].
        var word = await FaceSortProcess.RunAsync(["eval", "--embeddings", lfw, "--orders", "ten"]);
        var fraction = await FaceSortProcess.RunAsync(["eval", "--embeddings", lfw, "--orders", "2.5", "--sweep"]);

        run.ExitCode.ShouldBe(0, run.Stderr);
        var kmeans = JsonDocument.Parse(run.Stdout).RootElement.EnumerateArray().Single();
        kmeans.GetProperty("method").GetString().ShouldBe("kmeans");
        kmeans.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt32()).ShouldBe([1, 2, 3]);
        var f1 = kmeans.GetProperty("per_order").EnumerateArray().Select(m => m.GetProperty("pairwise_f1").GetDouble()).ToList();
        f1.Count.ShouldBe(3);
        kmeans.GetProperty("mean_pairwise_f1").GetDouble().ShouldBe(f1.Average(), 1e-9);
        kmeans.GetProperty("min_pairwise_f1").GetDouble().ShouldBe(f1.Min());
        kmeans.GetProperty("max_pairwise_f1").GetDouble().ShouldBe(f1.Max());
        // Average linkage does not depend on the order, so every order scores what the folder order does.
        var agglo = JsonDocument.Parse(orderFree.Stdout).RootElement.EnumerateArray().Single();
        agglo.GetProperty("mean_pairwise_f1").GetDouble().ShouldBe(Metrics(once.Stdout).GetProperty("pairwise_f1").GetDouble(), 1e-9);
        none.ExitCode.ShouldBe(2);
        withSweep.ExitCode.ShouldBe(2);
        word.ExitCode.ShouldBe(2, word.Stderr);
        word.Stderr.ShouldContain("--orders needs a whole number, not 'ten'.");
        word.Stderr.ShouldNotContain("System.", Case.Sensitive, "the message names no .NET type");
        word.Stderr.ShouldNotContain("   at ", Case.Sensitive, "no stack trace");
        fraction.ExitCode.ShouldBe(2, fraction.Stderr);
        fraction.Stderr.ShouldNotContain("   at ", Case.Sensitive, "no stack trace");
    }

    [Fact]
    public async Task The_table_says_what_was_scored_names_each_knob_and_shows_no_precision_where_no_pair_was_claimed()
    {
        var bbt = Path.Combine(FaceSortProcess.Fixtures, "embeddings", "faceapi-bbt.tsv");
        var kmeans = await FaceSortProcess.RunAsync(["eval", "--embeddings", bbt, "--method", "kmeans", "--sweep"]);
        var hdbscan = await FaceSortProcess.RunAsync(["eval", "--embeddings", bbt, "--method", "hdbscan", "--sweep"]);

        kmeans.ExitCode.ShouldBe(0, kmeans.Stderr);
        hdbscan.ExitCode.ShouldBe(0, hdbscan.Stderr);
        kmeans.Stdout.ShouldContain("63 faces clustered; 40 labelled photos scored by their main face (0 without a detected face, scored as misses); 8 identities");
        var rows = kmeans.Stdout.Split('\n').Where(l => l.Contains("kmeans", StringComparison.Ordinal)).ToList();
        // k is a count of clusters, not a distance threshold.
        rows.ShouldContain(l => l.Contains(" k 9 ", StringComparison.Ordinal));
        // At k = 100 (63 faces) every scored face is alone: no pair claimed, recall 0, and precision is not "1.000".
        var alone = rows.Single(l => l.Contains(" k 100 ", StringComparison.Ordinal));
        alone.ShouldContain(" n/a ");
        alone.ShouldNotContain("1.000");
        hdbscan.Stdout.ShouldContain(" min size 2 ");
    }

    [Fact]
    public async Task The_json_names_what_each_threshold_counts()
    {
        // One "threshold" field held a distance, k and HDBSCAN's minimum size alike; a script reading it could not tell.
        var bbt = Path.Combine(FaceSortProcess.Fixtures, "embeddings", "faceapi-bbt.tsv");
        var knobs = new Dictionary<string, string?>();
        foreach (var method in new[] { "agglo", "kmeans", "hdbscan", "rankorder" })
        {
            var run = await FaceSortProcess.RunAsync(["eval", "--embeddings", bbt, "--method", method, "--sweep", "--json"]);
            run.ExitCode.ShouldBe(0, run.Stderr);
            var knob = JsonDocument.Parse(run.Stdout).RootElement.EnumerateArray().Select(p => p.GetProperty("knob").GetString()).Distinct().Single();
            knobs[method] = knob;
        }
        var byDefault = await FaceSortProcess.RunAsync(["eval", "--embeddings", bbt, "--method", "facesort", "--json"]);

        knobs.ShouldBe(new Dictionary<string, string?> { ["agglo"] = "distance", ["kmeans"] = "k", ["hdbscan"] = "min_cluster_size", ["rankorder"] = "rank_order_distance" });
        JsonDocument.Parse(byDefault.Stdout).RootElement.EnumerateArray().Single().GetProperty("knob").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Malformed_truth_and_embedding_files_are_bad_arguments_named_by_file_and_line()
    {
        var csv = Path.Combine(_work, "truth.csv");
        await File.WriteAllLinesAsync(csv, ["path,identity", "a.jpg,amy", "just-a-path"], TestContext.Current.CancellationToken);
        var lfw = await File.ReadAllLinesAsync(Path.Combine(FaceSortProcess.Fixtures, "embeddings", "lfw.tsv"), TestContext.Current.CancellationToken);
        var notANumber = Path.Combine(_work, "nan.tsv");
        await File.WriteAllLinesAsync(notANumber, [.. lfw[..3], lfw[3].Replace("\t250\t", "\twide\t", StringComparison.Ordinal)], TestContext.Current.CancellationToken);
        var shortRow = Path.Combine(_work, "short.tsv");
        await File.WriteAllLinesAsync(shortRow, [lfw[0], "a.jpg\t250\t250"], TestContext.Current.CancellationToken);

        var truth = await FaceSortProcess.RunAsync(["eval", "--library", Path.Combine(_work, "library"), "--truth", csv]);
        var nan = await FaceSortProcess.RunAsync(["eval", "--embeddings", notANumber]);
        var tooShort = await FaceSortProcess.RunAsync(["eval", "--embeddings", shortRow]);
        var missing = await FaceSortProcess.RunAsync(["eval", "--embeddings", Path.Combine(_work, "none.tsv")]);

        foreach (var (result, where) in new[] { (truth, $"{csv}:3:"), (nan, $"{notANumber}:4:"), (tooShort, $"{shortRow}:2:"), (missing, "none.tsv") })
        {
            result.ExitCode.ShouldBe(2, result.Stderr);
            result.Stderr.ShouldContain(where);
            result.Stderr.Trim().Split('\n').Length.ShouldBe(1, result.Stderr);
        }
    }

    [Fact]
    public async Task Labels_that_match_nothing_are_a_bad_argument_not_a_perfect_score()
    {
        var library = Path.Combine(_work, "library");
        var bbt = Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt");
        (await FaceSortProcess.RunAsync(["scan", Path.Combine(bbt, "penny"), "--library", library, "--json"])).ExitCode.ShouldBe(0);
        var emptyCsv = Path.Combine(_work, "empty.csv");
        await File.WriteAllLinesAsync(emptyCsv, ["path,identity"], TestContext.Current.CancellationToken);
        var unscanned = Path.Combine(_work, "unscanned");
        TestFiles.CopyTree(Path.Combine(bbt, "amy"), Path.Combine(unscanned, "amy"));

        var noFolder = await FaceSortProcess.RunAsync(["eval", "--library", library, "--labels-from-folders", Path.Combine(_work, "none"), "--method", "facesort"]);
        var noMatch = await FaceSortProcess.RunAsync(["eval", "--library", library, "--labels-from-folders", unscanned, "--method", "facesort"]);
        var empty = await FaceSortProcess.RunAsync(["eval", "--library", library, "--truth", emptyCsv, "--method", "facesort"]);
        var matches = await FaceSortProcess.RunAsync(["eval", "--library", library, "--labels-from-folders", bbt, "--method", "facesort"]);
        var report = await FaceSortProcess.RunAsync(["report", "--library", library, "--labels-from-folders", Path.Combine(_work, "none"), "--out", Path.Combine(_work, "out")]);

        noFolder.ExitCode.ShouldBe(2);
        noFolder.Stderr.ShouldContain($"folder not found: {Path.Combine(_work, "none")}");
        noMatch.ExitCode.ShouldBe(2);
        noMatch.Stderr.ShouldContain($"no face of the library matches a labelled photo in {unscanned}");
        empty.ExitCode.ShouldBe(2);
        empty.Stderr.ShouldContain($"no face of the library matches a labelled photo in {emptyCsv}");
        matches.ExitCode.ShouldBe(0, matches.Stderr);
        report.ExitCode.ShouldBe(2);
        report.Stderr.ShouldContain("folder not found");
    }

    [Fact]
    public async Task Truth_rows_for_photos_the_library_lacks_are_counted_on_stderr_not_scored_in_silence()
    {
        var library = Path.Combine(_work, "library");
        var bbt = Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt");
        (await FaceSortProcess.RunAsync(["scan", Path.Combine(bbt, "penny"), Path.Combine(bbt, "amy"), "--library", library])).ExitCode.ShouldBe(0);
        var scanned = Directory.GetFiles(Path.Combine(bbt, "penny")).Concat(Directory.GetFiles(Path.Combine(bbt, "amy"))).Order(StringComparer.Ordinal)
            .Select(f => $"\"{f}\",{Path.GetFileName(Path.GetDirectoryName(f))}").ToList();
        var csv = Path.Combine(_work, "truth.csv");
        var typo = Path.Combine(bbt, "penny", "no-such-photo.jpg");
        var unscanned = Directory.GetFiles(Path.Combine(bbt, "raj")).Order(StringComparer.Ordinal).First();
        await File.WriteAllLinesAsync(csv, ["path,identity", .. scanned, $"{typo},penny", $"{unscanned},raj", "\"elsewhere.jpg\","],
            TestContext.Current.CancellationToken);
        var complete = Path.Combine(_work, "complete.csv");
        await File.WriteAllLinesAsync(complete, ["path,identity", .. scanned], TestContext.Current.CancellationToken);

        var partial = await FaceSortProcess.RunAsync(["eval", "--library", library, "--truth", csv, "--method", "agglo", "--json"]);
        var whole = await FaceSortProcess.RunAsync(["eval", "--library", library, "--truth", complete, "--method", "agglo", "--json"]);

        // The score is over the photos the library holds, as before; the two it lacks are said (an unlabelled row is not).
        partial.ExitCode.ShouldBe(0, partial.Stderr);
        partial.Stderr.Trim().ShouldBe($"facesort: 2 of {scanned.Count + 2} labelled photos in {csv} are not scanned photos of the library and are left out of the score (first: {typo})");
        Metrics(partial.Stdout).GetProperty("pairwise_f1").GetDouble().ShouldBe(Metrics(whole.Stdout).GetProperty("pairwise_f1").GetDouble());
        whole.Stderr.ShouldBeEmpty();
    }

    [Fact]
    public async Task Year_folders_inside_person_folders_are_said_to_merge_people_on_stderr()
    {
        // amy/2019, amy/2020, penny/2019, penny/2020: the parent folder names the identity, so "2019" holds both women.
        var nested = Path.Combine(_work, "photos");
        var bbt = Path.Combine(FaceSortProcess.Fixtures, "faceapi-bbt");
        foreach (var person in new[] { "amy", "penny" })
            foreach (var (file, k) in Directory.GetFiles(Path.Combine(bbt, person)).Order(StringComparer.Ordinal).Select((f, k) => (f, k)))
            {
                var year = Path.Combine(nested, person, k % 2 == 0 ? "2019" : "2020");
                Directory.CreateDirectory(year);
                File.Copy(file, Path.Combine(year, Path.GetFileName(file)));
            }
        var library = Path.Combine(_work, "library");
        (await FaceSortProcess.RunAsync(["scan", nested, "--library", library])).ExitCode.ShouldBe(0);

        var eval = await FaceSortProcess.RunAsync(["eval", "--library", library, "--labels-from-folders", nested, "--method", "facesort", "--json"]);
        var flat = await FaceSortProcess.RunAsync(["eval", "--library", library, "--labels-from-folders", Path.Combine(nested, "amy"), "--method", "facesort", "--json"]);

        eval.ExitCode.ShouldBe(0, eval.Stderr);
        Metrics(eval.Stdout).GetProperty("identities").GetInt32().ShouldBe(2);
        eval.Stderr.Trim().ShouldBe("facesort: 2 identities are the names of several folders, each scored as one person: "
            + "'2019' (2 folders: amy/2019, penny/2019); '2020' (2 folders: amy/2020, penny/2020). "
            + "A photo's parent folder names its identity; for person folders with sub-folders give --truth CSV.");
        flat.ExitCode.ShouldBe(0, flat.Stderr);
        flat.Stderr.ShouldBeEmpty("one folder per name: nothing to say");
    }

    [Fact]
    public async Task A_table_written_to_a_pipe_keeps_each_row_on_one_line()
    {
        var lfw = Path.Combine(FaceSortProcess.Fixtures, "embeddings", "lfw.tsv");
        var json = await FaceSortProcess.RunAsync(["eval", "--embeddings", lfw, "--method", "agglo", "--json"]);
        // COLUMNS unset, as in a script's pipe (an exported COLUMNS is honoured).
        var table = await FaceSortProcess.RunAsync(["eval", "--embeddings", lfw, "--method", "agglo"], new Dictionary<string, string> { ["COLUMNS"] = "" });

        table.ExitCode.ShouldBe(0, table.Stderr);
        var metrics = Metrics(json.Stdout);
        var row = table.Stdout.Split('\n').Single(l => l.Contains("agglo", StringComparison.Ordinal));
        foreach (var name in new[] { "pairwise_precision", "pairwise_recall", "pairwise_f1", "bcubed_f1" })
            row.ShouldContain(metrics.GetProperty(name).GetDouble().ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), Case.Sensitive, name);
        row.ShouldContain("default");
    }

    private static JsonElement Metrics(string stdout) =>
        JsonDocument.Parse(stdout).RootElement.EnumerateArray().Single().GetProperty("metrics");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }
}
