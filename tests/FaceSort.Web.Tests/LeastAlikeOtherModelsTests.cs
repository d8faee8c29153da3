using System.Net.Http.Json;
using System.Text.Json;
using FaceSort.Core.Library;

namespace FaceSort.Web.Tests;

/// <summary>
/// Least alike first in a library part-way through a change of models: faces another embedder made cannot be compared
/// with the rest, so they come last, without a likeness, and the page says "not compared" on them.
/// </summary>
public sealed class LeastAlikeOtherModelsTests(WebServerFixture server) : IClassFixture<WebServerFixture>
{
    [Fact]
    public async Task Faces_of_other_models_come_last_without_a_likeness()
    {
        var (amy, intruders) = await server.PennysFacesInAmyAsync(2);
        // Two of Amy's own faces as an earlier embedder left them (their photos not scanned again yet).
        var own = (await server.DetailAsync(amy.Id)).Faces.Select(f => f.Id).Except(intruders).Take(2).ToArray();
        using (var connection = LibraryDatabase.Open(server.LibraryDirectory).Connect())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"UPDATE faces SET embedder = 'an-older-embedder' WHERE id IN ({string.Join(",", own)})";
            command.ExecuteNonQuery().ShouldBe(2);
        }

        var faces = (await server.Client.GetFromJsonAsync<PersonDetail>($"api/people/{amy.Id}?order=least-alike", JsonSerializerOptions.Web))!.Faces;

        faces.Count.ShouldBe(7);
        faces.Take(2).Select(f => f.Id).ShouldBe(intruders, ignoreOrder: true);
        faces.TakeLast(2).Select(f => f.Id).ShouldBe(own.Order());
        faces.TakeLast(2).ShouldAllBe(f => f.Likeness == null);
        faces.SkipLast(2).ShouldAllBe(f => f.Likeness != null);

        // The page says so on those two, and only there.
        await Chromium.BrowseAsync(server.BaseAddress, "failure-least-alike-other-models", async (_, page) =>
        {
            await page.GotoAsync(server.BaseAddress + $"#/person/{amy.Id}/least-alike");
            await page.WaitForFunctionAsync("() => document.querySelectorAll('.faces .face').length === 7");
            (await page.EvaluateAsync<long[]>("() => [...document.querySelectorAll('.face')].filter(f => f.querySelector('.uncompared')).map(f => Number(f.dataset.faceId))"))
                .ShouldBe(own.Order());
        });
    }
}
