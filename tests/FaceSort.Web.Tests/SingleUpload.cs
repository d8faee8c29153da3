using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FaceSort.Web.Tests;

/// <summary>One photo uploaded to a running server and scanned there, as a user adding one file does.</summary>
internal static class SingleUpload
{
    /// <summary>Uploads <paramref name="photo"/> as <paramref name="relativePath"/>, scans it, and returns the job's last status once it ended.</summary>
    public static async Task<JsonElement> ScanAsync(HttpClient client, string photo, string relativePath)
    {
        using (var content = new ByteArrayContent(await File.ReadAllBytesAsync(photo)))
            (await client.PutAsync($"api/uploads?path={Uri.EscapeDataString(relativePath)}", content)).EnsureSuccessStatusCode();
        return await ScanUploadsAsync(client);
    }

    /// <summary>Scans what was uploaded and returns the job's last status once it ended.</summary>
    public static async Task<JsonElement> ScanUploadsAsync(HttpClient client)
    {
        (await client.PostAsync("api/uploads/scan", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        JsonElement job;
        do
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            job = (await client.GetFromJsonAsync<JsonElement>("api/status", TestContext.Current.CancellationToken)).GetProperty("job");
        }
        while (job.GetProperty("state").GetString() is not ("done" or "failed" or "cancelled"));
        return job;
    }
}
