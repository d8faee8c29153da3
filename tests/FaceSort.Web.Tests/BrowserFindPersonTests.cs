using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace FaceSort.Web.Tests;

/// <summary>A library of 3,000 people (one class fixture): enough that the side list cannot show everyone.</summary>
public sealed class ThreeThousandPeople() : ManyPeopleLibrary(3_000);

/// <summary>
/// The person page's "find a person" box in chromium on 3,000 people: the side list and "Move selected faces to" hold
/// the 200 largest, typing narrows both to the matches (accents and case aside), a face dropped on a match lands there,
/// and the keyboard reaches a match (Down or Tab) and moves the selected faces with Enter; Escape clears the box; after
/// a move the keyboard stays in the box, or on the next face. The photo page's "Move this face to" finds people the
/// same way.
/// </summary>
public sealed class BrowserFindPersonTests(ThreeThousandPeople library) : IClassFixture<ThreeThousandPeople>
{
    private const string Zoe = "Zoë Quist";
    private const string Ana = "Ana Lucía Ortega";
    private static readonly SemaphoreSlim Ready = new(1, 1);

    [Fact]
    public async Task Typing_leaves_only_the_match_and_a_face_dropped_on_it_lands_there()
    {
        var (people, zoe, _) = await PrepareAsync();
        var from = people[0];
        await BrowseAsync("failure-find-drop", async (chromium, page) =>
        {
            await OpenPersonAsync(page, from.Id);
            var entries = page.Locator("#target-list .person-target");
            (await entries.CountAsync()).ShouldBe(200, "the 200 largest are listed, not 2,999");
            (await page.Locator("#move-target option").CountAsync()).ShouldBe(201, "the same 200 and '+ new person'");
            (await page.Locator("#targets-count").TextContentAsync()).ShouldBe("The 200 largest of 2,999 people: type a name to find the others.");
            (await page.Locator($".person-target[data-person-id='{zoe.Id}']").CountAsync()).ShouldBe(0, "the smallest person is not among them");

            // Typed key by key, without the accent: only Zoë is left, in the list and in the select.
            await page.Locator("#person-filter").PressSequentiallyAsync("zoe");
            await page.Locator("#targets-count", new() { HasText = "1 person matches." }).WaitForAsync();
            (await entries.AllTextContentsAsync()).ShouldBe([$"{Zoe} (1)"]);
            (await page.Locator("#move-target option").AllTextContentsAsync()).ShouldBe([$"{Zoe} (1)", "+ new person"]);
            (await page.Locator("#move-target").InputValueAsync()).ShouldBe(Id(zoe.Id));
            await chromium.ShotAsync("f1-find-person");

            var face = await FaceIdAsync(page.Locator(".face").First);
            await page.Locator(".face img").First.DragToAsync(entries.First);
            await page.Locator($".face[data-face-id='{face}']").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            (await DetailAsync(zoe.Id)).Faces.Select(f => f.Id).ShouldContain(face);
            // The page is drawn again after the move with the box as it was typed, so the next face can follow.
            await entries.Filter(new() { HasText = $"{Zoe} (2)" }).WaitForAsync();
            (await page.Locator("#person-filter").InputValueAsync()).ShouldBe("zoe");
            (await entries.CountAsync()).ShouldBe(1);

            // Escape clears the box: the 200 largest again.
            await page.Locator("#person-filter").PressAsync("Escape");
            (await page.Locator("#person-filter").InputValueAsync()).ShouldBe("");
            (await entries.CountAsync()).ShouldBe(200);

            // How long one key takes with 2,999 people (filter, list, select and the layout after), written for the docs.
            var keys = await page.EvaluateAsync<double[]>("""
                () => ['p', 'pe', 'per', 'perso', 'person_', 'person_1', 'person_12', 'person_123', 'z', 'zo', 'zoe', ''].map(text => {
                  const box = document.getElementById('person-filter');
                  const start = performance.now();
                  box.value = text;
                  box.dispatchEvent(new Event('input'));
                  document.body.offsetHeight;
                  return performance.now() - start;
                })
                """);
            var json = JsonSerializer.Serialize(new { people = library.PeopleCount, keyMs = keys.Select(k => Math.Round(k, 1)), maxMs = Math.Round(keys.Max(), 1) });
            TestContext.Current.TestOutputHelper?.WriteLine(json);
            await File.WriteAllTextAsync(Path.Combine(Chromium.Shots, "find-person-timings.json"), json);
        });
    }

