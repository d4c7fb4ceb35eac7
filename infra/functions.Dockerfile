# Function app package. Flex Consumption does not run containers: it runs a zip package (the custom handler
# executable + host.json + function folders). This Dockerfile only BUILDS that package reproducibly:
#   docker build -f infra/functions.Dockerfile -o out/functions-package .
# then deploy out/functions-package/functions.zip (azd does this for the `functions` service, see azure.yaml).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update && apt-get install -y --no-install-recommends zip && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/Augment.Functions -c Release -o /package --self-contained true -r linux-x64 \
 && cd /package && zip -qr /functions.zip .

FROM scratch
COPY --from=build /functions.zip /functions.zip
