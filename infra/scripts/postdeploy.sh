#!/bin/sh
# azd postdeploy hook (azure.yaml): creates the Event Grid subscription of the DatasetUploaded blob trigger once the
# code is deployed. The subscription's webhook URL carries the host's blobs_extension system key, which exists only
# after the host has started with the blob extension loaded. Idempotent: re-running updates the same subscription.
# Needs the Azure CLI, logged in (az login), and the azd outputs of infra/main.bicep in the environment.
set -eu
: "${AZURE_RESOURCE_GROUP:?}" "${FUNCTION_APP_NAME:?}" "${FUNCTION_APP_HOST:?}" "${EVENT_GRID_SYSTEM_TOPIC:?}"
cd "$(dirname "$0")/../.."

attempt=0
while :; do
  key=$(az functionapp keys list -g "$AZURE_RESOURCE_GROUP" -n "$FUNCTION_APP_NAME" --query "systemKeys.blobs_extension" -o tsv 2>/dev/null || true)
  [ -n "$key" ] && break
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 20 ]; then
    echo "postdeploy: no blobs_extension key on $FUNCTION_APP_NAME after 5 minutes; is the package built with -p:BlobTriggerSource=EventGrid and the host running? Re-run: sh infra/scripts/postdeploy.sh" >&2
    exit 1
  fi
  # Any request wakes a scaled-to-zero Flex Consumption app; the status code does not matter.
  curl -s -o /dev/null --max-time 30 "https://$FUNCTION_APP_HOST/api/health" || true
  sleep 15
done

az deployment group create -g "$AZURE_RESOURCE_GROUP" -n dataset-uploaded-subscription \
  -f infra/modules/eventgrid.bicep \
  -p systemTopicName="$EVENT_GRID_SYSTEM_TOPIC" functionAppName="$FUNCTION_APP_NAME" -o none
echo "postdeploy: Event Grid subscription dataset-uploaded -> $FUNCTION_APP_NAME (DatasetUploaded)"
