namespace Augment.Durable;

/// <summary>A backend that owns partitions on behalf of the worker polling it: the worker releases them when it stops,
/// so other workers take over without waiting for leases to lapse.</summary>
internal interface IPartitionOwner
{
    /// <summary>Releases every partition this backend owns; it takes its share again on its next poll.</summary>
    ValueTask ReleasePartitionsAsync();
}