    [Fact]
    public async Task The_keyboard_finds_a_person_and_moves_the_selected_face_there()
    {
        var (people, _, _) = await PrepareAsync();
        var (from, target, other) = (people[1], people[2500], people[2400]);
        await BrowseAsync("failure-find-keyboard", async (chromium, page) =>
        {
            await OpenPersonAsync(page, from.Id);
            // Select a face, Tab to the box, type a Person_NNN that is not among the 200 listed, Down, Enter.
            var face = await SelectFaceByKeyboardAsync(page);
            await Chromium.TabToAsync(page, "document.activeElement.id === 'person-filter'");
            await page.Keyboard.TypeAsync(target.DisplayName);
            await page.Locator("#targets-count", new() { HasText = "1 person matches." }).WaitForAsync();
            await page.Keyboard.PressAsync("ArrowDown");
            (await page.EvaluateAsync<string>("document.activeElement.dataset.personId")).ShouldBe(Id(target.Id));
            await chromium.ShotAsync("f2-find-person-keyboard");
            await page.Keyboard.PressAsync("Enter");
            await page.Locator($".face[data-face-id='{face}']").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            (await DetailAsync(target.Id)).Faces.Select(f => f.Id).ShouldContain(face);
            // The page is drawn again with the keyboard back in the box it was used from, what was typed still there.
            (await page.EvaluateAsync<string>("document.activeElement.id")).ShouldBe("person-filter");
            (await page.Locator("#person-filter").InputValueAsync()).ShouldBe(target.DisplayName);
            await chromium.ShotAsync("f4-find-person-after-move");

            // The other way: Escape clears what is still typed, type another name, Tab to "Move selected faces to"
            // (it holds the match), Tab to Move, Enter.
            face = await SelectFaceByKeyboardAsync(page);
            await Chromium.TabToAsync(page, "document.activeElement.id === 'person-filter'");
            (await page.Locator("#person-filter").InputValueAsync()).ShouldBe(target.DisplayName);
            await page.Keyboard.PressAsync("Escape");
            (await page.Locator("#person-filter").InputValueAsync()).ShouldBe("");
            await page.Keyboard.TypeAsync(other.DisplayName.ToLowerInvariant());
            await page.Locator("#targets-count", new() { HasText = "1 person matches." }).WaitForAsync();
            await page.Keyboard.PressAsync("Tab");
            (await page.EvaluateAsync<string>("document.activeElement.id")).ShouldBe("move-target");
            (await page.Locator("#move-target").InputValueAsync()).ShouldBe(Id(other.Id));
            await page.Keyboard.PressAsync("Tab");
            (await page.EvaluateAsync<string>("document.activeElement.id")).ShouldBe("move-selected");
            await page.Keyboard.PressAsync("Enter");
            await page.Locator($".face[data-face-id='{face}']").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            (await DetailAsync(other.Id)).Faces.Select(f => f.Id).ShouldContain(face);
            (await page.EvaluateAsync<string>("document.activeElement.id")).ShouldBe("person-filter");

            // Up from the first person listed goes back to the box; Escape in the list clears the box and goes there.
            await Chromium.TabToAsync(page, "document.activeElement.id === 'person-filter'");
            await page.Keyboard.PressAsync("Enter");
            (await page.EvaluateAsync<string>("document.activeElement.dataset.personId")).ShouldBe(Id(other.Id));
            await page.Keyboard.PressAsync("ArrowUp");
            (await page.EvaluateAsync<string>("document.activeElement.id")).ShouldBe("person-filter");
            await page.Keyboard.PressAsync("ArrowDown");
            await page.Keyboard.PressAsync("Escape");
            (await page.EvaluateAsync<string>("document.activeElement.id")).ShouldBe("person-filter");
            (await page.Locator("#target-list .person-target").CountAsync()).ShouldBe(200);
        });
    }

