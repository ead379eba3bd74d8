using OrleansPaas.Access;

namespace OrleansPaas.Gateway.Auth;

/// <summary>What this node's copy of the token table says about a presented token, with the token when it knows it.</summary>
public sealed record TokenLookup(TokenLookupStatus Status, TokenRecord? Token = null);
