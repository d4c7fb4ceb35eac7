// Container Apps environment (workload profiles, serverless GPU) and the trainer job (manual trigger).
// The runner overrides the container per execution (image pinned by digest, run env vars); the template here is
// the fallback and names the container 'trainer' that every override must reuse (CONTRACTS §6).
param location string
param suffix string
param tags object
@allowed([ 'Consumption-GPU-NC8as-T4', 'Consumption-GPU-NC24-A100' ])
param gpuProfileType string
param logAnalyticsName string
param storageAccountName string
param registryName string
@description('Trainer image by tag. The first provision may run before the image is pushed; executions always override it.')
param trainerImage string
param jobName string
@description('The function app (functionapp.bicep): the trainer reports to it with its host key `trainer`, and its identity gets Contributor on the job.')
param functionAppName string

var roles = {
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c'
}
// T4 profile: 8 vCPU / 56 GiB per replica; A100 profile: 24 vCPU / 220 GiB.
var resources = gpuProfileType == 'Consumption-GPU-NC8as-T4' ? { cpu: json('8'), memory: '56Gi' } : { cpu: json('24'), memory: '220Gi' }

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = {
  name: registryName
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

// User-assigned so AcrPull can be granted before the job's first pull.
resource trainerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-trainer-${suffix}'
  location: location
  tags: tags
}

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: registry
  name: guid(registry.id, trainerIdentity.id, roles.acrPull)
  properties: { principalId: trainerIdentity.properties.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.acrPull) }
}

resource blobData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, trainerIdentity.id, roles.storageBlobDataContributor)
  properties: { principalId: trainerIdentity.properties.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor) }
}

resource queueData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, trainerIdentity.id, roles.storageQueueDataContributor)
  properties: { principalId: trainerIdentity.properties.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor) }
}

resource environment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: 'cae-augment-${suffix}'
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: { customerId: workspace.properties.customerId, sharedKey: workspace.listKeys().primarySharedKey }
    }
    workloadProfiles: [
      { name: 'Consumption', workloadProfileType: 'Consumption' }
      { name: 'gpu', workloadProfileType: gpuProfileType }
    ]
  }
}

resource job 'Microsoft.App/jobs@2025-01-01' = {
  name: jobName
  location: location
  tags: tags
  identity: { type: 'UserAssigned', userAssignedIdentities: { '${trainerIdentity.id}': {} } }
  dependsOn: [ acrPull ]
  properties: {
    environmentId: environment.id
    workloadProfileName: 'gpu'
    configuration: {
      triggerType: 'Manual'
      replicaTimeout: 14400
      replicaRetryLimit: 0
      manualTriggerConfig: { replicaCompletionCount: 1, parallelism: 1 }
      registries: [ { server: registry.properties.loginServer, identity: trainerIdentity.id } ]
      secrets: [
        {
          name: 'storage-connection'
          value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${az.environment().suffixes.storage}'
        }
        {
          // What the trainer polls to stop when its run ends, and where it raises TrainingCompleted/TrainingFailed
          // ({url path}/raiseEvent/{name}): the app's management route (host.json routePrefix 'api') with the host key
          // `trainer` that functionapp.bicep creates.
          name: 'run-status-url'
          value: 'https://${functionApp.properties.defaultHostName}/api/augmentations/{runId}?code=${listKeys('${functionApp.id}/host/default', '2024-04-01').functionKeys.trainer}'
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'trainer'
          image: trainerImage
          env: [
            { name: 'AzureWebJobsStorage', secretRef: 'storage-connection' }
            { name: 'AUGMENT_RUN_STATUS_URL', secretRef: 'run-status-url' }
            { name: 'AZURE_CLIENT_ID', value: trainerIdentity.properties.clientId }
          ]
          resources: resources
        }
      ]
    }
  }
}

// Start / read / stop executions of this one job (Contributor scoped to the job resource only).
resource jobOperator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: job
  name: guid(job.id, functionApp.id, roles.contributor)
  properties: { principalId: functionApp.identity.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.contributor) }
}

output jobName string = job.name
output environmentName string = environment.name
