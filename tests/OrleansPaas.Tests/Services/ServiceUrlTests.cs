using OrleansPaas.Grains.Services;
using OrleansPaas.Services;

namespace OrleansPaas.Tests.Services;

/// <summary>The URLs linked apps get, and the names services may have.</summary>
public sealed class ServiceUrlTests
{
    [Fact]
    public void For_Postgres_UserAndDatabaseNamedAfterTheService()
    {
        Assert.Equal("postgres://blog_db:s3cret@paas-service-blog-db:5432/blog_db",
            ServiceUrl.For(ServiceKind.Postgres, "blog-db", "paas-service-blog-db", "s3cret"));
    }

    [Fact]
    public void For_Redis_PasswordOnlyAndEscaped()
    {
        Assert.Equal("redis://:a%2Fb%40c@paas-service-cache:6379", ServiceUrl.For(ServiceKind.Redis, "cache", "paas-service-cache", "a/b@c"));
    }

    [Fact]
    public void Contract_FollowsTheOfficialImages()
    {
        var postgres = ServiceContract.Environment(ServiceKind.Postgres, "blog-db");
        Assert.Equal("blog_db", postgres["POSTGRES_USER"]);
        Assert.Equal("/run/secrets/postgres-password", postgres["POSTGRES_PASSWORD_FILE"]);
        Assert.Equal("blog_db", postgres["POSTGRES_DB"]);
        Assert.False(postgres.ContainsKey("POSTGRES_PASSWORD"));
        Assert.Null(ServiceContract.Command(ServiceKind.Postgres));
        Assert.Equal(("/var/lib/postgresql/data", 5432), (ServiceContract.For(ServiceKind.Postgres).DataPath, ServiceContract.For(ServiceKind.Postgres).Port));
        Assert.Equal(["redis-server", "/run/secrets/redis.conf", "--appendonly", "yes", "--dir", "/data"], ServiceContract.Command(ServiceKind.Redis));
        Assert.Empty(ServiceContract.Environment(ServiceKind.Redis, "cache"));
        Assert.Equal(("/data", 6379), (ServiceContract.For(ServiceKind.Redis).DataPath, ServiceContract.For(ServiceKind.Redis).Port));
    }

    [Fact]
    public void SecretFile_PostgresReadsItAsRoot_RedisAsItsUser()
    {
        // The entrypoint reads the whole file as the password: no newline after it.
        Assert.Equal(new ServiceSecretFile("/run/secrets/postgres-password", "pw", 0), ServiceContract.SecretFile(ServiceKind.Postgres, "pw"));
        Assert.Equal(new ServiceSecretFile("/run/secrets/redis.conf", "requirepass \"pw\"\n", 999), ServiceContract.SecretFile(ServiceKind.Redis, "pw"));
        Assert.Equal("requirepass \"a\\\"b\\\\c\"\n", ServiceContract.SecretFile(ServiceKind.Redis, "a\"b\\c").Content);
    }

    [Theory]
    [InlineData("cache")]
    [InlineData("blog-db2")]
    [InlineData("a")]
    public void Problem_ValidName_IsNull(string name) => Assert.Null(ServiceName.Problem(name));

    [Theory]
    [InlineData("")]
    [InlineData("Cache")]
    [InlineData("blog.db")]
    [InlineData("2db")]
    [InlineData("db-")]
    [InlineData("a b")]
    [InlineData("../etc")]
    [InlineData("a-very-long-service-name-that-goes-on-and-on")]
    public void Problem_InvalidName_IsOneSentence(string name)
    {
        var problem = ServiceName.Problem(name);

        Assert.NotNull(problem);
        Assert.DoesNotContain("\n", problem, StringComparison.Ordinal);
    }
}
