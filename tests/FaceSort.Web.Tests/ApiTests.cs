using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FaceSort.Web.Tests;

/// <summary>The JSON API against a real server and library: upload → scan → people → fixes → zip, and bad input.</summary>
public sealed class ApiTests(WebServerFixture server) : IClassFixture<WebServerFixture>
{
    private HttpClient Client => server.Client;

    [Fact]
    public async Task Upload_scan_fix_and_download_work_through_the_api()
    {
        await server.UploadAndScanAsync();

        // Resumable: the server reports every uploaded file as already there.
        var candidates = WebServerFixture.Photos.Select(p => new UploadCandidate(p.Relative, new FileInfo(p.Full).Length,
            new DateTimeOffset(File.GetLastWriteTimeUtc(p.Full)).ToUnixTimeMilliseconds())).ToArray();
        var check = await (await Client.PostAsJsonAsync("api/uploads/check", new UploadCheckRequest(candidates)))
            .Content.ReadFromJsonAsync<UploadCheckResponse>(JsonSerializerOptions.Web);
        check!.Have.Length.ShouldBe(candidates.Length);

        var people = await server.PeopleAsync();
        people.Count.ShouldBeGreaterThanOrEqualTo(2);
        people.Sum(p => p.FaceCount).ShouldBeGreaterThanOrEqualTo(18); // 20 single-face crops; allow a miss or two
        people.ShouldBe(people.OrderByDescending(p => p.FaceCount).ToList()); // largest first

        // A card's face thumbnail is a JPEG cut from the photo.
        var thumbnail = await Client.GetAsync($"api/faces/{people[0].FaceId}/thumbnail");
        thumbnail.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        (await thumbnail.Content.ReadAsByteArrayAsync())[..2].ShouldBe(new byte[] { 0xFF, 0xD8 });

        // Rename, then move one face of the second person to the first.
        (await Client.PostAsJsonAsync($"api/people/{people[0].Id}/rename", new RenameRequest("Alice"))).EnsureSuccessStatusCode();
        var second = (await Client.GetFromJsonAsync<PersonDetail>($"api/people/{people[1].Id}", JsonSerializerOptions.Web))!;
        var moved = second.Faces[0].Id;
        (await Client.PostAsJsonAsync("api/faces/move", new FacesRequest([moved], people[0].Id))).EnsureSuccessStatusCode();
        var first = (await Client.GetFromJsonAsync<PersonDetail>($"api/people/{people[0].Id}", JsonSerializerOptions.Web))!;
        first.Person.DisplayName.ShouldBe("Alice");
        first.Faces.Select(f => f.Id).ShouldContain(moved);

        // The photo view names the face's new person.
        var photo = (await Client.GetFromJsonAsync<PhotoView>($"api/photos/{second.Faces[0].PhotoId}", JsonSerializerOptions.Web))!;
        photo.Faces.Single(f => f.Id == moved).PersonName.ShouldBe("Alice");

        // Zip: one folder per person in the export layout, plus faces.csv with the export header.
        var zipBytes = await Client.GetByteArrayAsync("api/export.zip");
        using var zip = new ZipArchive(new MemoryStream(zipBytes));
        var folders = zip.Entries.Where(e => e.FullName.Contains('/', StringComparison.Ordinal)).Select(e => e.FullName.Split('/')[0]).Distinct().ToList();
        folders.ShouldContain("Alice");
        zip.Entries.ShouldAllBe(e => !e.FullName.Contains("..", StringComparison.Ordinal) && !e.FullName.StartsWith('/'));
        using var csv = new StreamReader(zip.GetEntry("faces.csv")!.Open());
        (await csv.ReadLineAsync()).ShouldBe("photo,face_index,x,y,width,height,score,person,original");

        // One person's zip holds only that person's folder (and the CSV).
        using var personZip = new ZipArchive(new MemoryStream(await Client.GetByteArrayAsync($"api/export.zip?person={people[0].Id}")));
        personZip.Entries.Where(e => e.FullName != "faces.csv").ShouldAllBe(e => e.FullName.StartsWith("Alice/", StringComparison.Ordinal));
        zip.Entries.ShouldAllBe(e => !e.FullName.EndsWith(".xmp", StringComparison.Ordinal), "sidecars only when asked for");

        // Asked for, each of Alice's photos has a sidecar naming her where her face is; the unnamed people's have none.
        using var xmpZip = new ZipArchive(new MemoryStream(await Client.GetByteArrayAsync($"api/export.zip?person={people[0].Id}&xmp=true")));
        var alicePhotos = xmpZip.Entries.Where(e => e.FullName != "faces.csv" && !e.FullName.EndsWith(".xmp", StringComparison.Ordinal)).ToList();
        alicePhotos.Count.ShouldBe(personZip.Entries.Count(e => e.FullName != "faces.csv"));
        foreach (var entry in alicePhotos)
        {
            using var sidecar = new MemoryStream();
            await using (var stream = xmpZip.GetEntry(entry.FullName + ".xmp")!.Open()) await stream.CopyToAsync(sidecar);
            FaceSort.Core.Imaging.TaggedFaces.Parse(sidecar.ToArray(), orientation: 1).Select(f => f.Name).ShouldContain("Alice");
        }
        using var allXmp = new ZipArchive(new MemoryStream(await Client.GetByteArrayAsync("api/export.zip?xmp=true")));
        allXmp.Entries.Where(e => e.FullName.EndsWith(".xmp", StringComparison.Ordinal)).Select(e => e.FullName.Split('/')[0]).Distinct().ShouldBe(["Alice"]);

        // Merge the rest into Alice: one person left with all faces.
        var before = await server.PeopleAsync();
        var others = before.Where(p => p.Id != people[0].Id).Select(p => p.Id).ToArray();
        (await Client.PostAsJsonAsync("api/people/merge", new MergeRequest(people[0].Id, others))).EnsureSuccessStatusCode();
        var after = await server.PeopleAsync();
        after.Single().FaceCount.ShouldBe(before.Sum(p => p.FaceCount));

        // Undo brings the merged people back.
        (await Client.PostAsync("api/undo", null)).EnsureSuccessStatusCode();
        (await server.PeopleAsync()).Count.ShouldBe(before.Count);
    }

