// Azure Container Registry holding the trainer image (pulled by the job's identity with AcrPull).
param location string
param suffix string
param tags object

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: 'craugment${suffix}'
  location: location
  tags: tags
  sku: { name: 'Basic' }
  properties: { adminUserEnabled: false }
}

output name string = registry.name
output loginServer string = registry.properties.loginServer
