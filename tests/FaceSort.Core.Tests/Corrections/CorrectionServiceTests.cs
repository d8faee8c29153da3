using FaceSort.Core.Clustering;
using FaceSort.Core.Corrections;
using FaceSort.Core.Library;
using FaceSort.Core.Pipeline;

namespace FaceSort.Core.Tests.Corrections;

public sealed class CorrectionServiceTests
{
    private static ClusterService Clustering(TestLibrary library) => new(library.Faces, library.People);

    private static TestLibrary ClusteredLibrary(IEnumerable<int>? photos = null)
    {
        var library = new TestLibrary();
        library.AddPhotos(photos ?? Enumerable.Range(0, library.PhotoCount));
        Clustering(library).Cluster(new FaceSortClusterer(), TestContext.Current.CancellationToken);
        return library;
    }

    private static List<long> FacesOf(TestLibrary library, long personId) =>
        library.People.Assignments().Where(a => a.Value.PersonId == personId).Select(a => a.Key).Order().ToList();

    [Fact]
    public void Schema_is_version_10_with_the_corrections_and_prototype_tables_photo_models_face_sharpness_the_person_id_mark_picture_hashes_tag_tables_interrupted_reads_and_sketches()
    {
        using var library = new TestLibrary();
        using var connection = library.Database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = 'schema_version'; ";
        command.ExecuteScalar().ShouldBe("10");
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'people_id_high'";
        command.ExecuteScalar().ShouldBe(1L);
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('corrections', 'rejections', 'person_prototypes', 'prototype_state')";
        command.ExecuteScalar().ShouldBe(4L);
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('photos') WHERE name = 'models'";
        command.ExecuteScalar().ShouldBe(1L);
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('faces') WHERE name = 'sharpness'";
        command.ExecuteScalar().ShouldBe(1L);
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('photos') WHERE name = 'picture_hash'";
        command.ExecuteScalar().ShouldBe(1L);
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('tag_checks', 'tagged_names')";
        command.ExecuteScalar().ShouldBe(2L);
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'interrupted_reads'";
        command.ExecuteScalar().ShouldBe(1L);
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('photos') WHERE name IN ('sketch', 'taken_at')";
        command.ExecuteScalar().ShouldBe(2L);
    }

