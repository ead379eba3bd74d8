using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;

namespace OrleansPaas.Tests.Build;

/// <summary>Build records and their outputs without Orleans: the outputs are kept by fakes of the output grain.</summary>
public sealed class BuildRecordsTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 6, 0, 0, TimeSpan.Zero);
    private readonly Dictionary<int, FakeOutput> _outputs = [];
    private readonly BuildRecords _records;

    public BuildRecordsTests() => _records = new BuildRecords(id => _outputs.TryGetValue(id, out var o) ? o : _outputs[id] = new FakeOutput());

    [Fact]
    public void Queued_FromAPushOrAnImage_NamesWhatAndWhere()
    {
        var pushed = BuildRecords.Queued(3, new BuildSource(new string('a', 40), null, "refs/heads/main", "node-b"), null, "node-a", Start);
        var image = BuildRecords.Queued(4, null, "nginx:alpine", "node-a", Start);

        Assert.Equal((3, new string('a', 40), (string?)null, "", BuildOutcome.Queued, "node-b"), (pushed.Id, pushed.Commit, pushed.Image, pushed.Builder, pushed.Outcome, pushed.Node));
        Assert.Equal((4, "", "nginx:alpine", "node-a", (DateTimeOffset?)null), (image.Id, image.Commit, image.Image, image.Node, image.FinishedAt));
    }

    [Fact]
    public void Finish_SetsBuilderNodeOutcomeAndRelease_ForgetsTheOldestBeyondKeep()
    {
        var records = Enumerable.Range(1, 3).Select(id => BuildRecords.Queued(id, null, "img", "node-a", Start)).ToList();
        _records.NoteBuiltWith(3, BuildRecords.BuilderOf(ReleaseKind.Slug), "node-c");

        var finish = _records.Finish(records, 3, BuildOutcome.Succeeded, release: 7, keep: 2, Start.AddSeconds(30));

        Assert.NotNull(finish);
        var (finished, forgotten) = finish.Value;
        Assert.Equal(("buildpacks", "node-c", BuildOutcome.Succeeded, (int?)7, (DateTimeOffset?)Start.AddSeconds(30)),
            (finished.Builder, finished.Node, finished.Outcome, finished.Release, finished.FinishedAt));
        Assert.Equal([1], forgotten.Select(r => r.Id));
        Assert.Equal([2, 3], records.Select(r => r.Id));
        Assert.Equal(finished, records[^1]);
    }

    [Fact]
    public void Finish_WithoutABuilderNoted_KeepsWhatTheRecordSaid_ARecordGoneIsNull()
    {
        var records = new List<BuildRecord> { BuildRecords.Queued(1, null, "img", "node-a", Start) };

        var finish = _records.Finish(records, 1, BuildOutcome.Failed, release: null, keep: 0, Start);

        // Keep is at least one: the record just finished is never forgotten.
        Assert.Empty(finish!.Value.Forgotten);
        Assert.Equal(("", "node-a", BuildOutcome.Failed), (records[0].Builder, records[0].Node, records[0].Outcome));
        Assert.Null(_records.Finish(records, 9, BuildOutcome.Failed, release: null, keep: 5, Start));
    }

    [Fact]
    public async Task Read_RunningBuild_IsItsLogSoFar_AFinishedOneIsTheStoredOutput_NewestByDefault()
    {
        var running = BuildRecords.Queued(2, null, "img", "node-a", Start) with { Outcome = BuildOutcome.Running };
        var done = BuildRecords.Queued(1, null, "img", "node-a", Start) with { Outcome = BuildOutcome.Succeeded };
        var live = new BuildLog(2);
        live.Step("Deploying image img to blog");
        await _records.SaveOutputAsync(1, "-----> stored\n");

        var newest = await _records.ReadAsync([done, running], null, id => id == 2 ? live : null);
        var first = await _records.ReadAsync([done, running], 1, _ => live);

        Assert.Equal((running, "-----> Deploying image img to blog\n"), (newest!.Record, newest.Text));
        Assert.Equal((done, "-----> stored\n"), (first!.Record, first.Text));
        Assert.Null(await _records.ReadAsync([done, running], 3, _ => null));
    }

    [Fact]
    public async Task Read_RunningBuildWhoseLogIsGone_IsWhatWasStored_OrNothing()
    {
        var running = BuildRecords.Queued(1, null, "img", "node-a", Start) with { Outcome = BuildOutcome.Running };

        var output = await _records.ReadAsync([running], 1, _ => null);

        Assert.Equal("", output!.Text);
    }

    [Fact]
    public async Task ForgetOutputs_ForgetsEachRecordsOutput()
    {
        await _records.SaveOutputAsync(1, "one");
        await _records.SaveOutputAsync(2, "two");

        await _records.ForgetOutputsAsync([BuildRecords.Queued(1, null, "img", "node-a", Start)]);

        Assert.Null(await _outputs[1].ReadAsync());
        Assert.Equal("two", await _outputs[2].ReadAsync());
    }

    [Fact]
    public void OutputOf_ALogLongerThanARecordKeeps_KeepsItsEnd()
    {
        var log = new BuildLog(1);
        var line = new string('x', BuildLog.MaxLineLength);
        for (var i = 0; i < BuildRecords.MaxStoredOutputChars / line.Length + 10; i++)
        {
            log.Write(line);
        }

        var output = BuildRecords.OutputOf(log);

        Assert.StartsWith("… the first ", output);
        Assert.Equal(BuildRecords.MaxStoredOutputChars, output.Length - output.IndexOf('\n') - 1);
    }

    private sealed class FakeOutput : IBuildOutputGrain
    {
        private string? _text;

        public Task SaveAsync(string text)
        {
            _text = text;
            return Task.CompletedTask;
        }

        public Task<string?> ReadAsync() => Task.FromResult(_text);

        public Task ForgetAsync()
        {
            _text = null;
            return Task.CompletedTask;
        }
    }

    [Fact]
    public void FailInterrupted_UnfinishedRecords_FailNowAndFinishedOnesStay()
    {
        var done = BuildRecords.Queued(1, null, "img", "node-a", Start) with { FinishedAt = Start, Outcome = BuildOutcome.Succeeded, Release = 4 };
        var records = new List<BuildRecord>
        {
            done,
            BuildRecords.Queued(2, null, "img", "node-a", Start) with { Outcome = BuildOutcome.Running },
            BuildRecords.Queued(3, null, "img", "node-a", Start),
        };
        var now = Start.AddMinutes(5);

        Assert.Equal(2, BuildRecords.FailInterrupted(records, now));

        Assert.Equal(done, records[0]);
        Assert.All(records.Skip(1), r => Assert.Equal((now, BuildOutcome.Failed, (int?)null), (r.FinishedAt!.Value, r.Outcome, r.Release)));
    }
}
