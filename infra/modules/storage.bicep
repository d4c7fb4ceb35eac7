// Storage account: the app's containers and the Durable Functions task hub's queues (container names checked against
// the code by Augment.Trainer.Tests/Infra/SettingsConsistencyTests). The Durable Functions Azure Storage backend creates
// its queues, tables ({hub}Instances, {hub}History) and containers ({hub}-leases, {hub}-largemessages) itself on first
// start; pre-creating the queues here is harmless and makes them visible right after provisioning.
param location string
param suffix string
param tags object
param taskHub string
param partitionCount int

// datasets: uploads (blob trigger) · augmented: results · models: trained models · work: per-run scratch ·
// deployments: Flex Consumption package container.
var containers = [ 'datasets', 'augmented', 'models', 'work', 'deployments' ]
var controlQueues = [for i in range(0, partitionCount): '${taskHub}-control-${padLeft(string(i), 2, '0')}']
var queues = concat(controlQueues, [ '${taskHub}-workitems' ])

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'staugment${suffix}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    // The trainer job and (with storageAuth = connectionString) the function app sign with the account key.
    allowSharedKeyAccess: true
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for name in containers: {
  parent: blobService
  name: name
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource durableQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for name in queues: {
  parent: queueService
  name: name
}]

output accountName string = account.name
output containers array = containers
output queues array = queues
