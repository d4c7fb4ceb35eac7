// Function App on Flex Consumption (FC1) running the isolated-worker app src/Augment.App (.NET 10, Durable Functions
// on its Azure Storage backend), with a system-assigned identity, the storage data roles the Functions host and
// Durable Functions need, AcrPull (tag -> digest) and rights to start/stop the trainer job, and the Event Grid system
// topic that the Flex Consumption blob trigger (DatasetUploaded, Source = EventGrid) is fed from.
param location string
param suffix string
param tags object
param storageAccountName string
param appInsightsConnectionString string
param registryName string
@description('Name of the trainer job (created by containerapps.bicep, which also grants this app the right to run it).')
param trainerJobName string
param trainerImage string
param taskHub string
param partitionCount int
param nightlySchedule string
param shardSize int = 2000

@description('How the Functions host and the app reach storage. connectionString: AzureWebJobsStorage is a key-based connection string (what Augment.App reads today). identity: AzureWebJobsStorage__accountName with the app\'s system-assigned identity; needs the app to accept the __accountName form (see infra/README.md).')
@allowed([ 'connectionString', 'identity' ])
param storageAuth string = 'connectionString'

@description('Create the Event Grid subscription for the DatasetUploaded blob trigger. Needs the code deployed first (the blobs_extension system key exists only then). azd does it in its postdeploy hook (infra/scripts/postdeploy.sh).')
param deployEventGridSubscription bool = false

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d'
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = {
  name: registryName
}

// Host storage. Either form names the same account; the blob trigger (Connection = "AzureWebJobsStorage"), the
// Durable Functions Azure Storage backend (queues, tables, blobs of the task hub) and the app's own blob store use it.
var storageSettings = storageAuth == 'identity'
  ? [
      // System-assigned identity: no __credential / __clientId needed (those are for a user-assigned identity).
      { name: 'AzureWebJobsStorage__accountName', value: storage.name }
    ]
  : [
      { name: 'AzureWebJobsStorage', value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${az.environment().suffixes.storage}' }
    ]

// Every name the code reads (Augment.Pipeline.Training.AppSettings) is set here or in storageSettings; a test checks it.
// FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION are not app settings on Flex Consumption:
// functionAppConfig.runtime says dotnet-isolated 10.0, and Flex runs Functions 4.x only.
var appSettings = [
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
  { name: 'NightlySchedule', value: nightlySchedule }
  { name: 'Augment__TaskHub', value: taskHub }
  { name: 'Augment__PartitionCount', value: string(partitionCount) }
  // host.json says partitionCount 4; this override makes the partitionCount parameter the one source of truth.
  { name: 'AzureFunctionsJobHost__extensions__durableTask__storageProvider__partitionCount', value: string(partitionCount) }
  { name: 'Augment__ShardSize', value: string(shardSize) }
  { name: 'Augment__Training__Runner', value: 'ContainerAppsJob' }
  { name: 'Augment__Training__SubscriptionId', value: subscription().subscriptionId }
  { name: 'Augment__Training__ResourceGroup', value: resourceGroup().name }
  { name: 'Augment__Training__JobName', value: trainerJobName }
  { name: 'Augment__Training__Image', value: trainerImage }
]

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-augment-${suffix}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: 'func-augment-${suffix}'
  location: location
  // azd deploys the `api` service of azure.yaml to the resource carrying this tag.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      // The zip package (dotnet publish output) goes to this container; the app reads it with its identity.
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}deployments'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: 40, instanceMemoryMB: 2048 }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat(storageSettings, appSettings)
    }
  }
}

// Host storage (AzureWebJobsStorage): blob leases/keys/secrets, the deployment package container, the blob trigger's
// receipts and the datasets/work/augmented/models containers the app writes. The Functions docs ask for Owner here.
resource blobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, app.id, roles.storageBlobDataOwner)
  properties: { principalId: app.identity.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner) }
}

// Durable Functions control and work-item queues ({hub}-control-NN, {hub}-workitems) and the blob trigger's poison queue.
resource queueData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, app.id, roles.storageQueueDataContributor)
  properties: { principalId: app.identity.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor) }
}

// Durable Functions (DTFx Azure Storage) keeps orchestration instances and history in tables ({hub}Instances, {hub}History).
resource tableData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, app.id, roles.storageTableDataContributor)
  properties: { principalId: app.identity.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor) }
}

// Resolve the trainer image tag to a digest before each run (ACR token exchange + manifest HEAD).
resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: registry
  name: guid(registry.id, app.id, roles.acrPull)
  properties: { principalId: app.identity.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.acrPull) }
}

// (Contributor on the trainer job, to start / read / stop its executions, is granted in containerapps.bicep.)

// Host key `trainer` (value generated by Functions): the app's function-level routes accept it, so the trainer job polls
// GET /api/augmentations/{runId} and posts …/raiseEvent/{name} with it (containerapps.bicep reads it with listKeys for the
// job secret run-status-url). The Durable webhook /runtime/webhooks/durabletask would want the extension's system key.
// Bicep has no type for this resource (BCP081); the Functions docs create host keys this way.
#disable-next-line BCP081
resource trainerKey 'Microsoft.Web/sites/host/functionKeys@2022-09-01' = {
  name: '${app.name}/default/trainer'
  properties: { name: 'trainer' }
}

// One system topic per storage account; the subscription on it needs the deployed code (see eventgrid.bicep).
resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: 'evgt-augment-${suffix}'
  location: location
  tags: tags
  properties: { source: storage.id, topicType: 'Microsoft.Storage.StorageAccounts' }
}

module datasetUploaded 'eventgrid.bicep' = if (deployEventGridSubscription) {
  name: 'dataset-uploaded-subscription'
  params: { systemTopicName: systemTopic.name, functionAppName: app.name }
}

output name string = app.name
output hostName string = app.properties.defaultHostName
output principalId string = app.identity.principalId
output systemTopicName string = systemTopic.name
