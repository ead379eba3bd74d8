using OrleansPaas.Grains.Build.AppJson;

namespace OrleansPaas.Tests.Build.AppJson;

/// <summary>app.json's deploy scripts, formation and cron as Dokku and Heroku write them; every problem at once.</summary>
public sealed class AppJsonFileTests
{
    [Fact]
    public void Parse_DokkuScriptsFormationAndCron_AreRead()
    {
        var (settings, error) = AppJsonFile.Parse("""
            {
              "scripts": { "dokku": { "predeploy": "./migrate", "postdeploy": "./warm" } },
              "formation": { "web": { "quantity": 2 }, "worker": { "quantity": 0, "size": "free" } },
              "cron": [ { "command": "./nightly", "schedule": "0 3 * * *" }, { "command": "./tick", "schedule": "*/5 * * * *" } ]
            }
            """);

        Assert.Null(error);
        Assert.Equal("./migrate", settings.Predeploy);
        Assert.Equal("./warm", settings.Postdeploy);
        Assert.Equal(2, settings.Formation["web"]);
        Assert.Equal(0, settings.Formation["worker"]);
        Assert.Equal(["./nightly", "./tick"], settings.Cron.Select(j => j.Command));
        Assert.Equal("0 3 * * *", settings.Cron[0].Schedule);
        Assert.Equal(AppJsonFile.CronId("0 3 * * *", "./nightly"), settings.Cron[0].Id);
        Assert.NotEqual(settings.Cron[0].Id, settings.Cron[1].Id);
    }

    [Fact]
    public void Parse_HerokuPostdeploy_IsRead_DokkusWins()
    {
        Assert.Equal("./heroku", AppJsonFile.Parse("""{"scripts": {"postdeploy": "./heroku"}}""").Settings.Postdeploy);
        Assert.Equal("./dokku", AppJsonFile.Parse("""{"scripts": {"postdeploy": "./heroku", "dokku": {"postdeploy": "./dokku"}}}""").Settings.Postdeploy);
    }

    [Fact]
    public void Parse_NothingOfIt_IsEmpty()
    {
        var (settings, error) = AppJsonFile.Parse("""{"name": "blog", "healthchecks": {}}""");

        Assert.Null(error);
        Assert.Null(settings.Predeploy);
        Assert.Empty(settings.Formation);
        Assert.Empty(settings.Cron);
    }

    [Fact]
    public void Parse_BadScheduleCommandScriptAndQuantity_ReportsEachInOneSentenceList()
    {
        var (settings, error) = AppJsonFile.Parse("""
            {
              "scripts": { "dokku": { "predeploy": 3 } },
              "formation": { "web": { "quantity": -1 } },
              "cron": [ { "command": "./a", "schedule": "every minute" }, { "schedule": "* * * * *" }, { "command": "./b", "schedule": "61 * * * *" } ]
            }
            """);

        Assert.NotNull(error);
        Assert.Contains("scripts.dokku.predeploy must be a command", error);
        Assert.Contains("formation.web.quantity must be a whole number from 0 to 100", error);
        Assert.Contains("cron[1].schedule: 'every minute' is not a cron schedule", error);
        Assert.Contains("cron[2].command must be the command to run", error);
        Assert.Contains("cron[3].schedule: '61 * * * *' is not a cron schedule", error);
        Assert.DoesNotContain("\n", error, StringComparison.Ordinal);
        Assert.Empty(settings.Cron);
    }

    [Fact]
    public void Parse_TheSameJobTwice_IsRefused()
    {
        var (_, error) = AppJsonFile.Parse("""{"cron": [{"command": "./a", "schedule": "* * * * *"}, {"command": "./a", "schedule": "* * * * *"}]}""");

        Assert.Equal("app.json: cron[2] repeats an earlier job (same schedule and command)", error);
    }
}