    public static TheoryData<string, string, string?> BadRequests => new()
    {
        { "GET", "api/people/987654", null },
        { "GET", "api/people/1?limit=0", null },
        { "GET", "api/people/987654/faces", null },
        { "GET", "api/people/1/faces?offset=-1", null },
        { "GET", "api/people/1/faces?limit=0", null },
        { "GET", "api/people/1/faces?limit=many", null },
        { "GET", "api/photos/987654/image", null },
        { "GET", "api/faces/987654/thumbnail", null },
        { "GET", "api/export.zip?person=987654", null },
        { "GET", "api/photos/abc", null },
        { "POST", "api/faces/move", "{}" },
        { "POST", "api/faces/move", "{\"faceIds\": \"x\"}" },
        { "POST", "api/faces/move", "not json" },
        { "POST", "api/faces/reject", "{\"faceIds\": [1]}" },
        { "POST", "api/people/merge", "{\"targetId\": 1}" },
        { "POST", "api/people/987654/rename", "{\"name\": \"X\"}" },
        { "POST", "api/people/987654/hide", null },
        { "POST", "api/people/hide-small", "{\"minFaces\": 0}" },
        { "POST", "api/scan", "{\"folder\": \"relative/path\"}" },
        { "POST", "api/scan", "{\"folder\": \"/no/such/folder\"}" },
        { "POST", "api/export", "{}" },
        { "POST", "api/export", "{\"folder\": \"/proc/version/out\"}" },
        { "POST", "api/export", "{\"folder\": \"/proc/out\"}" },
        { "POST", "api/uploads/check", "{}" },
        { "PUT", "api/uploads?path=../../etc/passwd", "x" },
        { "PUT", "api/uploads?path=notes.txt", "x" },
        { "PUT", "api/uploads", "x" },
        { "GET", "api/suggestions?limit=0", null },
        { "GET", "api/suggestions?limit=abc", null },
        { "GET", "api/suggestions?minConfidence=2", null },
        { "GET", "api/suggestions?minConfidence=NaN", null },
        { "POST", "api/suggestions/confirm", "{}" },
        { "POST", "api/suggestions/confirm", "{\"faceId\": 987654, \"personId\": 1}" },
        { "POST", "api/suggestions/reject", "{\"faceId\": 1}" },
        { "POST", "api/suggestions/reject", "{\"faceId\": -1, \"personId\": 1}" },
        { "POST", "api/suggestions/reject", "not json" },
        { "POST", "api/suggestions/confirm", "{\"faceId\": 1, \"personId\": 1, \"copies\": [null]}" },
        { "POST", "api/suggestions/reject", "{\"faceId\": 1, \"personId\": 1, \"copies\": \"x\"}" },
        { "POST", "api/jobs/987654/cancel", null },
        { "POST", "api/people/1/representative", "{\"faceId\": 987654}" },
        { "POST", "api/photos/987654/move", "{\"fromPersonId\": 1, \"toPersonId\": 2}" },
        { "GET", "api/people?hidden=maybe", null },
        { "PUT", "api/uploads?path=a.jpg&lastModified=abc", "x" },
        { "GET", "api/suggestions?limit=99999999999", null },
        { "POST", "api/uploads/check", "{\"files\": [null]}" },
        { "POST", "api/uploads/check", "{\"files\": [{\"path\": null, \"size\": -1, \"lastModified\": 0}]}" },
        { "POST", "api/jobs/abc/cancel", null },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_gets_a_clear_4xx_never_a_500(string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Client.SendAsync(request);
        ((int)response.StatusCode).ShouldBeInRange(400, 499, $"{method} {path}");
    }

    [Fact]
    public async Task Export_into_a_scanned_folder_is_refused_so_the_next_scan_does_not_read_its_copies()
    {
        var scanned = Directory.CreateTempSubdirectory("facesort-scanned-").FullName;
        try
        {
            await server.WaitForJobAsync(async () =>
                (await Client.PostAsJsonAsync("api/scan", new FolderRequest(scanned))).StatusCode.ShouldBe(HttpStatusCode.Accepted));
            foreach (var folder in new[] { scanned, scanned + "/", Path.Combine(scanned, "People") })
            {
                using var response = await Client.PostAsJsonAsync("api/export", new FolderRequest(folder));
                response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, folder);
                var error = await response.Content.ReadFromJsonAsync<ApiError>(JsonSerializerOptions.Web);
                error!.Error.ShouldContain("the next scan would read its own copies");
            }
            Directory.Exists(Path.Combine(scanned, "People")).ShouldBeFalse();
        }
        finally
        {
            Directory.Delete(scanned, recursive: true);
        }
    }

