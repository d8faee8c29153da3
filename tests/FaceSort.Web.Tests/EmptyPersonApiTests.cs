using System.Net.Http.Json;

namespace FaceSort.Web.Tests;

/// <summary>
/// A person whose last face went (moved away by one person while another looks at the people) was still listed, a card
/// of "0 photos · 0 faces" with no face, whose page said "has no faces left, so they are no longer listed" and sent the
/// user back to the list holding it. The people listed are those with a face; Undo brings the person back.
/// </summary>
public sealed class EmptyPersonApiTests(WebServerFixture server) : IClassFixture<WebServerFixture>
{
    [Fact]
    public async Task A_person_whose_faces_all_moved_away_is_not_listed_until_an_undo_brings_them_back()
    {
        await server.UploadAndScanAsync();
        var people = await server.PeopleAsync();
        var (from, to) = (people[^1], people[0]);
        var faces = (await server.DetailAsync(from.Id)).Faces.Select(f => f.Id).ToArray();
        (await server.Client.PostAsJsonAsync("api/faces/move", new FacesRequest(faces, to.Id))).EnsureSuccessStatusCode();

        (await server.PeopleAsync()).ShouldNotContain(p => p.Id == from.Id);
        (await server.PeopleAsync(hidden: true)).ShouldNotContain(p => p.Id == from.Id);
        (await server.PeopleAsync()).ShouldAllBe(p => p.FaceCount > 0);

        (await server.Client.PostAsync("api/undo", null)).EnsureSuccessStatusCode();
        (await server.PeopleAsync()).Single(p => p.Id == from.Id).FaceCount.ShouldBe(faces.Length);
    }
}
