using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FaceSort.Core.Library;
using Microsoft.Playwright;

namespace FaceSort.Web.Tests;

/// <summary>
/// A stranger's photo saved three times (the original, a darker copy, a smaller recompressed one) beside the fixture's
/// four named people: its three faces stay unassigned, and the suggestions page asks one question for them, says so
/// ("and 2 copies"), and one answer covers all three. Each test scans its own library.
/// </summary>
public sealed class SuggestionCopiesTests : IAsyncLifetime
{
    private readonly WebServerFixture _server = new();

    public ValueTask InitializeAsync() => _server.InitializeAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task The_answer_to_a_suggestion_covers_its_copies_and_every_copy_must_exist()
    {
        var copies = await ScanThreeCopiesOfAStrangersPhotoAsync();
        var suggestion = (await SuggestionsAsync()).Faces.Single(f => copies.Contains(f.FaceId));
        suggestion.Copies.Prepend(suggestion.FaceId).Order().ShouldBe(copies);
        var corrections = await CorrectionCountAsync();

        var unknownCopy = await _server.Client.PostAsJsonAsync("api/suggestions/reject",
            new SuggestionDecision(suggestion.FaceId, suggestion.PersonId, [.. suggestion.Copies, 999_999]));
        unknownCopy.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknownCopy.Content.ReadAsStringAsync()).ShouldContain("999999");
        (await CorrectionCountAsync()).ShouldBe(corrections, "nothing is answered when a copy is unknown");

