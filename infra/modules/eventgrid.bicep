// Event Grid subscription that feeds the DatasetUploaded blob trigger (Source = EventGrid, required on Flex
// Consumption): BlobCreated events under datasets/ go to the host's blobs extension webhook.
// Deploy it only once the code is deployed and the host has started: the blobs_extension system key exists only
// then, and Event Grid validates the webhook when the subscription is created. Deployed by functionapp.bicep when
// deployEventGridSubscription is true, or on its own by infra/scripts/postdeploy.sh (azd postdeploy hook):
//   az deployment group create -g <rg> -f infra/modules/eventgrid.bicep -p systemTopicName=<topic> functionAppName=<app>
param systemTopicName string
param functionAppName string
@description('The blob-triggered function (its [Function] name).')
param functionName string = 'DatasetUploaded'
@description('The container the trigger watches (the path of the trigger is datasets/{name}).')
param container string = 'datasets'

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

var blobsExtensionKey = listKeys('${app.id}/host/default', '2024-04-01').systemKeys.blobs_extension

resource datasetUploaded 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: 'dataset-uploaded'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${app.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${blobsExtensionKey}'
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [ 'Microsoft.Storage.BlobCreated' ]
      subjectBeginsWith: '/blobServices/default/containers/${container}/'
    }
    retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 }
  }
}

output name string = datasetUploaded.name
