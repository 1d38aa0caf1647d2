using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace HeadlessBlog.Api.Imports;

/// <summary>Reads an export file into an <see cref="ImportPlan"/>: the format detected from the content, or the one asked for.</summary>
public static class ImportReader
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 64 };

    /// <summary>The file read as <paramref name="format"/> (null: detected); <see cref="ImportFileException"/> when it cannot be.</summary>
    public static ImportPlan Read(ReadOnlyMemory<byte> file, string? format, string? ghostUrl)
    {
        try
        {
            return ReadAs(file, format, ghostUrl);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            // A value of an unexpected type where the format has another (a number for a text, …).
            throw new ImportFileException(StatusCodes.Status422UnprocessableEntity, $"The file could not be read as an export: {e.Message}");
        }
    }

    private static ImportPlan ReadAs(ReadOnlyMemory<byte> file, string? format, string? ghostUrl)
    {
        var content = SkipPreamble(file);
        if (content.IsEmpty)
        {
            throw new ImportFileException(StatusCodes.Status400BadRequest, "The file is empty.");
        }

        if (content.Span[0] == (byte)'<')
        {
            if (format is not (null or ImportFormats.WordPress))
            {
                throw new ImportFileException(StatusCodes.Status422UnprocessableEntity,
                    $"The file is XML, but format '{format}' is JSON.");
            }

            return WordPressReader.Read(LoadXml(file));
        }

        using var json = ParseJson(content);
        var root = json.RootElement;
        return format switch
        {
            ImportFormats.Ghost => GhostReader.Read(root, ghostUrl),
            ImportFormats.HeadlessBlog => HeadlessBlogReader.Read(root),
            ImportFormats.WordPress => throw new ImportFileException(StatusCodes.Status422UnprocessableEntity,
                "The file is JSON, but a WordPress export (WXR) is XML."),
            _ when HeadlessBlogReader.Matches(root) => HeadlessBlogReader.Read(root),
            _ when GhostReader.Matches(root) => GhostReader.Read(root, ghostUrl),
            _ => throw new ImportFileException(StatusCodes.Status422UnprocessableEntity,
                "The JSON is neither a Ghost export (db[0].data) nor a HeadlessBlog export (\"format\": \"headlessblog\")."),
        };
    }

    /// <summary>Without a UTF-8 byte order mark and leading whitespace, to see whether the file starts as XML or JSON.</summary>
    private static ReadOnlyMemory<byte> SkipPreamble(ReadOnlyMemory<byte> file)
    {
        var span = file.Span;
        var start = span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        while (start < span.Length && span[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        return file[start..];
    }

    private static JsonDocument ParseJson(ReadOnlyMemory<byte> content)
    {
        try
        {
            return JsonDocument.Parse(content, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ImportFileException(StatusCodes.Status400BadRequest,
                $"The file is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): it may be cut off or damaged.");
        }
    }

    private static XDocument LoadXml(ReadOnlyMemory<byte> file)
    {
        try
        {
            using var stream = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(file, out var array)
                ? new MemoryStream(array.Array!, array.Offset, array.Count, writable: false)
                : new MemoryStream(file.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, WordPressReader.Settings(file.Length));
            return XDocument.Load(reader);
        }
        catch (XmlException e) when (e.Message.Contains("DTD", StringComparison.Ordinal))
        {
            throw new ImportFileException(StatusCodes.Status400BadRequest,
                "The XML declares a DTD, which is not accepted: its entities could read files or expand without bound. A WordPress export has none.");
        }
        catch (XmlException e)
        {
            throw new ImportFileException(StatusCodes.Status400BadRequest,
                $"The file is not well-formed XML (line {e.LineNumber}, position {e.LinePosition}): it may be cut off or damaged.");
        }
    }
}