    [Fact]
    public async Task Without_the_box_a_keyboard_move_leaves_the_keyboard_on_the_next_face()
    {
        var (people, _, _) = await PrepareAsync();
        var from = people[5];
        var before = (await DetailAsync(from.Id)).Faces.Select(f => f.Id).ToList();
        before.Count.ShouldBe(3);
        await BrowseAsync("failure-find-next-face", async (chromium, page) =>
        {
            await OpenPersonAsync(page, from.Id);
            // The first face selected, Tab on to Move ("Move selected faces to" holds the largest person), Enter: the
            // keyboard is on the face that took its place, so Space selects the next one straight away.
            (await SelectFaceByKeyboardAsync(page)).ShouldBe(before[0]);
            await Chromium.TabToAsync(page, "document.activeElement.id === 'move-selected'");
            await page.Keyboard.PressAsync("Enter");
            await page.Locator($".face[data-face-id='{before[0]}']").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            (await page.EvaluateAsync<string>("document.activeElement.closest('.face')?.dataset.faceId ?? document.activeElement.tagName"))
                .ShouldBe(Id(before[1]));
            await chromium.ShotAsync("f5-find-person-next-face");

            // Space on it, then Enter on a person in the side list (the box empty): the keyboard is on the last face.
            await page.Keyboard.PressAsync("Space");
            await Chromium.TabToAsync(page, "document.activeElement.matches('#target-list .person-target')");
            var to = await page.EvaluateAsync<string>("document.activeElement.dataset.personId");
            await page.Keyboard.PressAsync("Enter");
            await page.Locator($".face[data-face-id='{before[1]}']").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            (await DetailAsync(long.Parse(to, CultureInfo.InvariantCulture))).Faces.Select(f => f.Id).ShouldContain(before[1]);
            (await page.EvaluateAsync<string>("document.activeElement.closest('.face')?.dataset.faceId ?? document.activeElement.tagName"))
                .ShouldBe(Id(before[2]));
        });
    }

