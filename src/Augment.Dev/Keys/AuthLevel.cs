namespace Augment.Dev.Keys;

/// <summary>
/// An HTTP function's <c>authLevel</c>. The numbers are those of the Functions worker's <c>AuthorizationLevel</c>
/// (<c>User</c> = 1 and <c>System</c> = 3 are not kept here), so a cast from it is direct; any other value is refused.
/// </summary>
internal enum AuthLevel
{
    /// <summary>No key needed.</summary>
    Anonymous = 0,

    /// <summary>The function's own keys, a host function key or the master key.</summary>
    Function = 2,

    /// <summary>Only the master key.</summary>
    Admin = 4,
}
