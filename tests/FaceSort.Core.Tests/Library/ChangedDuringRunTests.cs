using FaceSort.Core.Corrections;
using FaceSort.Core.Library;

namespace FaceSort.Core.Tests.Library;

/// <summary>
/// An automatic run reads the library, decides for seconds, then writes; meanwhile a correction in the web app (or
/// another process's run) may commit. Each test commits that change between the run's read and its write, as it
/// happens across processes, and checks the write honours the library as it is now (docs/corrections.md,
/// "While a run is computing").
/// </summary>
public class ChangedDuringRunTests
{
    private static readonly float[] A = [1, 0, 0];
    private static readonly float[] B = [0, 1, 0];
    private static readonly float[] C = [0, 0, 1];

    [Fact]
    public void A_face_recognised_as_a_person_the_user_merged_away_meanwhile_waits_unassigned()
    {
        // Measured through serve: a merge made while `facesort cluster` was recognising new faces failed the run with
        // "SQLite Error 19: 'FOREIGN KEY constraint failed'" (2 of 5 tries on glint12).
        using var library = new TemporaryLibrary();
        library.AddPhoto("a1.jpg", A);
        library.AddPhoto("b1.jpg", B);
        var old = library.Faces.AllPresent().Select(f => f.Id).ToArray();
        library.People.ReplaceAutomaticAssignments([[old[0]], [old[1]]]);
        var (amy, bea) = (library.People.Assignments()[old[0]].PersonId, library.People.Assignments()[old[1]].PersonId);
        library.AddPhoto("b2.jpg", B);
        var fresh = library.Faces.AllPresent().Select(f => f.Id).Except(old).Single();

        // The run recognised the new face as Bea; before it writes, the user merges Bea into Amy.
        new CorrectionService(library.Database).Merge(amy, [bea]);
        var created = library.People.AddAutomaticAssignments([(fresh, bea)], []);

        created.ShouldBeEmpty();
        var assignments = library.People.Assignments();
        assignments.ContainsKey(fresh).ShouldBeFalse("its person is gone; the next run offers it to the merged one");
        assignments[old[0]].ShouldBe((amy, AssignmentSource.User));
        assignments[old[1]].ShouldBe((amy, AssignmentSource.User));
    }

    [Fact]
    public void A_group_another_run_has_placed_meanwhile_makes_no_empty_person()
    {
        // Two `facesort cluster` on one library at once (or one beside the web app's scan job) both grouped the same
        // new faces; the second made a person per group whose faces were all taken: 4 empty Person_NNN on glint12.
        using var library = new TemporaryLibrary();
        library.AddPhoto("a1.jpg", A);
        var old = library.Faces.AllPresent().Select(f => f.Id).ToArray();
        library.People.ReplaceAutomaticAssignments([[old[0]]]);
        library.AddPhoto("c1.jpg", C);
        library.AddPhoto("c2.jpg", C);
        var group = library.Faces.AllPresent().Select(f => f.Id).Except(old).ToArray();

        library.People.AddAutomaticAssignments([], [group]).Count.ShouldBe(1);
        library.People.AddAutomaticAssignments([], [group]).ShouldBeEmpty();

        library.People.Summaries().Select(p => p.FaceCount).Order().ShouldBe([1, 2]);
    }

    [Fact]
    public void A_person_the_user_named_meanwhile_is_not_folded_away()
    {
        using var library = new TemporaryLibrary();
        library.AddPhoto("a1.jpg", A);
        library.AddPhoto("a2.jpg", A);
        library.AddPhoto("a3.jpg", A);
        library.AddPhoto("a4.jpg", A);
        library.AddPhoto("a5.jpg", A);
        var ids = library.Faces.AllPresent().Select(f => f.Id).ToArray();
        library.People.ReplaceAutomaticAssignments([[ids[0], ids[1], ids[2]], [ids[3], ids[4]]]);
        var big = library.People.Assignments()[ids[0]].PersonId;
        var small = library.People.Assignments()[ids[3]].PersonId;

        // The run decided to fold the small person into the big one; before it writes, the user names the small one.
        new CorrectionService(library.Database).Rename(small, "Amy");
        library.People.FoldAutomaticPeople([(small, big)]);

        var amy = library.People.Summaries().Single(p => p.Person.Id == small);
        amy.Person.Name.ShouldBe("Amy");
        amy.FaceCount.ShouldBe(2);
    }
}