    [Fact]
    public async Task The_photo_pages_move_dialog_finds_a_person_by_typing_and_Enter_moves_the_face_there()
    {
        var (people, _, ana) = await PrepareAsync();
        var from = people[10];
        var face = (await DetailAsync(from.Id)).Faces[0];
        var ids = people.Select(p => p.Id).ToHashSet();
        await BrowseAsync("failure-find-photo-dialog", async (chromium, page) =>
        {
            var moves = 0;
            page.Request += (_, request) => { if (request.Url.EndsWith("/api/faces/move", StringComparison.Ordinal)) Interlocked.Increment(ref moves); };
            await page.GotoAsync(library.BaseAddress + $"#/photo/{face.PhotoId}");
            var box = page.Locator($".box[data-face-id='{face.Id}']");
            await box.FocusAsync();
            await box.PressAsync("Enter");

            // It opens with the keyboard in its box, on the 200 largest of the 2,999 others, not on 3,000 options.
            await page.Locator("#reassign[open]").WaitForAsync();
            (await page.EvaluateAsync<string>("document.activeElement.id")).ShouldBe("reassign-filter");
            (await page.Locator("#reassign-title").TextContentAsync()).ShouldBe($"Move this face of {from.DisplayName} to:");
            // The people are asked for as it opens: listed once they are here.
            await page.Locator("#reassign-count", new() { HasText = "The 200 largest of 2,999 people: type a name to find the others." }).WaitForAsync();
            var entries = page.Locator("#reassign-list .person-target");
            (await entries.CountAsync()).ShouldBe(200);
            (await page.Locator($"#reassign-list .person-target[data-person-id='{from.Id}']").CountAsync()).ShouldBe(0, "not the face's own person");
            await chromium.ShotAsync("f6a-move-dialog-open");

            // Part of a name, without its accent, key by key: only Ana; Enter goes to her, Enter moves the face there.
            await page.Keyboard.TypeAsync("lucia");
            await page.Locator("#reassign-count", new() { HasText = "1 person matches." }).WaitForAsync();
            (await entries.AllTextContentsAsync()).ShouldBe([$"{Ana} (1)"]);
            (await page.Locator("#reassign-new").IsVisibleAsync()).ShouldBeTrue("+ new person stays");
            await chromium.ShotAsync("f6b-move-dialog-typed");
            await page.Keyboard.PressAsync("Enter");
            (await page.EvaluateAsync<string>("document.activeElement.dataset.personId")).ShouldBe(Id(ana.Id));
            await page.Keyboard.PressAsync("Enter");
            await page.Locator($".box[data-face-id='{face.Id}'] span", new() { HasText = Ana }).WaitForAsync();
            (await DetailAsync(ana.Id)).Faces.Select(f => f.Id).ShouldContain(face.Id);
            await page.WaitForFunctionAsync($"document.activeElement.dataset.faceId === '{face.Id}'");
            moves.ShouldBe(1);

            // Opened again: what was typed is there, selected; Escape closes it with no move, the keyboard on the box.
            await page.Keyboard.PressAsync("Enter");
            await page.Locator("#reassign[open]").WaitForAsync();
            (await page.EvaluateAsync<string>("(b => `${b.value}|${b.selectionStart}-${b.selectionEnd}`)(document.getElementById('reassign-filter'))"))
                .ShouldBe("lucia|0-5");
            await page.Keyboard.PressAsync("Escape");
            await page.Locator("#reassign[open]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            (await page.EvaluateAsync<string>("document.activeElement.dataset.faceId")).ShouldBe(Id(face.Id));
            await page.WaitForTimeoutAsync(300);
            moves.ShouldBe(1);

            // A name nobody has: Down goes to "+ new person", Enter starts one with the face (Undo takes it back).
            await page.Keyboard.PressAsync("Space");
            await page.Locator("#reassign[open]").WaitForAsync();
            await page.Keyboard.TypeAsync("nobody at all");
            await page.Locator("#reassign-count", new() { HasText = "Nobody matches “nobody at all”." }).WaitForAsync();
            (await entries.CountAsync()).ShouldBe(0);
            await page.Keyboard.PressAsync("ArrowDown");
            (await page.EvaluateAsync<string>("document.activeElement.id")).ShouldBe("reassign-new");
            await page.Keyboard.PressAsync("Enter");
            await page.Locator($".box[data-face-id='{face.Id}'] span", new() { HasText = Ana }).WaitForAsync(new() { State = WaitForSelectorState.Detached });
            var moved = (await library.Client.GetFromJsonAsync<PhotoView>($"api/photos/{face.PhotoId}", JsonSerializerOptions.Web))!.Faces.Single(f => f.Id == face.Id);
            ids.ShouldNotContain(moved.PersonId!.Value);
            (await library.Client.PostAsync("api/undo", null)).EnsureSuccessStatusCode();
            (await DetailAsync(ana.Id)).Faces.Select(f => f.Id).ShouldContain(face.Id);
        });
    }

    [Fact]
    public async Task At_phone_width_the_box_its_matches_and_the_move_dialog_fit_the_window()
    {
        var (people, zoe, _) = await PrepareAsync();
        var face = (await DetailAsync(people[3].Id)).Faces[0];
        await BrowseAsync("failure-find-phone", async (chromium, page) =>
        {
            await OpenPersonAsync(page, people[2].Id);
            await page.Locator("#person-filter").FillAsync("zo");
            await page.Locator($"#target-list .person-target[data-person-id='{zoe.Id}']").WaitForAsync();
            await page.Locator("#person-filter").ScrollIntoViewIfNeededAsync();
            (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
            await chromium.ShotAsync("f3-find-person-phone");

            // A face moved by keyboard at this width: the box (under the faces here) has the focus again, in view.
            await page.Locator("#person-filter").FillAsync("");
            var moved = await FaceIdAsync(page.Locator(".face").First);
            await page.Locator(".face img").First.PressAsync("Space");
            await page.Locator("#person-filter").FocusAsync();
            await page.Keyboard.TypeAsync(people[2600].DisplayName);
            await page.Keyboard.PressAsync("Enter");
            await page.Keyboard.PressAsync("Enter");
            await page.Locator($".face[data-face-id='{moved}']").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            (await page.EvaluateAsync<string>("document.activeElement.id")).ShouldBe("person-filter");
            (await page.EvaluateAsync<bool>("(r => r.top >= 0 && r.bottom <= innerHeight && r.right <= innerWidth)(document.activeElement.getBoundingClientRect())"))
                .ShouldBeTrue("the box with the focus is in view");
            (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);

            // "Move this face to" on the photo page: the dialog, its box and its 200 entries inside the window, before
            // and after typing; Escape closes it.
            await page.GotoAsync(library.BaseAddress + $"#/photo/{face.PhotoId}");
            // (This library's faces share one box per photo, so the box is opened by its key, not a tap.)
            await page.Locator($".box[data-face-id='{face.Id}']").PressAsync("Enter");
            await page.Locator("#reassign-count", new() { HasText = "The 200 largest" }).WaitForAsync();
            (await page.Locator("#reassign-list .person-target").CountAsync()).ShouldBe(200);
            const string Inside = """
                () => [document.getElementById('reassign'), ...document.querySelectorAll('#reassign *')]
                  .map(e => e.getBoundingClientRect()).filter(r => r.width > 0)
                  .every(r => r.left >= 0 && r.right <= innerWidth)
                """;
            (await page.EvaluateAsync<bool>(Inside)).ShouldBeTrue("the dialog and everything in it inside the 390 px window");
            await page.Keyboard.TypeAsync("zo");
            await page.Locator($"#reassign-list .person-target[data-person-id='{zoe.Id}']").WaitForAsync();
            (await page.EvaluateAsync<bool>(Inside)).ShouldBeTrue("typed in");
            (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
            await chromium.ShotAsync("f7-move-dialog-phone");
            await page.Keyboard.PressAsync("Escape");
            await page.Locator("#reassign[open]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        }, width: 390, height: 844);
    }

    /// <summary>
    /// Names the smallest person "Zoë Quist" and the smallest unnamed one after her "Ana Lucía Ortega", once; returns the
    /// people, largest first, and them.
    /// </summary>
    private async Task<(List<PersonCard> People, PersonCard Zoe, PersonCard Ana)> PrepareAsync()
    {
        Assert.SkipUnless(File.Exists(Chromium.Executable), "chromium is not installed (apt-get install chromium)");
        await Ready.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            var people = await PeopleAsync();
            if (!people.Any(p => p.Name == Zoe))
            {
                (await library.Client.PostAsJsonAsync($"api/people/{people[^1].Id}/rename", new RenameRequest(Zoe))).EnsureSuccessStatusCode();
                people = await PeopleAsync();
            }
            if (!people.Any(p => p.Name == Ana))
            {
                (await library.Client.PostAsJsonAsync($"api/people/{people.Last(p => p.Name is null).Id}/rename", new RenameRequest(Ana))).EnsureSuccessStatusCode();
                people = await PeopleAsync();
            }
            return (people, people.Single(p => p.Name == Zoe), people.Single(p => p.Name == Ana));
        }
        finally
        {
            Ready.Release();
        }
    }

    private async Task<List<PersonCard>> PeopleAsync() =>
        (await library.Client.GetFromJsonAsync<List<PersonCard>>("api/people?hidden=true", JsonSerializerOptions.Web))!;

    private async Task<PersonDetail> DetailAsync(long personId) =>
        (await library.Client.GetFromJsonAsync<PersonDetail>($"api/people/{personId}", JsonSerializerOptions.Web))!;

    private Task BrowseAsync(string failureShot, Func<Chromium, IPage, Task> walk, int width = 1280, int height = 860) =>
        Chromium.BrowseAsync(library.BaseAddress, failureShot, walk, width, height);

    private Task OpenPersonAsync(IPage page, long personId) => Chromium.OpenPersonAsync(page, library.BaseAddress, personId);

    /// <summary>Tabs to the first face and selects it with Space; returns its id.</summary>
    private static async Task<long> SelectFaceByKeyboardAsync(IPage page)
    {
        await Chromium.TabToAsync(page, "document.activeElement.matches('.face img')");
        var face = long.Parse(await page.EvaluateAsync<string>("document.activeElement.closest('.face').dataset.faceId"), CultureInfo.InvariantCulture);
        await page.Keyboard.PressAsync("Space");
        (await page.Locator($".face[data-face-id='{face}'] img").GetAttributeAsync("aria-checked")).ShouldBe("true");
        return face;
    }

    private static async Task<long> FaceIdAsync(ILocator face) =>
        long.Parse((await face.GetAttributeAsync("data-face-id"))!, CultureInfo.InvariantCulture);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
