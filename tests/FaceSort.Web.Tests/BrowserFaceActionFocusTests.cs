using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace FaceSort.Web.Tests;

/// <summary>A library of 300 people (one class fixture): the largest have three faces each.</summary>
public sealed class ThreeHundredPeople() : ManyPeopleLibrary(300);

/// <summary>
/// "Not them" and "Card face" on the person page, in chromium: pressed from the keyboard, the page is drawn again with
/// the keyboard on the same button of the face then in that place (the next face's "Not them" once the face has gone,
/// the last face's if it was the last; the same face's "Card face"), as a keyboard move does; clicked, they leave the
/// focus alone (it is on the page's body once the page is drawn again), as a click on a move does.
/// </summary>
public sealed class BrowserFaceActionFocusTests(ThreeHundredPeople library) : IClassFixture<ThreeHundredPeople>
{
    // The focused element as "face id, class of the control", or its tag name outside the face tiles.
    private const string Focused =
        "(e => e.closest('.face') ? `${e.closest('.face').dataset.faceId} ${e.className}` : e.tagName)(document.activeElement)";

    [Fact]
    public async Task From_the_keyboard_Not_them_and_Card_face_leave_it_on_the_face_in_that_place()
    {
        var person = (await PeopleAsync())[0];
        var faces = await FaceIdsAsync(person.Id);
        faces.Count.ShouldBe(3);
        await Chromium.BrowseAsync(library.BaseAddress, "failure-face-action-focus", async (chromium, page) =>
        {
            await Chromium.OpenPersonAsync(page, library.BaseAddress, person.Id);
            // Tab to the first face's "Not them", Enter: the face leaves the person and the keyboard is on the next
            // face's "Not them", so Enter again would answer for that one.
            await Chromium.TabToAsync(page, ControlOf(faces[0], "not-this"));
            await DrawnAgainAfterAsync(page, () => page.Keyboard.PressAsync("Enter"));
            (await FaceIdsAsync(person.Id)).ShouldBe(faces[1..]);
            (await page.EvaluateAsync<string>(Focused)).ShouldBe($"{faces[1]} not-this");
            await chromium.ShotAsync("a1-not-them-keyboard");

            // Tab on to its "Card face", Space: it is the person's card face and the keyboard is still on that button.
            await page.Keyboard.PressAsync("Tab");
            (await page.EvaluateAsync<string>(Focused)).ShouldBe($"{faces[1]} card-face");
            await DrawnAgainAfterAsync(page, () => page.Keyboard.PressAsync("Space"));
            (await PeopleAsync()).Single(p => p.Id == person.Id).FaceId.ShouldBe(faces[1]);
            (await page.EvaluateAsync<string>(Focused)).ShouldBe($"{faces[1]} card-face");

            // "Not them" on the last face: the keyboard is on the face that is now last.
            await Chromium.TabToAsync(page, ControlOf(faces[2], "not-this"));
            await DrawnAgainAfterAsync(page, () => page.Keyboard.PressAsync("Enter"));
            (await FaceIdsAsync(person.Id)).ShouldBe([faces[1]]);
            (await page.EvaluateAsync<string>(Focused)).ShouldBe($"{faces[1]} not-this");
        });
    }

    [Fact]
    public async Task Clicked_Not_them_and_Card_face_leave_the_focus_alone()
    {
        var person = (await PeopleAsync())[1];
        var faces = await FaceIdsAsync(person.Id);
        faces.Count.ShouldBe(3);
        await Chromium.BrowseAsync(library.BaseAddress, "failure-face-action-click", async (chromium, page) =>
        {
            await Chromium.OpenPersonAsync(page, library.BaseAddress, person.Id);
            await DrawnAgainAfterAsync(page, () => Button(page, faces[1], "Card face").ClickAsync());
            (await PeopleAsync()).Single(p => p.Id == person.Id).FaceId.ShouldBe(faces[1]);
            (await page.EvaluateAsync<string>(Focused)).ShouldBe("BODY");
            await DrawnAgainAfterAsync(page, () => Button(page, faces[0], "Not them").ClickAsync());
            (await FaceIdsAsync(person.Id)).ShouldBe(faces[1..]);
            (await page.EvaluateAsync<string>(Focused)).ShouldBe("BODY");
        });
    }

    private static ILocator Button(IPage page, long faceId, string text) =>
        page.Locator($".face[data-face-id='{faceId}'] button", new() { HasText = text });

    private static string ControlOf(long faceId, string className) =>
        $"document.activeElement.matches(\".face[data-face-id='{faceId}'] .{className}\")";

    /// <summary>Runs <paramref name="action"/> and waits until the person page has been drawn again after it.</summary>
    private static async Task DrawnAgainAfterAsync(IPage page, Func<Task> action)
    {
        await page.EvaluateAsync("document.querySelector('.faces').dataset.old = 'yes'");
        await action();
        await page.WaitForFunctionAsync("document.querySelector('.faces') !== null && document.querySelector('.faces[data-old]') === null");
    }

    private async Task<List<PersonCard>> PeopleAsync() =>
        (await library.Client.GetFromJsonAsync<List<PersonCard>>("api/people?hidden=true", JsonSerializerOptions.Web))!;

    private async Task<List<long>> FaceIdsAsync(long personId) =>
        (await library.Client.GetFromJsonAsync<PersonDetail>($"api/people/{personId}", JsonSerializerOptions.Web))!.Faces.Select(f => f.Id).ToList();
}
