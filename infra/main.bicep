// AugmentFunctions: everything one environment needs. Deployed by `azd up` (azure.yaml) or
// `az deployment group create -g <rg> -f infra/main.bicep -p environmentName=<name>` (see infra/README.md).
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

@description('Durable task hub name (Augment__TaskHub, read by host.json as %Augment__TaskHub%): prefix of the queues, tables and containers of the Durable Functions Azure Storage backend. Letters and digits, starting with a letter.')
@minLength(3)
@maxLength(45)
param taskHub string = 'augment'

@description('Durable control-queue partitions (1-16). Overrides host.json (durableTask.storageProvider.partitionCount, 4) through an app setting; fixed once a task hub exists (change taskHub to change it).')
@minValue(1)
@maxValue(16)
param partitionCount int = 4

@description('NCRONTAB schedule of the nightly re-augmentation.')
param nightlySchedule string = '0 0 2 * * *'

@description('How the function app reaches storage: connectionString (key-based AzureWebJobsStorage, what Augment.App reads today) or identity (AzureWebJobsStorage__accountName + managed identity). See infra/README.md.')
@allowed([ 'connectionString', 'identity' ])
param storageAuth string = 'connectionString'

@description('Create the Event Grid subscription of the DatasetUploaded blob trigger. Only after the code is deployed (azd does it in its postdeploy hook).')
param deployEventGridSubscription bool = false

var suffix = toLower(uniqueString(resourceGroup().id, environmentName))
var tags = { 'azd-env-name': environmentName, app: 'augment' }
// Named here: the function app's settings name the job, and the job module depends on the app (its host name and
// trainer key), so the app cannot take the name from the job's outputs.
var trainerJobName = 'job-trainer-${suffix}'

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

module functions 'modules/functionapp.bicep' = {
  name: 'functions'
  params: {
    location: location
    suffix: suffix
    tags: tags
    storageAccountName: storage.outputs.accountName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    registryName: registry.outputs.name
    trainerJobName: trainerJobName
    trainerImage: '${registry.outputs.loginServer}/augment/trainer:${trainerImageTag}'
    taskHub: taskHub
    partitionCount: partitionCount
    nightlySchedule: nightlySchedule
    storageAuth: storageAuth
    deployEventGridSubscription: deployEventGridSubscription
  }
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
    jobName: trainerJobName
    functionAppName: functions.outputs.name
  }
}

output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_STORAGE_ACCOUNT string = storage.outputs.accountName
output AZURE_RESOURCE_GROUP string = resourceGroup().name
output FUNCTION_APP_NAME string = functions.outputs.name
output FUNCTION_APP_HOST string = functions.outputs.hostName
output EVENT_GRID_SYSTEM_TOPIC string = functions.outputs.systemTopicName
output TRAINER_JOB_NAME string = trainer.outputs.jobName
