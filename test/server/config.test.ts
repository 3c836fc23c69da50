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
/** Everything production needs besides the credentials. */
const PROD_SAFE = { MONGODB_URI: 'mongodb://db.internal:27017/?replicaSet=rs0', PUBLIC_URL: 'https://complaints.example.com', DIRECT_LINE_SECRET: 'dl-secret' };
const PROD = { NODE_ENV: 'production', ...PROD_AUTH, ...PROD_SAFE };

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
    const c = loadConfig(PROD);
    expect(c.authEnabled).to.equal(true);
    expect(c.MicrosoftAppType).to.equal('SingleTenant');
    expect(c.host).to.equal('0.0.0.0');
    expect(loadConfig({ ...PROD, HOST: '10.0.0.5' }).host).to.equal('10.0.0.5');
  });

  it('refuses the embedded database in production: MONGODB_URI is required', () => {
    const err = configError({ ...PROD, MONGODB_URI: '' });
    expect(err.message).to.equal(
      'Invalid configuration: MONGODB_URI is required when NODE_ENV=production (the embedded database is for local runs and tests only)',
    );
    expect(loadConfig({ ...PROD, NODE_ENV: 'development', MONGODB_URI: '' }).MONGODB_URI).to.equal(undefined);
  });

  it('requires an https PUBLIC_URL in production', () => {
    const message = 'Invalid configuration: PUBLIC_URL must be an https:// URL when NODE_ENV=production';
    expect(configError({ ...PROD, PUBLIC_URL: '' }).message).to.equal(message);
    expect(configError({ ...PROD, PUBLIC_URL: 'http://complaints.example.com' }).message).to.equal(message);
    expect(loadConfig({ ...PROD, PUBLIC_URL: 'https://complaints.example.com/' }).publicUrl).to.equal('https://complaints.example.com');
  });

  it('requires DIRECT_LINE_SECRET in production while the web chat page is on, not with WEB_CHAT=off', () => {
    expect(configError({ ...PROD, DIRECT_LINE_SECRET: '' }).message).to.equal(
      'Invalid configuration: DIRECT_LINE_SECRET is required when NODE_ENV=production and WEB_CHAT=on (set WEB_CHAT=off for a Teams-only bot)',
    );
    const teamsOnly = loadConfig({ ...PROD, DIRECT_LINE_SECRET: '', WEB_CHAT: 'off' });
    expect(teamsOnly.WEB_CHAT).to.equal(false);
    expect(loadConfig({}).WEB_CHAT).to.equal(true);
    expect(configError({ WEB_CHAT: 'maybe' }).message).to.match(/^Invalid configuration: WEB_CHAT: /);
  });

  it('each production refusal is one line', () => {
    for (const env of [{ ...PROD, MONGODB_URI: '' }, { ...PROD, PUBLIC_URL: 'http://x.example' }, { ...PROD, DIRECT_LINE_SECRET: '' }]) {
      expect(configError(env).message).to.not.contain('\n');
    }
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
