using Microsoft.AspNetCore.Http;
using OrleansPaas.Apps;

namespace OrleansPaas.Gateway.Api;

/// <summary>Maps grain outcomes to HTTP: values on success, RFC 9457 problem details otherwise.</summary>
public static class ApiResults
{
    public static IResult From(AppCommandResult result, Func<AppInfo, object> view) => result.Status switch
    {
        AppCommandStatus.Ok => Results.Ok(view(result.App!)),
        AppCommandStatus.NotFound => NotFound(result.Error!),
        AppCommandStatus.Invalid => Invalid(result.Field ?? "request", result.Error!),
        AppCommandStatus.Conflict => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: result.Error),
        _ => Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Could not be carried out", detail: result.Error),
    };

    public static IResult NotFound(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static IResult Invalid(string field, string detail) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [detail] }, detail: detail, title: "Invalid request");
}
