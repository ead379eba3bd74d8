using OrleansPaas.Nodes;

namespace OrleansPaas.Supervision;

/// <summary>
/// One app's part of a reconciliation pass: its containers on every node that answered the pass's
/// one list call. A hint, not the truth: the app acts only after looking again itself, inside its
/// command, so a deploy that committed after the pass listed the nodes is never mistaken for a loss.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.AppObservation")]
public sealed record AppObservation(
    [property: Id(0)] IReadOnlyList<string> AnsweredNodes,
    [property: Id(1)] IReadOnlyList<NodeInstance> Containers);
