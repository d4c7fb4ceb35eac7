// Function App on Flex Consumption running the custom handler (Augment.Functions), with a system-assigned identity,
// data roles on the storage account, AcrPull (tag -> digest) and rights to start/stop the trainer job, and the
// Event Grid subscription that Flex Consumption blob triggers need.
param location string
param suffix string
param tags object
param storageAccountName string
param appInsightsConnectionString string
param registryName string
param trainerJobName string
param trainerImage string
param taskHub string
param partitionCount int
param nightlySchedule string
param shardSize int = 2000
@description('Create the Event Grid subscription for the DatasetUploaded blob trigger. Needs the code deployed first (the blobs_extension system key exists only then): run once with false, deploy, then with true.')
param deployEventGridSubscription bool = false

var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  acrPull: '7f951dda-4ed3-4680-a7ca-43e93ec84ec7'
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c'
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = {
  name: registryName
}

resource trainerJob 'Microsoft.App/jobs@2025-01-01' existing = {
  name: trainerJobName
}

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
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}deployments'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: 40, instanceMemoryMB: 2048 }
      runtime: { name: 'custom', version: '1.0' }
    }
    siteConfig: {
      // Every name the code reads (Augment.Pipeline.Training.AppSettings) is set here; a test checks it.
      // FUNCTIONS_WORKER_RUNTIME is not set on Flex Consumption (functionAppConfig.runtime says it).
      appSettings: [
        { name: 'AzureWebJobsStorage', value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${az.environment().suffixes.storage}' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        { name: 'NightlySchedule', value: nightlySchedule }
        { name: 'Augment__TaskHub', value: taskHub }
        { name: 'Augment__PartitionCount', value: string(partitionCount) }
        { name: 'Augment__ShardSize', value: string(shardSize) }
        { name: 'Augment__Training__Runner', value: 'ContainerAppsJob' }
        { name: 'Augment__Training__SubscriptionId', value: subscription().subscriptionId }
        { name: 'Augment__Training__ResourceGroup', value: resourceGroup().name }
        { name: 'Augment__Training__JobName', value: trainerJobName }
        { name: 'Augment__Training__Image', value: trainerImage }
      ]
    }
  }
}

resource blobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, app.id, roles.storageBlobDataOwner)
  properties: { principalId: app.identity.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner) }
}

resource queueData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, app.id, roles.storageQueueDataContributor)
  properties: { principalId: app.identity.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor) }
}

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: registry
  name: guid(registry.id, app.id, roles.acrPull)
  properties: { principalId: app.identity.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.acrPull) }
}

// Start / read / stop executions of this one job (Contributor scoped to the job resource only).
resource jobOperator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: trainerJob
  name: guid(trainerJob.id, app.id, roles.contributor)
  properties: { principalId: app.identity.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.contributor) }
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2024-06-01-preview' = if (deployEventGridSubscription) {
  name: 'evgt-augment-${suffix}'
  location: location
  tags: tags
  properties: { source: storage.id, topicType: 'Microsoft.Storage.StorageAccounts' }
}

resource datasetUploaded 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2024-06-01-preview' = if (deployEventGridSubscription) {
  parent: systemTopic
  name: 'dataset-uploaded'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${app.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.DatasetUploaded&code=${listKeys('${app.id}/host/default', '2024-04-01').systemKeys.blobs_extension}'
      }
    }
    filter: {
      includedEventTypes: [ 'Microsoft.Storage.BlobCreated' ]
      subjectBeginsWith: '/blobServices/default/containers/datasets/'
    }
  }
}

output name string = app.name
output principalId string = app.identity.principalId
