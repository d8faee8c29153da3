using FaceSort.Core.Library;

namespace FaceSort.Core.Tests.Library;

public class PeopleStoreTests
{
    private static readonly float[] A = [1, 0, 0];
    private static readonly float[] B = [0, 1, 0];

    [Fact]
    public void People_are_numbered_by_size_largest_first()
    {
        using var library = new TemporaryLibrary();
        library.AddPhoto("a1.jpg", A);
        library.AddPhoto("b1.jpg", B);
        library.AddPhoto("b2.jpg", B);
        var ids = library.Faces.AllPresent().Select(f => f.Id).ToArray();

        library.People.ReplaceAutomaticAssignments([[ids[0]], [ids[1], ids[2]]]);

        var people = library.People.Summaries();
        people.Select(p => (p.Person.DisplayName, p.FaceCount)).ShouldBe([("Person_001", 2), ("Person_002", 1)]);
    }

    [Fact]
    public void A_named_person_keeps_its_name_when_clusters_are_recomputed()
    {
        using var library = new TemporaryLibrary();
        library.AddPhoto("a1.jpg", A);
        library.AddPhoto("a2.jpg", A);
        library.AddPhoto("b1.jpg", B);
        var ids = library.Faces.AllPresent().Select(f => f.Id).ToArray();
        library.People.ReplaceAutomaticAssignments([[ids[0], ids[1]], [ids[2]]]);
        var named = library.People.Summaries()[0].Person;
        Rename(library, named.Id, "Alice");

        // The same faces come back in another order and with one more face: Alice stays Alice.
        library.AddPhoto("a3.jpg", A);
        var all = library.Faces.AllPresent().Select(f => f.Id).ToArray();
        library.People.ReplaceAutomaticAssignments([[all[2]], [all[0], all[1], all[3]]]);

        var alice = library.People.Summaries().Single(p => p.Person.Name == "Alice");
        alice.Person.Id.ShouldBe(named.Id);
        alice.FaceCount.ShouldBe(3);
    }

    [Fact]
    public void A_full_run_keeps_every_surviving_persons_number_and_numbers_new_people_after_them()
    {
        // Person_002 was made by the first run; a later run that finds a bigger newcomer must not give it that number:
        // the folder Person_002 and "merge Person_002 …" go on meaning the same faces.
        using var library = new TemporaryLibrary();
        library.AddPhoto("a1.jpg", A);
        library.AddPhoto("a2.jpg", A);
        library.AddPhoto("b1.jpg", B);
        var first = library.Faces.AllPresent().Select(f => f.Id).ToArray();
        library.People.ReplaceAutomaticAssignments([[first[0], first[1]], [first[2]]]);
        var before = library.People.Summaries().ToDictionary(p => p.Person.Id, p => p.Person.DisplayName);
        before.Values.Order().ShouldBe(["Person_001", "Person_002"]);

        float[] c = [0, 0, 1], d = [0.6f, 0, 0.8f];
        for (var i = 0; i < 3; i++) library.AddPhoto($"c{i}.jpg", c);
        library.AddPhoto("d1.jpg", d);
        var all = library.Faces.AllPresent().Select(f => f.Id).ToArray();
        // The same two people, in another order, and two new ones: three faces and one.
        library.People.ReplaceAutomaticAssignments([[all[6]], [all[2]], [all[3], all[4], all[5]], [all[0], all[1]]]);

        var after = library.People.Summaries().ToDictionary(p => p.Person.Id, p => (p.Person.DisplayName, p.FaceCount));
        foreach (var (id, name) in before) after[id].DisplayName.ShouldBe(name);
        after.Values.Where(p => !before.ContainsValue(p.DisplayName)).OrderBy(p => p.DisplayName).ToList()
            .ShouldBe([("Person_003", 3), ("Person_004", 1)], "new people after the old ones, largest first");
    }

    [Fact]
    public void A_named_person_merged_into_an_unnamed_one_keeps_its_name_on_the_merged_cluster()
    {
        // Raj (two faces) and an unnamed person of three; a run merges them. The bigger overlap is the unnamed
        // person's, but the cluster keeps Raj's name rather than leave Raj empty.
        using var library = new TemporaryLibrary();
        library.AddPhoto("r1.jpg", A);
        library.AddPhoto("r2.jpg", A);
        for (var i = 0; i < 3; i++) library.AddPhoto($"x{i}.jpg", B);
        var ids = library.Faces.AllPresent().Select(f => f.Id).ToArray();
        library.People.ReplaceAutomaticAssignments([[ids[0], ids[1]], [ids[2], ids[3], ids[4]]]);
        var raj = library.People.Assignments()[ids[0]].PersonId;
        Rename(library, raj, "Raj");

        library.People.ReplaceAutomaticAssignments([[.. ids]]);

        var people = library.People.Summaries();
        people.Single(p => p.Person.Name == "Raj").FaceCount.ShouldBe(5);
        people.Count.ShouldBe(1, "the unnamed person, left without faces, is gone");
    }

    [Fact]
    public void User_assignments_are_never_changed_by_automatic_runs()
    {
        using var library = new TemporaryLibrary();
        library.AddPhoto("a1.jpg", A);
        library.AddPhoto("b1.jpg", B);
        var ids = library.Faces.AllPresent().Select(f => f.Id).ToArray();
        library.People.ReplaceAutomaticAssignments([[ids[0]], [ids[1]]]);
        var assignments = library.People.Assignments();
        var personOfB = assignments[ids[1]].PersonId;
        MakeUserAssignment(library, ids[0], personOfB);

        // Automation now wants face 0 alone again; the user's decision wins.
        library.People.ReplaceAutomaticAssignments([[ids[0]], [ids[1]]]);

        var after = library.People.Assignments();
        after[ids[0]].ShouldBe((personOfB, AssignmentSource.User));
    }

    private static void Rename(TemporaryLibrary library, long personId, string name)
    {
        using var connection = library.Database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE people SET name = $n WHERE id = $id";
        command.Parameters.AddWithValue("$n", name);
        command.Parameters.AddWithValue("$id", personId);
        command.ExecuteNonQuery();
    }

    private static void MakeUserAssignment(TemporaryLibrary library, long faceId, long personId)
    {
        using var connection = library.Database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE assignments SET person_id = $p, source = 'user' WHERE face_id = $f";
        command.Parameters.AddWithValue("$p", personId);
        command.Parameters.AddWithValue("$f", faceId);
        command.ExecuteNonQuery().ShouldBe(1);
    }
}
