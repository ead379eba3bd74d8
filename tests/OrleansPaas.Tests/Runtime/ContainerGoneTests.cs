using System.Net;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.Tests.Runtime;

/// <summary>Which engine answers to a stop or removal mean "already done by someone else" (the destroy and retirement race).</summary>
public sealed class ContainerGoneTests
{
    [Theory]
    [InlineData(HttpStatusCode.NotFound, "{\"message\":\"No such container: 3f2a\"}")]
    [InlineData(HttpStatusCode.NotFound, null)]
    [InlineData(HttpStatusCode.Conflict, "{\"message\":\"removal of container 3f2a is already in progress\"}")]
    [InlineData(HttpStatusCode.Conflict, "{\"message\":\"container 3f2a is marked for removal and cannot be started\"}")]
    public void Says_GoneOrBeingRemoved_IsDone(HttpStatusCode status, string? body) =>
        Assert.True(ContainerGone.Says(status, body));

    [Theory]
    [InlineData(HttpStatusCode.Conflict, "{\"message\":\"You cannot remove a running container 3f2a. Stop the container before attempting removal or force remove\"}")]
    [InlineData(HttpStatusCode.Conflict, null)]
    [InlineData(HttpStatusCode.InternalServerError, "{\"message\":\"cannot stop container: 3f2a: permission denied\"}")]
    [InlineData(HttpStatusCode.InternalServerError, "{\"message\":\"removal of container 3f2a is already in progress\"}")]
    public void Says_AnyOtherRefusal_IsAFailure(HttpStatusCode status, string? body) =>
        Assert.False(ContainerGone.Says(status, body));
}
