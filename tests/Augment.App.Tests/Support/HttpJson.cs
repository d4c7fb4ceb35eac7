using System.Text;
using System.Text.Json;

namespace Augment.App.Tests.Support;

/// <summary>Reading and sending the API's JSON.</summary>
internal static class HttpJson
{
    /// <summary>The response's body as JSON; asserts its content type is application/json.</summary>
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", $"{(int)response.StatusCode} {response.Content.Headers.ContentType}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The one-line <c>error</c> of an error body.</summary>
    public static async Task<string> ErrorAsync(this HttpResponseMessage response)
    {
        var error = (await response.JsonAsync()).GetProperty("error").GetString()!;
        Assert.DoesNotContain('\n', error);
        return error;
    }

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
