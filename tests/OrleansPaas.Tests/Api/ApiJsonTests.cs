using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansPaas.Contracts;
using OrleansPaas.Contracts.Apps;
using OrleansPaas.Contracts.Config;
using OrleansPaas.Contracts.Processes;
using OrleansPaas.Contracts.Releases;
using OrleansPaas.Contracts.Runs;
using OrleansPaas.Gateway;

namespace OrleansPaas.Tests.Api;

/// <summary>
/// The API's wire format, pinned: the API writes the contracts with ASP.NET Core's options (nulls
/// written, camelCase), the CLI writes its requests with the contracts' own context (null parts
/// left out where the record says so), and both ends read each other's documents.
/// </summary>
public sealed class ApiJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 2, 30, 0, TimeSpan.Zero);

    private static JsonSerializerOptions ApiOptions()
    {
        var services = new ServiceCollection();
        services.AddPaasControlPlane();
        return services.BuildServiceProvider().GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
    }

    [Fact]
    public void Api_AppSummaryOfAnUndeployedApp_WritesNullsAndCamelCase()
    {
        var summary = new AppSummary { Name = "blog", Url = "http://blog.localhost", Status = "not-deployed", SleepAfter = "off" };

        Assert.Equal(
            """{"name":"blog","url":"http://blog.localhost","status":"not-deployed","release":null,"instances":0,"sleepAfter":"off","lastWakeAt":null}""",
            JsonSerializer.Serialize(summary, ApiOptions()));
    }

    [Fact]
    public void Api_ProcessReport_KeepsTheServersPropertyOrderAndKeepsConfigNamesAsWritten()
    {
        var report = new ProcessReport
        {
            Status = "running",
            Formation = new Dictionary<string, int> { ["web"] = 1 },
            Instances =
            [
                new InstanceView
                {
                    Id = "c1", Name = "web.1", Process = "web", Release = 3, Endpoint = "10.0.0.2:5000", State = "running",
                    Restarts = 0, LastOutput = [], Node = "n1",
                },
            ],
            Sleep = new SleepView { SleepAfter = "30s", SleepAfterSource = "app", State = "awake", IdleSince = At },
        };

        Assert.Equal(
            """{"status":"running","formation":{"web":1},"instances":[{"id":"c1","name":"web.1","process":"web","release":3,"endpoint":"10.0.0.2:5000","state":"running","restarts":0,"lastExitCode":null,"lastOutput":[],"node":"n1"}],"sleep":"""
            + """{"sleepAfter":"30s","sleepAfterSource":"app","sleepPage":false,"state":"awake","idleSince":"2026-12-05T02:30:00+00:00","sleptAt":null,"lastWake":null,"wakes":0},"""
            // Added with storage and extra privileges, after the fields older clients read.
            + "\"placement\":null,\"capAdd\":[],\"devices\":[]}",
            JsonSerializer.Serialize(report, ApiOptions()));
        Assert.Equal(
            """{"vars":{"DATABASE_URL":"x"},"release":null}""",
            JsonSerializer.Serialize(new ConfigView { Vars = new Dictionary<string, string> { ["DATABASE_URL"] = "x" } }, ApiOptions()));
    }

    [Fact]
    public void Api_RunOutput_LeavesOutAbsentParts()
    {
        var options = ApiOptions();

        Assert.Equal("""{"stream":"stdout","text":"hi\n"}""", JsonSerializer.Serialize(new RunOutput("stdout", "hi\n", null), options));
        Assert.Equal("""{"exitCode":137}""", JsonSerializer.Serialize(new RunOutput(null, null, 137), options));
    }

    [Fact]
    public void Cli_Requests_LeaveOutNullPartsAsBefore()
    {
        var json = PaasJsonContext.Default;

        Assert.Equal("{}", JsonSerializer.Serialize(new RollbackRequest(null), json.RollbackRequest));
        Assert.Equal("""{"version":3}""", JsonSerializer.Serialize(new RollbackRequest(3), json.RollbackRequest));
        Assert.Equal("{}", JsonSerializer.Serialize(new ProcessSettingRequest(null), json.ProcessSettingRequest));
        Assert.Equal(
            """{"set":{"A":"1"},"restart":true}""",
            JsonSerializer.Serialize(new ConfigPatch(new Dictionary<string, string> { ["A"] = "1" }, null, true), json.ConfigPatch));
        Assert.Equal("""{"name":"blog"}""", JsonSerializer.Serialize(new CreateAppRequest("blog"), json.CreateAppRequest));
    }

    [Fact]
    public void Release_WrittenByTheApi_IsWhatTheCliContextWritesAndReadsBack()
    {
        var release = new ReleaseView
        {
            Version = 2, Description = "Deploy abc1234", Commit = "abc1234", Image = "paas/blog:v2", CreatedAt = At, Status = "deployed",
            Current = true, Config = new Dictionary<string, string> { ["SECRET"] = "*****" }, Formation = new Dictionary<string, int> { ["web"] = 1 },
        };

        var api = JsonSerializer.Serialize(release, ApiOptions());
        var readByCli = JsonSerializer.Deserialize(api, PaasJsonContext.Default.ReleaseView)!;

        Assert.Equal(api, JsonSerializer.Serialize(release, PaasJsonContext.Default.ReleaseView));
        Assert.Equal(api, JsonSerializer.Serialize(readByCli, PaasJsonContext.Default.ReleaseView));
    }

    [Fact]
    public void Cli_InstanceFromAServerOlderThanCrashReports_ReadsWithoutCrashFields()
    {
        var instance = JsonSerializer.Deserialize("""{"id":"c1","name":"web.1","release":2}""", PaasJsonContext.Default.InstanceView)!;

        // What ps:report prints as "-" for a server older than crash reports.
        Assert.Equal(("c1", "web.1", 2, null, null, null), (instance.Id, instance.Name, instance.Release, instance.Restarts, instance.LastExitCode, instance.LastOutput));
    }
}
