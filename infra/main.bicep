// AugmentFunctions: everything one environment needs. Deployed by `azd up` (azure.yaml) or
// `az deployment group create -g <rg> -f infra/main.bicep -p infra/main.parameters.json`.
targetScope = 'resourceGroup'

@description('Short environment name; resource names derive from it.')
@minLength(2)
@maxLength(12)
param environmentName string

@description('Region of every resource. Serverless GPUs exist in a few regions only (see infra/README.md).')
param location string = resourceGroup().location

@description('Serverless GPU workload profile type of the trainer job.')
@allowed([ 'Consumption-GPU-NC8as-T4', 'Consumption-GPU-NC24-A100' ])
param gpuProfileType string = 'Consumption-GPU-NC8as-T4'

@description('Trainer image tag pushed to the registry; each run resolves it to a digest.')
param trainerImageTag string = 'latest'

@description('Durable task hub name (queue and container prefix).')
param taskHub string = 'augment'

@description('Durable control-queue partitions (1-16). Must match the DurableControlNN functions deployed.')
@minValue(1)
@maxValue(16)
param partitionCount int = 4

@description('NCRONTAB schedule of the nightly re-augmentation.')
param nightlySchedule string = '0 0 2 * * *'

var suffix = toLower(uniqueString(resourceGroup().id, environmentName))
var tags = { 'azd-env-name': environmentName, app: 'augment' }

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: { location: location, suffix: suffix, tags: tags }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: { location: location, suffix: suffix, tags: tags, taskHub: taskHub, partitionCount: partitionCount }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: { location: location, suffix: suffix, tags: tags }
}

module trainer 'modules/containerapps.bicep' = {
  name: 'trainer'
  params: {
    location: location
    suffix: suffix
    tags: tags
    gpuProfileType: gpuProfileType
    logAnalyticsName: monitoring.outputs.logAnalyticsName
    storageAccountName: storage.outputs.accountName
    registryName: registry.outputs.name
    trainerImage: '${registry.outputs.loginServer}/augment/trainer:${trainerImageTag}'
    taskHub: taskHub
    partitionCount: partitionCount
  }
}

module functions 'modules/functionapp.bicep' = {
  name: 'functions'
  params: {
    location: location
    suffix: suffix
    tags: tags
    storageAccountName: storage.outputs.accountName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    registryName: registry.outputs.name
    trainerJobName: trainer.outputs.jobName
    trainerImage: '${registry.outputs.loginServer}/augment/trainer:${trainerImageTag}'
    taskHub: taskHub
    partitionCount: partitionCount
    nightlySchedule: nightlySchedule
  }
}

output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_STORAGE_ACCOUNT string = storage.outputs.accountName
output FUNCTION_APP_NAME string = functions.outputs.name
output TRAINER_JOB_NAME string = trainer.outputs.jobName
