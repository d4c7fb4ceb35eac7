using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Augment.Durable.Engine;

/// <summary>Name-based (RFC 4122 version 5, SHA-1) GUIDs: the same name always gives the same GUID.</summary>
internal static class DeterministicGuid
{
    /// <summary>The namespace for orchestration GUIDs (a fixed random value).</summary>
    public static readonly Guid OrchestrationNamespace = new("6f1d3c2a-4b7e-4f0a-9c55-3a8e2d9b1c47");

    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "RFC 4122 v5 is defined over SHA-1; not a security use.")]
    public static Guid Create(Guid namespaceId, string name)
    {
        Span<byte> ns = stackalloc byte[16];
        namespaceId.TryWriteBytes(ns, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[16 + nameBytes.Length];
        ns.CopyTo(buffer);
        nameBytes.CopyTo(buffer, 16);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(buffer, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
