// The Bot Framework adapter, built from validated settings only. Handing all of process.env to
// ConfigurationBotFrameworkAuthentication would switch authentication on as soon as any
// MicrosoftAppId variable exists, and MicrosoftAppType=SingleTenant with an empty id throws.
import { randomUUID } from 'node:crypto';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConfigurationServiceClientCredentialFactoryOptions,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config/config.js';
import type { Logger } from '../log/logger.js';

export type AdapterSettings = Pick<
  Config,
  'authEnabled' | 'MicrosoftAppId' | 'MicrosoftAppPassword' | 'MicrosoftAppTenantId' | 'MicrosoftAppType'
>;

/** The exact settings given to botbuilder: empty in local mode, so authentication stays off. */
export function botFrameworkSettings(config: AdapterSettings): {
  auth: ConfigurationBotFrameworkAuthenticationOptions;
  credentials: ConfigurationServiceClientCredentialFactoryOptions;
} {
  if (!config.authEnabled) return { auth: {}, credentials: {} };
  return {
    auth: { MicrosoftAppId: config.MicrosoftAppId, MicrosoftAppTenantId: config.MicrosoftAppTenantId },
    credentials: {
      MicrosoftAppId: config.MicrosoftAppId,
      MicrosoftAppPassword: config.MicrosoftAppType === 'UserAssignedMSI' ? undefined : config.MicrosoftAppPassword,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId,
      MicrosoftAppType: config.MicrosoftAppType,
    },
  };
}

export const TURN_ERROR_MESSAGE = 'Sorry, something went wrong on my side. Please try again in a moment.';

export function createAdapter(config: AdapterSettings, logger: Logger): CloudAdapter {
  const { auth, credentials } = botFrameworkSettings(config);
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication(auth, new ConfigurationServiceClientCredentialFactory(credentials)),
  );
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // A short reference lets support find the log line without the user seeing internals.
    const ref = randomUUID().slice(0, 8);
    const { activity } = context;
    logger.error(
      {
        err: error,
        ref,
        channelId: activity.channelId,
        conversationId: activity.conversation?.id,
        activityType: activity.type,
        activityId: activity.id,
      },
      'bot turn failed',
    );
    try {
      await context.sendActivity(`${TURN_ERROR_MESSAGE} (reference ${ref})`);
    } catch (sendError) {
      logger.warn({ err: sendError, ref }, 'could not tell the user about the failed turn');
    }
  };
  return adapter;
}
