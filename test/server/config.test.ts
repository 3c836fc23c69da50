import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ConfigError, environmentWithDotEnv, loadConfig } from '../../src/config/config.js';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

const PROD_AUTH = { MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'app-secret', MicrosoftAppTenantId: 'tenant-id' };

describe('configuration', () => {
  it('runs with an empty environment: local mode on 127.0.0.1:3978 with the embedded database', () => {
    const c = loadConfig({});
    expect(c.PORT).to.equal(3978);
    expect(c.authEnabled).to.equal(false);
    expect(c.host).to.equal('127.0.0.1');
    expect(c.publicUrl).to.equal('http://127.0.0.1:3978');
    expect(c.MONGODB_URI).to.equal(undefined);
    expect(c.MONGODB_DB).to.equal('complaint_center');
    expect(c.DATA_DIR).to.equal('data');
    expect(c.REMINDER_HOURS).to.deep.equal([48, 24, 2]);
    expect(c.SHUTDOWN_TIMEOUT_SECONDS).to.equal(10);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', MONGODB_URI: ' ', MicrosoftAppId: '' }).PORT).to.equal(3978);
  });

  it('names PORT in one line when it is not a number', () => {
    const err = configError({ PORT: 'abc' });
    expect(err.message).to.equal('Invalid configuration: PORT: must be a whole number from 0 to 65535 (got "abc")');
    expect(err.message).to.not.contain('\n');
  });

  it('rejects out-of-range and fractional numbers', () => {
    expect(configError({ PORT: '70000' }).message).to.match(/^Invalid configuration: PORT: /);
    expect(configError({ EVIDENCE_MAX_FILE_MB: '1.5' }).message).to.match(/^Invalid configuration: EVIDENCE_MAX_FILE_MB: /);
  });

  it('names the variable for enums, URLs and lists', () => {
    expect(configError({ NODE_ENV: 'prod' }).message).to.match(/^Invalid configuration: NODE_ENV: /);
    expect(configError({ LOG_LEVEL: 'loud' }).message).to.match(/^Invalid configuration: LOG_LEVEL: /);
    expect(configError({ REMINDER_HOURS: '48,x' }).message).to.match(/^Invalid configuration: REMINDER_HOURS: /);
    expect(configError({ PUBLIC_URL: 'not a url' }).message).to.match(/^Invalid configuration: PUBLIC_URL: /);
  });

  it('never echoes the value of a variable that may hold credentials', () => {
    const err = configError({ MONGODB_URI: 'postgres://admin:s3cret@db/x' });
    expect(err.message).to.match(/^Invalid configuration: MONGODB_URI: must start with mongodb:\/\//);
    expect(err.message).to.not.contain('s3cret');
  });

  it('refuses to start in production without app id, password and tenant id', () => {
    expect(configError({ NODE_ENV: 'production' }).message).to.equal(
      'Invalid configuration: MicrosoftAppId is required when NODE_ENV=production',
    );
    expect(configError({ NODE_ENV: 'production', ...PROD_AUTH, MicrosoftAppPassword: '' }).message).to.equal(
      'Invalid configuration: MicrosoftAppPassword is required when NODE_ENV=production',
    );
    expect(configError({ NODE_ENV: 'production', ...PROD_AUTH, MicrosoftAppTenantId: '' }).message).to.equal(
      'Invalid configuration: MicrosoftAppTenantId is required when NODE_ENV=production',
    );
  });

  it('in production with credentials: authentication on, all interfaces by default, HOST honoured', () => {
    const c = loadConfig({ NODE_ENV: 'production', ...PROD_AUTH });
    expect(c.authEnabled).to.equal(true);
    expect(c.MicrosoftAppType).to.equal('SingleTenant');
    expect(c.host).to.equal('0.0.0.0');
    expect(loadConfig({ NODE_ENV: 'production', ...PROD_AUTH, HOST: '10.0.0.5' }).host).to.equal('10.0.0.5');
  });

  it('binds 127.0.0.1 in local mode even when HOST asks for more', () => {
    const c = loadConfig({ HOST: '0.0.0.0' });
    expect(c.authEnabled).to.equal(false);
    expect(c.host).to.equal('127.0.0.1');
  });

  it('refuses half-configured credentials instead of silently running without authentication', () => {
    expect(configError({ MicrosoftAppId: 'id' }).message).to.contain('MicrosoftAppPassword');
    expect(configError({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw' }).message).to.contain('MicrosoftAppTenantId');
    expect(configError({ MicrosoftAppPassword: 'pw' }).message).to.contain('MicrosoftAppId is required');
    expect(loadConfig({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw', MicrosoftAppType: 'MultiTenant' }).authEnabled).to.equal(true);
  });

  it('reads .env underneath the real environment', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-env-'));
    const file = path.join(dir, '.env');
    writeFileSync(file, '# comment\nPORT=4000\nMONGODB_DB=from_file\n');
    const env = environmentWithDotEnv({ PORT: '5000' }, file);
    expect(env.PORT).to.equal('5000');
    expect(env.MONGODB_DB).to.equal('from_file');
    expect(environmentWithDotEnv({ A: '1' }, path.join(dir, 'missing.env'))).to.deep.equal({ A: '1' });
  });
});
