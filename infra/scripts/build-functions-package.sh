#!/bin/sh
# Builds the function app's zip package for Flex Consumption (which runs a zip package, not a container):
# dotnet publish of src/Augment.App with the Event Grid blob trigger source, zipped.
#   infra/scripts/build-functions-package.sh [output-dir]        (default out/functions-package)
# Then deploy the zip, e.g.
#   az functionapp deployment source config-zip -g <rg> -n <app> --src out/functions-package/functions.zip
set -eu
cd "$(dirname "$0")/../.."
out="${1:-out/functions-package}"
command -v zip >/dev/null 2>&1 || { echo "zip is required (apt-get install zip)" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out"
# -p:BlobTriggerSource=EventGrid: DatasetUploaded uses Source = EventGrid, the only blob trigger Flex Consumption runs.
dotnet publish src/Augment.App -c Release -p:BlobTriggerSource=EventGrid -o "$out/app"
(cd "$out/app" && zip -qr ../functions.zip .)
echo "$out/functions.zip"
