using System.Text;

namespace OrleansPaas.Tests.Support;

/// <summary>
/// One span of an OTLP <c>ExportTraceServiceRequest</c>, read with no more of the protobuf wire format
/// than the spans' ids, names and attributes need (no protobuf library is in the dependency graph).
/// </summary>
public sealed record OtlpSpan(string Name, string TraceId, string SpanId, string ParentSpanId, IReadOnlyDictionary<string, string> Attributes)
{
    public string? this[string attribute] => Attributes.GetValueOrDefault(attribute);

    /// <summary>The spans of one request body: resource_spans (1) → scope_spans (2) → spans (2).</summary>
    public static IEnumerable<OtlpSpan> ReadAll(byte[] request) =>
        from resourceSpans in Nested(request, 1)
        from scopeSpans in Nested(resourceSpans, 2)
        from span in Nested(scopeSpans, 2)
        select Read(span);

    // Span: trace_id 1, span_id 2, parent_span_id 4, name 5, attributes 9 (KeyValue: key 1, value 2).
    private static OtlpSpan Read(ReadOnlyMemory<byte> span)
    {
        var fields = Fields(span).ToList();
        string Hex(int number) => Convert.ToHexStringLower(fields.FirstOrDefault(f => f.Number == number).Bytes.Span);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var keyValue in fields.Where(f => f.Number == 9))
        {
            var parts = Fields(keyValue.Bytes).ToList();
            var key = Encoding.UTF8.GetString(parts.First(p => p.Number == 1).Bytes.Span);
            attributes[key] = Value(parts.FirstOrDefault(p => p.Number == 2).Bytes);
        }

        return new OtlpSpan(Encoding.UTF8.GetString(fields.FirstOrDefault(f => f.Number == 5).Bytes.Span), Hex(1), Hex(2), Hex(4), attributes);
    }

    // AnyValue: string_value 1, bool_value 2, int_value 3 (the kinds the platform's tags have).
    private static string Value(ReadOnlyMemory<byte> anyValue)
    {
        foreach (var field in Fields(anyValue))
        {
            switch (field.Number)
            {
                case 1: return Encoding.UTF8.GetString(field.Bytes.Span);
                case 2: return field.Varint != 0 ? "true" : "false";
                case 3: return ((long)field.Varint).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return "";
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Nested(ReadOnlyMemory<byte> message, int number) =>
        Fields(message).Where(f => f.Number == number).Select(f => f.Bytes);

    /// <summary>The fields of a message: varints (wire type 0) by value, length-delimited ones (2) by their bytes; fixed ones are skipped.</summary>
    private static IEnumerable<(int Number, ulong Varint, ReadOnlyMemory<byte> Bytes)> Fields(ReadOnlyMemory<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var key = Varint(message.Span, ref position);
            var number = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    yield return (number, Varint(message.Span, ref position), ReadOnlyMemory<byte>.Empty);
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)Varint(message.Span, ref position);
                    yield return (number, 0, message.Slice(position, length));
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"protobuf wire type {key & 7} is not expected in OTLP traces");
            }
        }
    }

    private static ulong Varint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
