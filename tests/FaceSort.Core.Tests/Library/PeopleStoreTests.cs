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
