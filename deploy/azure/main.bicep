// The Complaint Center bot on Azure: a user-assigned managed identity as the bot's identity (no client
// secret exists), App Service on Linux (Node 24 LTS) running `node dist/main.js`, secrets in Key Vault
// read through Key Vault references, and an Azure Bot with the Teams and Direct Line channels.
// Step by step: deploy/README.md. CI: `az bicep build --file deploy/azure/main.bicep`.

@description('Short name used in every resource name (letters and digits, 3-12).')
@minLength(3)
@maxLength(12)
param name string

param location string = resourceGroup().location

@description('MongoDB connection string (Atlas or Azure DocumentDB vCore, mongodb+srv:// or mongodb://). Stored in Key Vault only.')
@secure()
param mongodbUri string

@description('Direct Line secret for the web chat page (Azure portal > the bot > Channels > Direct Line). Empty: web chat off, Teams only.')
@secure()
param directLineSecret string = ''

@description('SMTP server with credentials (smtps://user:password@host:465). Empty: emails are written under DATA_DIR/outbox.')
@secure()
param smtpUrl string = ''

param supportEmail string = 'support@example.com'
param mailFrom string = 'Complaint Center <complaints@example.com>'
param platformName string = 'Alibaba.com'

@allowed(['B1', 'B2', 'S1', 'P0v3', 'P1v3'])
param appServiceSku string = 'B1'

var suffix = uniqueString(resourceGroup().id, name)
var webAppName = '${name}-bot-${suffix}'
var host = '${webAppName}.azurewebsites.net'
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-bot-id'
  location: location
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('${name}kv${suffix}', 24)
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
  }
}

resource mongoSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'mongodb-uri'
  properties: { value: mongodbUri }
}

resource directLineSecretEntry 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(directLineSecret)) {
  parent: vault
  name: 'direct-line-secret'
  properties: { value: directLineSecret }
}

resource smtpSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(smtpUrl)) {
  parent: vault
  name: 'smtp-url'
  properties: { value: smtpUrl }
}

// The web app reads the secrets as its user-assigned identity.
resource secretsReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${name}-plan'
  location: location
  kind: 'linux'
  sku: { name: appServiceSku }
  properties: { reserved: true }
}

resource web 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts'
      appCommandLine: 'node dist/main.js'
      healthCheckPath: '/healthz'
      alwaysOn: appServiceSku != 'B1'
      webSocketsEnabled: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      appSettings: concat([
        { name: 'NODE_ENV', value: 'production' }
        { name: 'PORT', value: '8080' }
        { name: 'WEBSITES_PORT', value: '8080' }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
        { name: 'PUBLIC_URL', value: 'https://${host}' }
        { name: 'DATA_DIR', value: '/home/data' }
        { name: 'MicrosoftAppType', value: 'UserAssignedMSI' }
        { name: 'MicrosoftAppId', value: identity.properties.clientId }
        { name: 'MicrosoftAppTenantId', value: tenant().tenantId }
        { name: 'MONGODB_URI', value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=mongodb-uri)' }
        { name: 'PLATFORM_NAME', value: platformName }
        { name: 'SUPPORT_EMAIL', value: supportEmail }
        { name: 'MAIL_FROM', value: mailFrom }
        { name: 'WEB_CHAT', value: empty(directLineSecret) ? 'off' : 'on' }
      ], empty(directLineSecret) ? [] : [
        { name: 'DIRECT_LINE_SECRET', value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=direct-line-secret)' }
      ], empty(smtpUrl) ? [] : [
        { name: 'SMTP_URL', value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=smtp-url)' }
      ])
    }
  }
  dependsOn: [secretsReader, mongoSecret]
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${name}-bot-${suffix}'
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'S1' }
  properties: {
    displayName: '${platformName} Complaint Center'
    endpoint: 'https://${host}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppTenantId: tenant().tenantId
    msaAppMSIResourceId: identity.id
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true }
  }
}

resource directLine 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'DirectLineChannel'
  location: 'global'
  properties: {
    channelName: 'DirectLineChannel'
    properties: {
      sites: [
        { siteName: 'web chat page', isEnabled: true, isV1Enabled: false, isV3Enabled: true }
      ]
    }
  }
}

output webAppName string = web.name
output publicUrl string = 'https://${host}'
output messagingEndpoint string = bot.properties.endpoint
output botAppId string = identity.properties.clientId
output keyVaultName string = vault.name