    [Fact]
    public async Task Errors_read_as_plain_sentences_without_the_dotnet_parameter_suffix()
    {
        using var response = await Client.PostAsJsonAsync("api/people/987654/rename", new RenameRequest("X"));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadFromJsonAsync<ApiError>(JsonSerializerOptions.Web))!.Error.ShouldBe("no person with id 987654");
    }

    [Fact]
    public async Task Uploaded_names_are_sanitised_into_the_upload_folder()
    {
        UploadStore.Sanitise("../../a/./b\\..\\c.jpg").ShouldBe("a/b/c.jpg");
        UploadStore.Sanitise("x\u0001y:z.JPG").ShouldBe("x_y_z.JPG");
        UploadStore.Sanitise("..").ShouldBeNull();
        UploadStore.Sanitise("script.js").ShouldBeNull();
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(WebServerFixture.Photos[0].Full));
        var response = await Client.PutAsync("api/uploads?path=" + Uri.EscapeDataString("../../../escape/me.jpg"), content);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        File.Exists(Path.Combine(server.LibraryDirectory, "uploads", "escape", "me.jpg")).ShouldBeTrue();
        File.Delete(Path.Combine(server.LibraryDirectory, "uploads", "escape", "me.jpg"));
    }

    [Fact]
    public async Task An_upload_cut_off_midway_leaves_no_part_file()
    {
        var uploads = new UploadStore(server.LibraryDirectory);
        await Should.ThrowAsync<IOException>(() => uploads.SaveAsync("cut/off.jpg", new BrokenStream(100_000), 1 << 20, 0, CancellationToken.None));
        await Should.ThrowAsync<InvalidDataException>(() => uploads.SaveAsync("cut/big.jpg", new BrokenStream(100_000), 50_000, 0, CancellationToken.None));
        Directory.GetFiles(Path.Combine(server.LibraryDirectory, "uploads", "cut")).ShouldBeEmpty();
    }

    /// <summary>Gives <c>bytes</c> bytes, then fails as a dropped connection would.</summary>
    private sealed class BrokenStream(int bytes) : Stream
    {
        private int _left = bytes;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_left <= 0) throw new IOException("connection dropped");
            var n = Math.Min(count, _left);
            Array.Fill(buffer, (byte)0xFF, offset, n);
            _left -= n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task The_api_is_described_with_openapi()
    {
        var json = await Client.GetStringAsync("openapi/v1.json");
        json.ShouldContain("/api/faces/move");
        json.ShouldContain("/api/export.zip");
        json.ShouldContain("/api/suggestions");
        json.ShouldContain("/api/suggestions/reject");
        json.ShouldContain("the classifier chosen by cross-validation");
        json.ShouldContain("/api/jobs/{id}/cancel");
    }
}