        // No: none of the three is offered that person again.
        (await _server.Client.PostAsJsonAsync("api/suggestions/reject", new SuggestionDecision(suggestion.FaceId, suggestion.PersonId, suggestion.Copies)))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = (await SuggestionsAsync()).Faces.Where(f => copies.Contains(f.FaceId) || f.Copies.Any(copies.Contains)).ToList();
        after.ShouldNotBeEmpty("offered the next best named person instead");
        after.ShouldAllBe(f => f.PersonId != suggestion.PersonId);
        (await CorrectionCountAsync()).ShouldBe(corrections + 1, "one answer, one correction");
    }

    [Fact]
    public async Task A_copy_placed_by_hand_after_the_page_asked_keeps_its_person_whatever_the_answer()
    {
        var copies = await ScanThreeCopiesOfAStrangersPhotoAsync();
        var suggestion = (await SuggestionsAsync()).Faces.Single(f => copies.Contains(f.FaceId));
        var placed = suggestion.Copies[0];
        var other = (await _server.PeopleAsync()).First(p => p.Id != suggestion.PersonId).Id;

        // Yes on the row the page still shows, after the user put one copy into someone else (another tab, the person page).
        (await _server.Client.PostAsJsonAsync("api/faces/move", new FacesRequest([placed], other))).EnsureSuccessStatusCode();
        (await _server.Client.PostAsJsonAsync("api/suggestions/confirm", new SuggestionDecision(suggestion.FaceId, suggestion.PersonId, suggestion.Copies)))
            .EnsureSuccessStatusCode();
        (await _server.DetailAsync(other)).Faces.Select(f => f.Id).ShouldContain(placed);
        (await _server.DetailAsync(suggestion.PersonId)).Faces.Select(f => f.Id).Where(copies.Contains).Order()
            .ShouldBe(copies.Where(id => id != placed), "the copies still unassigned are answered");

        // No, after the user put a copy into the very person the row proposes.
        (await _server.Client.PostAsync("api/undo", null)).EnsureSuccessStatusCode();
        (await _server.Client.PostAsJsonAsync("api/faces/move", new FacesRequest([placed], suggestion.PersonId))).EnsureSuccessStatusCode();
        (await _server.Client.PostAsJsonAsync("api/suggestions/reject", new SuggestionDecision(suggestion.FaceId, suggestion.PersonId, suggestion.Copies)))
            .EnsureSuccessStatusCode();
        (await _server.DetailAsync(suggestion.PersonId)).Faces.Select(f => f.Id).Where(copies.Contains).ShouldBe([placed]);
    }

    [Fact]
    public async Task The_page_says_how_many_copies_a_face_has_and_yes_moves_them_all()
    {
        Assert.SkipUnless(File.Exists(Chromium.Executable), "chromium is not installed (apt-get install chromium)");
        var copies = await ScanThreeCopiesOfAStrangersPhotoAsync();
        var suggestion = (await SuggestionsAsync()).Faces.Single(f => copies.Contains(f.FaceId));
        await Chromium.BrowseAsync(_server.BaseAddress, "failure-suggestion-copies", async (chromium, page) =>
        {
            await page.GotoAsync(_server.BaseAddress + "#/suggestions");
            var row = page.Locator($".suggestion[data-face-id='{suggestion.FaceId}']");
            await row.WaitForAsync();
            (await row.Locator(".copies").InnerTextAsync()).ShouldBe("and 2 copies");
            await chromium.ShotAsync("s1-suggestion-copies");
            await row.FocusAsync();
            await page.Locator($".suggestion.current[data-face-id='{suggestion.FaceId}']").WaitForAsync();
            await page.Keyboard.PressAsync("y");
            await row.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        });

        (await _server.DetailAsync(suggestion.PersonId)).Faces.Select(f => f.Id).Where(copies.Contains).Order().ShouldBe(copies);
        (await _server.Client.PostAsync("api/undo", null)).EnsureSuccessStatusCode();
        (await _server.DetailAsync(suggestion.PersonId)).Faces.ShouldNotContain(f => copies.Contains(f.Id), "one answer is one undo");
    }

    // The four fixture people, named, and three copies of raj1 (nobody in the fixture) as an editor and a chat app
    // would save them; returns the copies' face ids, ascending, after checking that clustering left them unassigned.
    private async Task<List<long>> ScanThreeCopiesOfAStrangersPhotoAsync()
    {
        await _server.UploadAndScanAsync();
        await _server.NameEveryoneAfterTheirFolderAsync();
        using var original = NetVips.Image.NewFromFile(Path.Combine(WebServerFixture.DataDirectory, "raj", "raj1.png"));
        using var opaque = original.HasAlpha() ? original.Flatten() : original.Copy();
        using var darker = (opaque * 0.75).Cast(NetVips.Enums.BandFormat.Uchar);
        using var smaller = opaque.Resize(0.85);
        await UploadAsync("saved/raj.png", opaque.PngsaveBuffer());
        await UploadAsync("saved/raj-darker.jpg", darker.JpegsaveBuffer(q: 90, keep: NetVips.Enums.ForeignKeep.None));
        await UploadAsync("saved/raj-chat.jpg", smaller.JpegsaveBuffer(q: 60, keep: NetVips.Enums.ForeignKeep.None));
        await _server.WaitForJobAsync(async () => (await _server.Client.PostAsync("api/uploads/scan", null)).EnsureSuccessStatusCode());

        var database = LibraryDatabase.Open(_server.LibraryDirectory);
        var saved = new PhotoStore(database).All().Where(p => p.RelativePath.StartsWith("saved/", StringComparison.Ordinal)).Select(p => p.Id).ToHashSet();
        var faces = new FaceStore(database).AllPresent().Where(f => saved.Contains(f.PhotoId)).Select(f => f.Id).Order().ToList();
        faces.Count.ShouldBe(3);
        new PeopleStore(database).Assignments().Keys.ShouldNotContain(id => faces.Contains(id), "a stranger's photo saved three times is no person");
        return faces;
    }

    private async Task UploadAsync(string path, byte[] bytes)
    {
        using var content = new ByteArrayContent(bytes);
        (await _server.Client.PutAsync($"api/uploads?path={Uri.EscapeDataString(path)}", content)).EnsureSuccessStatusCode();
    }

    private async Task<int> CorrectionCountAsync() => (await _server.Client.GetFromJsonAsync<JsonElement>("api/history")).GetArrayLength();

    private async Task<SuggestionsView> SuggestionsAsync() =>
        (await _server.Client.GetFromJsonAsync<SuggestionsView>("api/suggestions", JsonSerializerOptions.Web))!;
}