    [Fact]
    public void A_version_4_library_gains_face_sharpness_and_keeps_its_faces_as_unknown()
    {
        using var library = new TestLibrary();
        library.AddPhotos([0, 1]);
        var before = library.Faces.AllPresent();
        using (var connection = library.Database.Connect())
        using (var command = connection.CreateCommand())
        {
            // What a library written before sharpness existed looks like.
            command.CommandText = "ALTER TABLE faces DROP COLUMN sharpness; DROP INDEX photos_picture_hash; ALTER TABLE photos DROP COLUMN picture_hash; UPDATE meta SET value = '4' WHERE key = 'schema_version';";
            command.ExecuteNonQuery();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var reopened = LibraryDatabase.Open(library.Directory);
        var after = new FaceStore(reopened).AllPresent();
        after.Select(f => f.Id).ShouldBe(before.Select(f => f.Id));
        after.ShouldAllBe(f => f.Sharpness == null, "unknown until the photo is scanned again: judged by score and size alone");
    }

    [Fact]
    public void Reject_removes_the_face_and_it_never_comes_back_after_reclustering()
    {
        using var library = ClusteredLibrary();
        var person = library.People.Summaries()[0].Person;
        var face = FacesOf(library, person.Id)[0];
        var service = new CorrectionService(library.Database);

        var result = service.RejectFaces([face], person.Id);

        result.Items.Single().Outcome.ShouldBe(ItemOutcome.Done);
        library.People.Assignments().ContainsKey(face).ShouldBeFalse();
        Clustering(library).Cluster(new FaceSortClusterer(), TestContext.Current.CancellationToken);
        if (library.People.Assignments().TryGetValue(face, out var again)) again.PersonId.ShouldNotBe(person.Id);
    }

    [Fact]
    public void Move_to_a_new_person_creates_a_user_person_and_reports_each_face()
    {
        using var library = ClusteredLibrary();
        var person = library.People.Summaries()[0].Person;
        var face = FacesOf(library, person.Id)[0];

        var result = new CorrectionService(library.Database).MoveFaces([face, 999_999], null, "Newcomer");

        result.PersonId.ShouldNotBeNull();
        result.Items.Select(i => i.Outcome).ShouldBe([ItemOutcome.Done, ItemOutcome.Failed]);
        library.People.Assignments()[face].ShouldBe((result.PersonId.Value, AssignmentSource.User));
        new PersonResolver(library.People).Resolve("newcomer").Id.ShouldBe(result.PersonId.Value);
    }

    [Fact]
    public void Corrections_hold_after_adding_photos_and_reclustering_everything()
    {
        var library = new TestLibrary();
        using var _ = library;
        var order = Enumerable.Range(0, library.PhotoCount).OrderBy(i => (i * 7919) % 101).ToList();
        library.AddPhotos(order.Take(order.Count / 2));
        Clustering(library).Cluster(new FaceSortClusterer(), TestContext.Current.CancellationToken);
        var people = library.People.Summaries().Where(p => p.FaceCount >= 2).Select(p => p.Person).ToList();
        people.Count.ShouldBeGreaterThanOrEqualTo(5);
        var service = new CorrectionService(library.Database);
        var (named, rejectedFrom, split, mergeTarget, mergeOther) = (people[0], people[1], people[2], people[3], people[4]);

        service.Rename(named.Id, "Alice");
        var rejectedFace = FacesOf(library, rejectedFrom.Id)[0];
        service.RejectFaces([rejectedFace], rejectedFrom.Id);
        var splitFace = FacesOf(library, split.Id)[0];
        var newPerson = service.Split(split.Id, [splitFace]).PersonId!.Value;
        var mergedFaces = FacesOf(library, mergeTarget.Id).Concat(FacesOf(library, mergeOther.Id)).ToList();
        service.Merge(mergeTarget.Id, [mergeOther.Id]);
        foreach (var face in mergedFaces) library.People.Assignments()[face].ShouldBe((mergeTarget.Id, AssignmentSource.User), $"face {face} right after merge");
        var movedFace = FacesOf(library, named.Id)[0];
        service.MoveFaces([movedFace], mergeTarget.Id);
        service.Hide(rejectedFrom.Id);

        library.AddPhotos(order.Skip(order.Count / 2));
        Clustering(library).Cluster(new FaceSortClusterer(), TestContext.Current.CancellationToken);
        Clustering(library).Cluster(new AgglomerativeClusterer(), TestContext.Current.CancellationToken);

        var assignments = library.People.Assignments();
        var all = library.People.Summaries().ToDictionary(p => p.Person.Id, p => p.Person);
        all[named.Id].Name.ShouldBe("Alice");
        all[rejectedFrom.Id].Hidden.ShouldBeTrue();
        (assignments.TryGetValue(rejectedFace, out var r) && r.PersonId == rejectedFrom.Id).ShouldBeFalse();
        assignments[splitFace].ShouldBe((newPerson, AssignmentSource.User));
        all.ContainsKey(mergeOther.Id).ShouldBeFalse();
        foreach (var face in mergedFaces.Where(f => f != movedFace))
            assignments[face].ShouldBe((mergeTarget.Id, AssignmentSource.User));
        assignments[movedFace].ShouldBe((mergeTarget.Id, AssignmentSource.User));
        service.History().Count.ShouldBe(6);
    }

    [Fact]
    public void Undo_restores_the_exact_previous_state_action_by_action()
    {
        using var library = ClusteredLibrary();
        var people = library.People.Summaries().Where(p => p.FaceCount >= 2).Select(p => p.Person).ToList();
        var service = new CorrectionService(library.Database);
        var states = new List<string> { library.StateDump() };
        void Step(Func<CorrectionResult> action)
        {
            action().Changed.ShouldBeTrue();
            states.Add(library.StateDump());
            states[^1].ShouldNotBe(states[^2]);
        }

        Step(() => service.Rename(people[0].Id, "Alice"));
        Step(() => service.RejectFaces([FacesOf(library, people[1].Id)[0]], people[1].Id));
        Step(() => service.Split(people[2].Id, [FacesOf(library, people[2].Id)[0]]));
        Step(() => service.Merge(people[3].Id, [people[4].Id, people[0].Id]));
        Step(() => service.MoveFaces([FacesOf(library, people[1].Id)[0]], null));
        Step(() => service.Hide(people[1].Id));
        Step(() => service.ConfirmPerson(people[1].Id));
        Step(() => service.SetRepresentative(people[3].Id, FacesOf(library, people[3].Id)[^1]));
        var photo = library.Faces.Get(FacesOf(library, people[3].Id)[0])!.PhotoId;
        Step(() => service.MovePhoto(photo, people[3].Id, people[1].Id));

        for (var k = states.Count - 2; k >= 0; k--)
        {
            service.Undo().ShouldNotBeNull();
            library.StateDump().ShouldBe(states[k]);
        }
        service.Undo().ShouldBeNull();
        service.History().All(e => e.UndoneAt is not null).ShouldBeTrue();
    }

    [Fact]
    public void Nothing_to_do_is_not_logged()
    {
        using var library = ClusteredLibrary();
        var person = library.People.Summaries()[0].Person;
        var service = new CorrectionService(library.Database);
        service.Hide(person.Id).Changed.ShouldBeTrue();
        var again = service.Hide(person.Id);
        again.Changed.ShouldBeFalse();
        again.Items.Single().Outcome.ShouldBe(ItemOutcome.Skipped);
        service.History().Count.ShouldBe(1);
    }

    [Fact]
    public void Hiding_small_people_is_one_correction_that_one_undo_reverts()
    {
        using var library = ClusteredLibrary();
        var before = library.People.Summaries();
        var threshold = before.Max(p => p.FaceCount); // everyone smaller than the largest
        var small = before.Where(p => p.FaceCount < threshold).Select(p => p.Person.Id).Order().ToList();
        small.ShouldNotBeEmpty();
        var service = new CorrectionService(library.Database);

        var result = service.HideSmallerThan(threshold);

        result.Items.Select(i => i.Id).ShouldBe(small);
        library.People.Summaries(includeHidden: false).ShouldAllBe(p => p.FaceCount >= threshold);
        service.HideSmallerThan(threshold).Changed.ShouldBeFalse();
        service.History().Count.ShouldBe(1);
        service.Undo();
        library.People.Summaries(includeHidden: false).Count.ShouldBe(before.Count);
    }

    [Fact]
    public void Resolver_finds_folder_names_given_names_and_ids_and_explains_failures()
    {
        using var library = ClusteredLibrary();
        var people = library.People.Summaries().Select(p => p.Person).ToList();
        var resolver = new PersonResolver(library.People);
        resolver.Resolve($"Person_{people[1].Number:000}").Id.ShouldBe(people[1].Id);
        resolver.Resolve(people[1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Id.ShouldBe(people[1].Id);
        new CorrectionService(library.Database).Rename(people[0].Id, "Bob Smith");
        resolver.Resolve("bob smith").Id.ShouldBe(people[0].Id);
        Should.Throw<PersonResolutionException>(() => resolver.Resolve("Nobody")).Message.ShouldContain("no person 'Nobody'");
        Should.Throw<ArgumentException>(() => new CorrectionService(library.Database).Rename(people[1].Id, "BOB SMITH"));
    }

    [Fact]
    public void Undoing_the_making_of_a_person_a_run_has_grown_since_keeps_the_runs_faces_together_unnamed()
    {
        // A face moved into a new person "Gran"; a clustering run then put three more faces with it. Undoing the move
        // takes back the user's face and the name; the three faces the run placed stay together in an unnamed person,
        // where removing the person left them in none until the next full run.
        using var library = ClusteredLibrary();
        var person = library.People.Summaries().First(p => p.FaceCount >= 4).Person;
        var faces = library.People.Assignments().Where(a => a.Value.PersonId == person.Id).Select(a => a.Key).Order().ToList();
        var service = new CorrectionService(library.Database);
        var gran = service.MoveFaces([faces[0]], null, "Gran").PersonId!.Value;
        // What a run does that grows Gran: three of the person's automatic rows now name Gran.
        using (var connection = library.Database.Connect())
        using (var grow = connection.CreateCommand())
        {
            grow.CommandText = $"UPDATE assignments SET person_id = {gran} WHERE source = 'auto' AND face_id IN ({faces[1]}, {faces[2]}, {faces[3]})";
            grow.ExecuteNonQuery().ShouldBe(3);
        }

        service.Undo().ShouldNotBeNull();

        var assignments = library.People.Assignments();
        assignments[faces[0]].PersonId.ShouldBe(person.Id, "the moved face is back where it was");
        faces.Skip(1).Take(3).ShouldAllBe(f => assignments.ContainsKey(f) && assignments[f].PersonId == gran);
        var left = library.People.Summaries().Single(s => s.Person.Id == gran).Person;
        left.Name.ShouldBeNull();
        left.Source.ShouldBe(AssignmentSource.Auto);

        // Made and undone with no run between, a person is removed as before.
        var empty = service.MoveFaces([faces[4 % faces.Count]], null, "Nobody").PersonId!.Value;
        service.Undo().ShouldNotBeNull();
        library.People.Summaries().ShouldNotContain(s => s.Person.Id == empty);
    }

    [Fact]
    public void Undoing_a_move_after_a_run_keeps_the_faces_the_run_placed_in_the_person_since()
    {
        // Found in the family-timeline QA: a face moved by mistake into Keira, a year of photos added (the run put 19 new
        // faces in her), then Undo: the moved face went back, and the 19 faces fell out of every person, the export took
        // them out of her folder, and the next run, which only looks at new faces, left them out.
        using var library = new TestLibrary();
        var order = Enumerable.Range(0, library.PhotoCount).OrderBy(i => (i * 7919) % 101).ToList();
        library.AddPhotos(order.Take(order.Count * 2 / 3));
        new PeopleUpdater(library.Database).Update(new FaceSortClusterer(), cancellationToken: TestContext.Current.CancellationToken);
        var people = library.People.Summaries().Where(p => p.FaceCount >= 3).Select(p => p.Person).ToList();
        var (target, other) = (people[0], people[1]);
        var service = new CorrectionService(library.Database);
        var wrong = FacesOf(library, other.Id)[0];
        service.MoveFaces([wrong], target.Id);
        var before = FacesOf(library, target.Id);

        library.AddPhotos(order.Skip(order.Count * 2 / 3));
        new PeopleUpdater(library.Database).Update(new FaceSortClusterer(), cancellationToken: TestContext.Current.CancellationToken)
            .Method.ShouldBe("incremental+facesort");
        var placedSince = FacesOf(library, target.Id).Except(before).ToList();
        placedSince.ShouldNotBeEmpty("the run put new faces in the person");

        service.Undo().ShouldNotBeNull();

        var assignments = library.People.Assignments();
        assignments[wrong].PersonId.ShouldBe(other.Id, "the moved face is back where it was");
        foreach (var face in placedSince)
            assignments.TryGetValue(face, out var a).ShouldBeTrue($"face {face}, placed in the person by the run after the move, is in no person");
        FacesOf(library, target.Id).ShouldBe(before.Where(f => f != wrong).Concat(placedSince).Order().ToList());
    }

    [Fact]
    public void A_person_an_undo_brings_back_takes_a_new_folder_number_when_a_run_has_given_its_number_to_another()
    {
        // Found in the family-timeline QA: the newest Person_075 merged into Keira, a year of photos organized (the run's
        // new person took the freed number 75), then Undo: two people were Person_075, `rename Person_075` named either,
        // and the run's person's photos moved to a folder "Person_075 (2)".
        var library = new TestLibrary();
        using var _ = library;
        var order = Enumerable.Range(0, library.PhotoCount).OrderBy(i => (i * 7919) % 101).ToList();
        library.AddPhotos(order.Take(order.Count / 2));
        Clustering(library).Cluster(new FaceSortClusterer(), TestContext.Current.CancellationToken);
        var people = library.People.Summaries().Select(p => p.Person).ToList();
        var newest = people.MaxBy(p => p.Number)!;
        var target = people.First(p => p.Id != newest.Id);
        var service = new CorrectionService(library.Database);
        service.Merge(target.Id, [newest.Id]);
        library.AddPhotos(order.Skip(order.Count / 2));
        var assigned = library.People.Assignments();
        var group = library.Faces.AllPresent().Where(f => !assigned.ContainsKey(f.Id)).DistinctBy(f => f.PhotoId).Take(2).Select(f => f.Id).ToList();
        var made = library.People.AddAutomaticAssignments([], [group]).Single();
        library.People.Summaries().Single(p => p.Person.Id == made).Person.Number.ShouldBe(newest.Number, "what a run does: the freed number");

        service.Undo().ShouldNotBeNull();

        var after = library.People.Summaries().Select(p => p.Person).ToList();
        after.Select(p => p.Number).ShouldBeUnique();
        after.Single(p => p.Id == made).Number.ShouldBe(newest.Number, "the run's person keeps its folder");
        after.Single(p => p.Id == newest.Id).Number.ShouldBeGreaterThan(newest.Number);
        FacesOf(library, made).ShouldBe(group.Order().ToList());
    }

    [Fact]
    public void Undoing_a_move_after_a_run_removed_the_person_it_emptied_puts_the_faces_back_in_that_person()
    {
        // Every face of a person moved into another; the next run removes the emptied automatic person. The undo failed
        // on a foreign key (the faces' old person was gone), and so did every undo after it, since undo goes newest first.
        using var library = ClusteredLibrary();
        var summaries = library.People.Summaries();
        var (emptied, target) = (summaries[^1].Person, summaries[0].Person);
        var faces = FacesOf(library, emptied.Id);
        var service = new CorrectionService(library.Database);
        service.Rename(target.Id, "Alice").Changed.ShouldBeTrue();
        service.MoveFaces(faces, target.Id).Changed.ShouldBeTrue();
        Clustering(library).Cluster(new FaceSortClusterer(), TestContext.Current.CancellationToken);
        library.People.Summaries().ShouldNotContain(s => s.Person.Id == emptied.Id, "the run removes the emptied automatic person");

        service.Undo().ShouldNotBeNull();

        FacesOf(library, emptied.Id).ShouldBe(faces);
        var back = library.People.Summaries().Single(s => s.Person.Id == emptied.Id).Person;
        library.People.Summaries().Count(s => s.Person.Number == back.Number).ShouldBe(1, "its folder number is its own");
        service.Undo().ShouldNotBeNull("the action before it is undone too");
        library.People.Summaries().Single(s => s.Person.Id == target.Id).Person.Name.ShouldBeNull();
    }

    [Fact]
    public void Undoing_a_rejection_of_a_face_a_scan_has_removed_since_undoes_the_rest_of_it()
    {
        // "Not them" on two faces; the photo of one then became unreadable, and the scan removed its faces. The undo
        // failed on a foreign key (it put the gone face's assignment back) and blocked every undo after it.
        using var library = ClusteredLibrary();
        var person = library.People.Summaries().First(p => p.FaceCount >= 3).Person;
        var faces = FacesOf(library, person.Id);
        var photoOf = faces.ToDictionary(f => f, f => library.Faces.Get(f)!.PhotoId);
        var (gone, kept) = (faces[0], faces.First(f => photoOf[f] != photoOf[faces[0]]));
        var service = new CorrectionService(library.Database);
        service.RejectFaces([gone, kept], person.Id).Changed.ShouldBeTrue();
        var photos = new PhotoStore(library.Database);
        var photo = photos.All().Single(p => p.Id == photoOf[gone]);
        var root = photos.EnsureRoot("/photos");
        using (var writer = new ScanWriter(library.Database))
            writer.Write(PhotoScanResult.Failed(new PhotoFile(root, "/photos", photo.RelativePath, "/photos/" + photo.RelativePath, 1000, 2), null, "unreadable"));
        library.Faces.Get(gone).ShouldBeNull();

        service.Undo().ShouldNotBeNull();

        var assignments = library.People.Assignments();
        assignments[kept].PersonId.ShouldBe(person.Id);
        assignments.ContainsKey(gone).ShouldBeFalse();
        library.People.Rejections().ShouldNotContain(r => r.FaceId == kept);
    }

    [Fact]
    public void A_merged_person_put_back_by_an_undo_never_shares_its_folder_number_with_a_person_made_since()
    {
        // The person with the highest number merged away; a run then made a new person, which took the next number, the
        // merged one's. Undoing the merge put the merged person back with that number too: two Person_NNN of one number.
        using var library = new TestLibrary("lfw.tsv");
        // Photos are in the order of their people's names: the second half brings people the first run never saw.
        library.AddPhotos(Enumerable.Range(0, library.PhotoCount / 2));
        Clustering(library).Cluster(new FaceSortClusterer(), TestContext.Current.CancellationToken);
        var people = library.People.Summaries().Select(s => s.Person).ToList();
        var highest = people.MaxBy(p => p.Number)!;
        var service = new CorrectionService(library.Database);
        service.Merge(people.First(p => p.Id != highest.Id).Id, [highest.Id]).Changed.ShouldBeTrue();
        library.AddPhotos(Enumerable.Range(library.PhotoCount / 2, library.PhotoCount - library.PhotoCount / 2));
        Clustering(library).Cluster(new FaceSortClusterer(), TestContext.Current.CancellationToken);
        library.People.Summaries().ShouldContain(s => s.Person.Number == highest.Number, "a new person took the free number");

        service.Undo().ShouldNotBeNull();

        var numbers = library.People.Summaries().Select(s => s.Person.Number).ToList();
        numbers.Distinct().Count().ShouldBe(numbers.Count);
        library.People.Summaries().ShouldContain(s => s.Person.Id == highest.Id);
    }

    [Fact]
    public void A_person_an_undo_removed_never_lends_its_id_to_the_next_new_person()
    {
        // Found in the browser: after undoing a split, the next split made a person with the undone one's id, so the
        // old page's link opened someone else.
        using var library = ClusteredLibrary();
        var person = library.People.Summaries().First(p => p.FaceCount >= 2).Person;
        var faces = library.People.Assignments().Where(a => a.Value.PersonId == person.Id).Select(a => a.Key).Order().ToList();
        var service = new CorrectionService(library.Database);

        var first = service.Split(person.Id, [faces[0]]).PersonId!.Value;
        service.Undo().ShouldNotBeNull();
        library.People.Summaries().ShouldNotContain(p => p.Person.Id == first);
        var second = service.Split(person.Id, [faces[0]]).PersonId!.Value;

        second.ShouldNotBe(first);
        second.ShouldBeGreaterThan(first);
    }

    [Fact]
    public void A_name_too_long_or_with_invisible_characters_is_refused_whether_renaming_or_making_a_person()
    {
        using var library = ClusteredLibrary();
        var person = library.People.Summaries()[0].Person;
        var face = library.People.Assignments().First(a => a.Value.PersonId == person.Id).Key;
        var service = new CorrectionService(library.Database);
        var tooLong = new string('x', CorrectionService.MaxNameLength + 1);

        Should.Throw<ArgumentException>(() => service.Rename(person.Id, tooLong)).Message.ShouldContain("at most 200 characters");
        Should.Throw<ArgumentException>(() => service.MoveFaces([face], null, tooLong));
        Should.Throw<ArgumentException>(() => service.Rename(person.Id, "Shel\u200Bdon")).Message.ShouldContain("U+200B");
        Should.Throw<ArgumentException>(() => service.Rename(person.Id, "Shel\0don")).Message.ShouldContain("U+0000");
        service.Rename(person.Id, "Zoë Ångström-Ōkubo 李").Changed.ShouldBeTrue("letters of any script are names");
        service.Rename(person.Id, "  " + new string('y', CorrectionService.MaxNameLength) + "  ").Changed.ShouldBeTrue("the limit is on the trimmed name");
        library.People.Summaries().Single(p => p.Person.Id == person.Id).Person.Name!.Length.ShouldBe(CorrectionService.MaxNameLength);
    }

    [Fact]
    public void Another_persons_folder_name_is_refused_as_a_name_and_a_folder_name_resolves_before_a_given_name()
    {
        using var library = ClusteredLibrary();
        var people = library.People.Summaries().Select(p => p.Person).ToList();
        var service = new CorrectionService(library.Database);
        var second = $"Person_{people[1].Number:000}";

        Should.Throw<ArgumentException>(() => service.Rename(people[0].Id, second)).Message.ShouldContain($"folder name of person id {people[1].Id}");
        Should.Throw<ArgumentException>(() => service.Rename(people[0].Id, "person_999")).Message.ShouldContain("choose another name");
        service.Rename(people[0].Id, $"Person_{people[0].Number:000}").Changed.ShouldBeTrue("a person may keep its own folder name as its name");

        // A library where an older version let a smaller person be named after the second one's folder.
        using (var connection = library.Database.Connect())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "UPDATE people SET name = $n WHERE id = $id";
            command.Parameters.AddWithValue("$n", second);
            command.Parameters.AddWithValue("$id", people[^1].Id);
            command.ExecuteNonQuery();
        }
        new PersonResolver(library.People).Resolve(second).Id.ShouldBe(people[1].Id);
    }
}