/// <summary>Bound beyond loopback, every request needs the access token.</summary>
public sealed class AccessTokenTests
{
    [Fact]
    public void Bound_to_all_addresses_the_printed_urls_are_this_machines_own()
    {
        // The server printed http://0.0.0.0:5301?token=…, which a family member's phone cannot open.
        var urls = WebApp.ShareableUrls(["http://0.0.0.0:5301"], [IPAddress.Parse("192.168.1.10"), IPAddress.Parse("10.0.0.5")], "nas");
        var loopback = WebApp.ShareableUrls(["http://localhost:5301"], [IPAddress.Parse("192.168.1.10")], "nas");
        var noNetwork = WebApp.ShareableUrls(["http://0.0.0.0:5301"], [], "nas");

        urls.ShouldBe(["http://192.168.1.10:5301", "http://10.0.0.5:5301", "http://nas:5301"]);
        loopback.ShouldBe(["http://localhost:5301"]);
        noNetwork.ShouldBe(["http://0.0.0.0:5301"]);
    }

    [Fact]
    public async Task Requests_without_the_token_are_refused_when_bound_to_all_addresses()
    {
        var library = Path.Combine(Path.GetTempPath(), "facesort-web-token-" + Guid.NewGuid().ToString("N"));
        await using var app = WebApp.Build(new WebAppOptions { LibraryDirectory = library, Address = IPAddress.Any, Port = 0, AccessToken = "secret-token" });
        await app.StartAsync();
        var port = new Uri(app.Urls.First().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port;
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        (await client.GetAsync("api/people")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.GetAsync("api/people?token=wrong")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        client.DefaultRequestHeaders.Add(WebApp.TokenHeader, "secret-token");
        (await client.GetAsync("api/people")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.StopAsync();
        Directory.Delete(library, recursive: true);
    }
}
