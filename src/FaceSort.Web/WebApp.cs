using Microsoft.AspNetCore.Hosting;
using System.Security.Cryptography;
using System.Text.Json;
using FaceSort.Core.Corrections;
using FaceSort.Core.Export;
using FaceSort.Core.Library;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.FileProviders;

namespace FaceSort.Web;

/// <summary>
/// The web app as a value: <c>facesort serve</c> and the tests build the same app. Minimal APIs under <c>/api</c>
/// (described at <c>/openapi/v1.json</c>) over the Core services, and hand-written ES modules in <c>wwwroot</c>.
/// </summary>
public static class WebApp
{
    public const string TokenHeader = "X-FaceSort-Token";
    private const string TokenCookie = "facesort_token";

    public static WebApplication Build(WebAppOptions options)
    {
        var token = options.IsLoopbackOnly ? null : options.AccessToken ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A failed start (a port in use) is thrown to the caller, which says it in one line; the host's own log of it
        // would add the whole stack trace before that line.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(options.Address, options.Port);
            k.Limits.MaxRequestBodySize = options.MaxUploadBytes;
        });
        var database = LibraryDatabase.Open(options.LibraryDirectory);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(new CorrectionService(database));
        builder.Services.AddSingleton(new LibraryBrowser(database));
        builder.Services.AddSingleton(new CorrectionWatch(database));
        builder.Services.AddSingleton(new ImageServer(database));
        var uploads = new UploadStore(options.LibraryDirectory);
        uploads.RemoveUnfinished();
        builder.Services.AddSingleton(uploads);
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddOpenApi();
        builder.Services.AddProblemDetails();

        var app = builder.Build();
        // Built now rather than on the first page's request: it takes up the scans a stopped server left unfinished.
        app.Services.GetRequiredService<JobRunner>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (token is not null) app.Use(RequireToken(token));
        app.MapOpenApi();

        var wwwroot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var files = new PhysicalFileProvider(wwwroot);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });

        var api = app.MapGroup("/api");
        MapReads(api);
        MapWork(api);
        CorrectionEndpoints.Map(api);
        SuggestionEndpoints.Map(api);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            // Bound to every address, the URL the server knows is 0.0.0.0, which no other device can open: the family
            // needs this machine's own addresses (and its name, where the network resolves it).
            var query = token is null ? "" : "?token=" + token;
            var urls = ShareableUrls(Urls(app), MachineAddresses(), System.Net.Dns.GetHostName());
            Console.WriteLine($"FaceSort is running at {urls[0]}{query}");
            foreach (var other in urls.Skip(1)) Console.WriteLine($"  also at {other}{query}");
        });
        return app;
    }

    /// <summary>
    /// The server's URLs as another device would type them: one bound to all addresses (0.0.0.0, [::]) becomes one URL per
    /// address of this machine, then one with its host name; the rest stay as they are.
    /// </summary>
    public static IReadOnlyList<string> ShareableUrls(IEnumerable<string> urls, IEnumerable<System.Net.IPAddress> machineAddresses, string hostName)
    {
        var addresses = machineAddresses.ToList();
        var shareable = new List<string>();
        foreach (var url in urls)
        {
            var uri = new Uri(url);
            if (uri.Host is not ("0.0.0.0" or "[::]") || addresses.Count == 0)
            {
                shareable.Add(url);
                continue;
            }
            shareable.AddRange(addresses.Select(a => new UriBuilder(uri) { Host = a.ToString() }.Uri.GetLeftPart(UriPartial.Authority)));
            if (hostName.Length > 0) shareable.Add(new UriBuilder(uri) { Host = hostName }.Uri.GetLeftPart(UriPartial.Authority));
        }
        return [.. shareable.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>This machine's IPv4 addresses on network interfaces that are up, loopback left out.</summary>
    private static IEnumerable<System.Net.IPAddress> MachineAddresses()
    {
        try
        {
            return [.. System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up
                    && n.NetworkInterfaceType != System.Net.NetworkInformation.NetworkInterfaceType.Loopback)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address)
                .Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !System.Net.IPAddress.IsLoopback(a))];
        }
        catch (System.Net.NetworkInformation.NetworkInformationException)
        {
            return [];
        }
    }

    /// <summary>Starts the app and runs until Ctrl+C or <paramref name="cancellationToken"/>.</summary>
    public static async Task RunAsync(WebAppOptions options, CancellationToken cancellationToken = default)
    {
        await using var app = Build(options);
        await app.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    public static IEnumerable<string> Urls(WebApplication app) =>
        app.Urls.Select(u => u.Replace("[::1]", "localhost", StringComparison.Ordinal).Replace("127.0.0.1", "localhost", StringComparison.Ordinal));

    private static Func<HttpContext, RequestDelegate, Task> RequireToken(string token) => async (context, next) =>
    {
        var given = context.Request.Headers[TokenHeader].FirstOrDefault() ?? context.Request.Query["token"].FirstOrDefault()
            ?? context.Request.Cookies[TokenCookie];
        if (given is null || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(token)))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new ApiError("access token required (printed when the server started)")).ConfigureAwait(false);
            return;
        }
        // Remember the token so the page's own requests (images, event stream) carry it without query strings.
        context.Response.Cookies.Append(TokenCookie, token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict });
        await next(context).ConfigureAwait(false);
    };

    /// <summary>A JPEG, a 404 for an unknown id, or a 422 naming why the photo's file no longer reads (it was a 500).</summary>
    private static IResult Image(Func<byte[]?> make, string unknown)
    {
        try
        {
            return make() is { } jpeg ? Results.File(jpeg, "image/jpeg") : Results.NotFound(new ApiError(unknown));
        }
        catch (UnreadablePhotoException e)
        {
            return Results.UnprocessableEntity(new ApiError(e.Message));
        }
    }

    private static FaceOrder? ParseOrder(string? order) => order switch
    {
        null or "" or "photos" => FaceOrder.Photos,
        "least-alike" => FaceOrder.LeastAlike,
        _ => null,
    };

    private static string BadOrder(string? order) => $"order must be photos or least-alike, not '{order}'";

    private static void MapReads(RouteGroupBuilder api)
    {
        api.MapGet("/people", (LibraryBrowser b, bool? hidden) => Results.Ok(b.People(hidden ?? false)));
        // A person with every face, or (`limit`) with the first faces only and the rest asked for a page at a time: the
        // person page of a person of 20,000 faces draws its first faces without waiting for 2.5 MB of JSON.
        // `order=least-alike`: least like the person's typical face first, each face with its likeness (the ones to check).
        api.MapGet("/people/{id:long}", (long id, int? limit, string? order, LibraryBrowser b) =>
            limit is < 1 ? Results.BadRequest(new ApiError("limit must be 1 or more"))
            : ParseOrder(order) is not { } faceOrder ? Results.BadRequest(new ApiError(BadOrder(order)))
            : b.PersonDetail(id, limit, faceOrder) is { } detail ? Results.Ok(detail) : Results.NotFound(new ApiError($"no person with id {id}")));
        // `version` (the person's `facesVersion`): a person whose faces changed since is a 409, not a page of another order.
        api.MapGet("/people/{id:long}/faces", (long id, int? offset, int? limit, string? order, string? version, LibraryBrowser b) =>
            offset is < 0 ? Results.BadRequest(new ApiError("offset must be 0 or more"))
            : limit is < 1 ? Results.BadRequest(new ApiError("limit must be 1 or more"))
            : ParseOrder(order) is not { } faceOrder ? Results.BadRequest(new ApiError(BadOrder(order)))
            : b.PersonFaces(id, offset ?? 0, limit, faceOrder) is not { } page ? Results.NotFound(new ApiError($"no person with id {id}"))
            : version is not null && version != page.Version
                ? Results.Conflict(new ApiError($"the faces of person {id} have changed since they were listed; ask for the person again"))
            : Results.Ok(page.Faces));
        api.MapGet("/photos/{id:long}", (long id, LibraryBrowser b) =>
            b.Photo(id) is { } photo ? Results.Ok(photo) : Results.NotFound(new ApiError($"no photo with id {id}")));
        api.MapGet("/photos/{id:long}/image", (long id, ImageServer images) => Image(() => images.Preview(id), $"no photo with id {id}"));
        api.MapGet("/faces/{id:long}/thumbnail", (long id, ImageServer images) => Image(() => images.FaceThumbnail(id), $"no face with id {id}"));
        api.MapGet("/status", (LibraryDatabase db, JobRunner jobs) => Results.Ok(new
        {
            photos = new PhotoStore(db).Count(), faces = new FaceStore(db).Count(), people = new PeopleStore(db).Summaries().Count, job = jobs.Last,
        }));
        api.MapGet("/events", async (HttpContext context, JobRunner jobs, CorrectionWatch corrections, CancellationToken cancellationToken) =>
        {
            // Server-Sent Events: the server pushes each job's progress ("job") and each change another tab, person or
            // process made to the people ("change"); the page never polls.
            context.Response.Headers.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var writing = new SemaphoreSlim(1, 1);
            async Task SendAsync(string name, object data)
            {
                await writing.WaitAsync(stop.Token).ConfigureAwait(false);
                try
                {
                    await context.Response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data, JsonSerializerOptions.Web)}\n\n", stop.Token).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
                }
                finally
                {
                    writing.Release();
                }
            }
            var reader = jobs.Subscribe(out var key);
            async Task JobsAsync()
            {
                await foreach (var e in reader.ReadAllAsync(stop.Token).ConfigureAwait(false)) await SendAsync("job", e).ConfigureAwait(false);
            }
            async Task ChangesAsync()
            {
                var mark = corrections.Now();
                using var timer = new PeriodicTimer(CorrectionWatch.PollInterval);
                while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
                {
                    try
                    {
                        var now = corrections.Now();
                        if (corrections.Since(mark, now) is { } change) await SendAsync("change", change).ConfigureAwait(false);
                        mark = now;
                    }
                    catch (Microsoft.Data.Sqlite.SqliteException)
                    {
                        // The library busy past its timeout (a long write): ask again on the next tick.
                    }
                }
            }
            Task[] pumps = [JobsAsync(), ChangesAsync()];
            try
            {
                // Either ends only when the page went away or the server stops; then the other is stopped too.
                await Task.WhenAny(pumps).Unwrap().ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // The page went away.
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await Task.WhenAll(pumps).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException)
                {
                    // Stopped as asked.
                }
                jobs.Unsubscribe(key);
            }
        }).ExcludeFromDescription();
    }

    private static void MapWork(RouteGroupBuilder api)
    {
        api.MapPost("/uploads/check", (UploadCheckRequest body, UploadStore uploads) =>
        {
            if (body.Files is null || body.Files.Length > 100_000) return Results.BadRequest(new ApiError("files: a list of at most 100000 entries"));
            if (body.Files.Any(f => f is null || string.IsNullOrEmpty(f.Path) || f.Size < 0))
                return Results.BadRequest(new ApiError("files: every entry needs a path and a size of 0 or more"));
            var have = body.Files.Where(uploads.Has).Select(f => f.Path).ToArray();
            var rejected = body.Files.Where(f => UploadStore.Sanitise(f.Path) is null).Select(f => f.Path).ToArray();
            return Results.Ok(new UploadCheckResponse(have, rejected));
        });
        api.MapPut("/uploads", async (HttpRequest request, string? path, long? lastModified, UploadStore uploads, WebAppOptions options, CancellationToken ct) =>
        {
            var safe = UploadStore.Sanitise(path);
            if (safe is null)
                return Results.BadRequest(new ApiError($"path must be a photo file name ({string.Join(' ', UploadStore.AllowedExtensions)}) or a sidecar (.xmp, .json)"));
            var limit = UploadStore.IsSidecar(safe) ? Math.Min(UploadStore.MaxSidecarBytes, options.MaxUploadBytes) : options.MaxUploadBytes;
            if (request.ContentLength > limit)
                return Results.Json(new ApiError(UploadStore.IsSidecar(safe) ? "a sidecar (.xmp, .json) of over 1 MB is not one" : "file too large"),
                    statusCode: StatusCodes.Status413PayloadTooLarge);
            try
            {
                var (stored, size) = await uploads.SaveAsync(safe, request.Body, limit, lastModified ?? 0, ct).ConfigureAwait(false);
                return Results.Ok(new { path = stored, size });
            }
            catch (InvalidDataException e)
            {
                return Results.Json(new ApiError(e.Message), statusCode: StatusCodes.Status413PayloadTooLarge);
            }
            catch (BadHttpRequestException e)
            {
                return Results.Json(new ApiError(e.Message), statusCode: e.StatusCode);
            }
        });
        api.MapPost("/uploads/scan", (UploadStore uploads, JobRunner jobs) =>
        {
            Directory.CreateDirectory(uploads.Root);
            return Results.Accepted("/api/events", new JobAccepted(jobs.Enqueue([uploads.Root])));
        });
        api.MapPost("/scan", (FolderRequest body, JobRunner jobs) =>
        {
            if (string.IsNullOrWhiteSpace(body.Folder) || !Path.IsPathFullyQualified(body.Folder))
                return Results.BadRequest(new ApiError("folder must be an absolute path on this machine"));
            if (File.Exists(body.Folder)) return Results.BadRequest(new ApiError($"{body.Folder} is a file, not a folder: give the folder that holds the photos"));
            if (!Directory.Exists(body.Folder)) return Results.BadRequest(new ApiError($"folder not found: {body.Folder}"));
            return Results.Accepted("/api/events", new JobAccepted(jobs.Enqueue([body.Folder])));
        });
        api.MapPost("/jobs/{id:long}/cancel", (long id, JobRunner jobs) =>
            jobs.Cancel(id) ? Results.Accepted("/api/events", new JobAccepted(id)) : Results.NotFound(new ApiError($"no queued or running job with id {id}")))
            .WithSummary("Stops a queued or running scan; photos already stored are kept");
        api.MapGet("/export.zip", (long? person, bool? xmp, LibraryBrowser browser, LibraryDatabase db, HttpContext context) =>
        {
            string name = "facesort.zip";
            if (person is { } id)
            {
                if (browser.Person(id) is not { } card) return Results.NotFound(new ApiError($"no person with id {id}"));
                name = ExportPlanner.SafeFolderName(card.DisplayName) + ".zip";
            }
            // ZipArchive writes each entry's small data descriptor synchronously on dispose; file bytes still go async.
            if (context.Features.Get<IHttpBodyControlFeature>() is { } control) control.AllowSynchronousIO = true;
            return Results.Stream(body => ZipExport.WriteAsync(db, person, body, context.RequestAborted, xmp ?? false), "application/zip", name);
        });
        api.MapPost("/export", (ExportRequest body, LibraryDatabase db) =>
        {
            if (string.IsNullOrWhiteSpace(body.Folder) || !Path.IsPathFullyQualified(body.Folder))
                return Results.BadRequest(new ApiError("folder must be an absolute path on this machine"));
            if (ExportDestination.Problem(body.Folder, new PhotoStore(db).Roots(), "folder") is { } problem)
                return Results.BadRequest(new ApiError(problem));
            try
            {
                return Results.Ok(new ExportService(new PhotoStore(db), new FaceStore(db), new PeopleStore(db)).Export(body.Folder, new ExportOptions { WithXmpSidecars = body.Xmp }));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The folder cannot be created or written (a file in the way, no permission): the request names a bad place.
                return Results.BadRequest(new ApiError(e is UnauthorizedAccessException
                    ? $"cannot export to {body.Folder}: this program may not write there; choose a folder in your home folder"
                    : $"cannot export to {body.Folder}: the folder cannot be created or written there (is a file in the way, or the disk read-only?)"));
            }
            catch (EmptyLibraryExportException e)
            {
                return Results.BadRequest(new ApiError(e.Message));
            }
        });
    }
}
