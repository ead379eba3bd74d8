using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansPaas.Access;
using OrleansPaas.Configuration;
using OrleansPaas.Gateway.Auth;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.Auth;

/// <summary>The one credential check of every door: the admin token, named tokens from the node's copy of the table, refusals counted.</summary>
public sealed class CredentialCheckTests : IDisposable
{
    private const string Admin = "credential-check-admin-token-0123456789abcdef";
    private readonly ManualTime _time = new();
    private readonly FailedAuthentications _failures = new();
    private readonly TokenStore _store;
    private readonly CredentialCheck _check;
    private readonly ITestOutputHelper _output;

    public CredentialCheckTests(ITestOutputHelper output)
    {
        _output = output;
        _store = new TokenStore(_time);
        var options = Options.Create(new PaasOptions { AdminToken = Admin, DataDir = Path.GetTempPath() });
        _check = new CredentialCheck(new AdminToken(options, new DataPaths(options.Value), NullLogger<AdminToken>.Instance), _store, _failures);
    }

    [Fact]
    public void Check_AdminToken_IsTheAdmin()
    {
        var result = _check.Check(From("192.0.2.10"), Admin);
        Assert.Equal(CredentialVerdict.Accepted, result.Verdict);
        Assert.Equal(PaasPrincipal.Admin, result.Principal);
    }

    [Fact]
    public void Check_NamedToken_IsItsPrincipal_RevokedExpiredAndUnknownAreRefusedAndCounted()
    {
        var (ci, ciToken) = Token("ci", PaasRole.Deploy, ["blog"]);
        var (old, oldToken) = Token("old", PaasRole.Read, [], revoked: true);
        var (late, lateToken) = Token("late", PaasRole.Read, [], expires: _time.GetUtcNow().AddMinutes(-1));
        Publish(ci, old, late);
        var client = From("192.0.2.11");

        var accepted = _check.Check(client, ciToken);
        Assert.Equal(CredentialVerdict.Accepted, accepted.Verdict);
        Assert.Equal(("ci", PaasRole.Deploy), (accepted.Principal!.Name, accepted.Principal.Role));
        Assert.Equal(["blog"], accepted.Principal.Apps);
        Assert.Equal("the token 'old' was revoked", _check.Check(client, oldToken).Reason);
        Assert.StartsWith("the token 'late' expired", _check.Check(client, lateToken).Reason);
        Assert.Equal(CredentialVerdict.Refused, _check.Check(client, TokenHash.NewToken()).Verdict);
        // Three refusals were counted against the address; the accepted one was not.
        for (var i = 0; i < FailedAuthentications.PerWindow - 3; i++)
        {
            Assert.True(_failures.TryRecord(client));
        }

        Assert.Equal(CredentialVerdict.TooMany, _check.Check(client, ciToken).Verdict);
        Assert.True(_store.TakeUsage().ContainsKey("ci"));
    }

    [Fact]
    public void Check_NamedToken_WhenTheCopyIsStale_IsUnavailable_AndNotCounted()
    {
        var (ci, ciToken) = Token("ci", PaasRole.Deploy, []);
        Publish(ci);
        _time.Advance(TokenStore.TrustFor);

        var result = _check.Check(From("192.0.2.12"), ciToken);

        Assert.Equal(CredentialVerdict.Unavailable, result.Verdict);
        Assert.False(_failures.IsLockedOut(From("192.0.2.12")));
        // The admin token does not depend on the table.
        Assert.Equal(CredentialVerdict.Accepted, _check.Check(From("192.0.2.12"), Admin).Verdict);
    }

    [Fact]
    public void Find_BeforeTheFirstPollReturned_IsUnavailable()
    {
        var store = new TokenStore(_time);
        Assert.Equal(TokenLookupStatus.Unavailable, store.Find(TokenHash.NewToken()).Status);
    }

    /// <summary>The figure for the closing note: a check's cost, named token against the admin token (a table of 1000 tokens).</summary>
    [Fact]
    public void Check_Cost_NamedTokenAgainstAdminToken()
    {
        var tokens = Enumerable.Range(0, 1000).Select(i => Token($"t{i}", PaasRole.Deploy, ["blog"])).ToList();
        Publish(tokens.Select(t => t.Record).ToArray());
        var context = From("192.0.2.13");
        var named = tokens[500].Token;
        const int Rounds = 100_000;

        double MicrosecondsEach(string token)
        {
            for (var i = 0; i < 1000; i++)
            {
                _check.Check(context, token);
            }

            var watch = Stopwatch.StartNew();
            for (var i = 0; i < Rounds; i++)
            {
                _check.Check(context, token);
            }

            return watch.Elapsed.TotalMicroseconds / Rounds;
        }

        var admin = MicrosecondsEach(Admin);
        var namedCost = MicrosecondsEach(named);
        _output.WriteLine($"credential check: admin token {admin:0.000} µs, named token {namedCost:0.000} µs (1000 tokens in the table)");
        Assert.Equal(CredentialVerdict.Accepted, _check.Check(context, named).Verdict);
        // Loose bound: a hash and a dictionary lookup, never a grain call.
        Assert.True(namedCost < 50, $"a named token check took {namedCost} µs");
    }

    private (TokenRecord Record, string Token) Token(string name, PaasRole role, IReadOnlyList<string> apps, bool revoked = false, DateTimeOffset? expires = null)
    {
        var token = TokenHash.NewToken();
        return (new TokenRecord(name, role, apps, TokenHash.Of(token), _time.GetUtcNow(), expires, revoked ? _time.GetUtcNow() : null), token);
    }

    private void Publish(params TokenRecord[] tokens)
    {
        _store.Apply(new TokenSnapshot(1, tokens, Guid.NewGuid()));
        _store.Confirm(_time.GetUtcNow());
    }

    private static DefaultHttpContext From(string address)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return context;
    }

    public void Dispose() => _failures.Dispose();
}
