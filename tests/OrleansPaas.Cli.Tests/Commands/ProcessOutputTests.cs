using OrleansPaas.Cli.Tests.Support;

namespace OrleansPaas.Cli.Tests.Commands;

/// <summary>Instances (restarts, last exit, crash output) in <c>ps:report</c> and <c>apps:info</c>, and the image size.</summary>
public class ProcessOutputTests
{
    [Fact]
    public async Task PsReport_CrashedInstance_ShowsRestartsLastExitAndItsCrashOutput()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, """
            {"status":"running","formation":{"web":2},"instances":[
              {"id":"0123456789abcdef","name":"web.1","process":"web","release":3,"endpoint":null,"state":"restarting",
               "restarts":4,"lastExitCode":137,"lastOutput":["Starting on port 5000","Error: Cannot find module 'express'\n","    at require (node:internal)"]},
              {"id":"fedcba9876543210","name":"web.2","process":"web","release":3,"endpoint":"10.0.0.2:41234","state":"running",
               "restarts":0,"lastExitCode":null,"lastOutput":[],"node":"node-b"}]}
            """));

        var run = await CliRun.RunAsync(server.Environment, "ps:report", "blog");

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.Equal(
            """
            =====> blog ps information
                   Status:     running
                   Formation:  web=2
                   Instances:  2
            =====> blog instances
            NAME   STATE       RELEASE  RESTARTS  LAST EXIT  NODE    ENDPOINT        CONTAINER
            web.1  restarting  v3       4         137        -       -               0123456789ab
            web.2  running     v3       0         -          node-b  10.0.0.2:41234  fedcba987654
            =====> blog crash output (web.1, exit 137)
                   Starting on port 5000
                   Error: Cannot find module 'express'
                       at require (node:internal)

            """.ReplaceLineEndings("\n"),
            run.Stdout);
        Assert.Equal("GET /api/apps/blog/ps", Assert.Single(server.Requests).Line);
    }

    [Fact]
    public async Task PsReport_OlderServerWithoutCrashFields_ShowsDashesAndNoCrashSection()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, """
            {"status":"running","formation":{"web":1},"instances":[
              {"id":"abc","name":"web.1","process":"web","release":2,"endpoint":"127.0.0.1:41234","state":"running"}]}
            """));

        var run = await CliRun.RunAsync(server.Environment, "ps:report", "blog");

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.EndsWith(
            """
            =====> blog instances
            NAME   STATE    RELEASE  RESTARTS  LAST EXIT  NODE  ENDPOINT         CONTAINER
            web.1  running  v2       -         -          -     127.0.0.1:41234  abc

            """.ReplaceLineEndings("\n"),
            run.Stdout);
    }

    [Fact]
    public async Task PsReport_NullLastOutput_IsTreatedAsNone()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, """
            {"status":"crashed","formation":{"web":1},"instances":[
              {"id":"abc","name":"web.1","process":"web","release":2,"state":"restarting","restarts":1,"lastExitCode":1,"lastOutput":null}]}
            """));

        var run = await CliRun.RunAsync(server.Environment, "ps:report", "blog");

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.DoesNotContain("crash output", run.Stdout);
    }

    [Fact]
    public async Task PsRestart_ListsInstancesWithCrashOutputToo()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, """
            {"status":"running","formation":{"worker":1},"instances":[
              {"id":"abc","name":"worker.1","process":"worker","release":2,"state":"restarting","restarts":1,"lastExitCode":2,"lastOutput":["boom"]}]}
            """));

        var run = await CliRun.RunAsync(server.Environment, "ps:restart", "blog");

        Assert.Equal(0, run.ExitCode);
        Assert.EndsWith("=====> blog crash output (worker.1, exit 2)\n       boom\n", run.Stdout);
        Assert.Equal("POST /api/apps/blog/ps/restart", Assert.Single(server.Requests).Line);
    }

    [Fact]
    public async Task AppsInfo_ShowsImageSizeFromImageBytesAndCrashOutput()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, """
            {"name":"blog","url":"http://blog.localhost","status":"running","createdAt":null,"release":null,
             "domains":[],"formation":{"web":1},"configVars":0,"imageBytes":157286400,
             "instances":[{"id":"abc","name":"web.1","process":"web","release":1,"state":"restarting","restarts":2,"lastExitCode":1,"lastOutput":["panic: no PORT"]}]}
            """));

        var run = await CliRun.RunAsync(server.Environment, "apps:info", "blog");

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.Contains("       Image size:   150.0 MiB\n", run.Stdout);
        Assert.Contains("web.1  restarting  v1       2         1          -     -         abc\n", run.Stdout);
        Assert.EndsWith("=====> blog crash output (web.1, exit 1)\n       panic: no PORT\n", run.Stdout);
    }

    [Fact]
    public async Task AppsInfo_WithoutImageBytes_ShowsADash()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, """
            {"name":"blog","url":"http://blog.localhost","status":"not-deployed","release":null,"domains":[],"formation":{},"instances":[],"configVars":0}
            """));

        var run = await CliRun.RunAsync(server.Environment, "apps:info", "blog");

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.Contains("       Image size:   -\n", run.Stdout);
    }
}
