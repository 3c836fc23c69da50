import { expect } from 'chai';
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { loadConfig } from '../../src/config/config.js';
import { botFrameworkSettings, createAdapter } from '../../src/server/adapter.js';
import { exemptLoopbackFromProxy } from '../../src/server/proxy.js';
import { TurnTracker } from '../../src/server/turn-tracker.js';
import { silentLogger } from '../../src/log/logger.js';

describe('Bot Framework adapter settings', () => {
  it('gives botbuilder nothing in local mode, so authentication stays off', async () => {
    // SingleTenant is the configured default: handed to botbuilder with no app id it would throw.
    const config = loadConfig({ MicrosoftAppType: 'SingleTenant' });
    const settings = botFrameworkSettings(config);
    expect(settings).to.deep.equal({ auth: {}, credentials: {} });
    const factory = new ConfigurationServiceClientCredentialFactory(settings.credentials);
    expect(await factory.isAuthenticationDisabled()).to.equal(true);
    expect(() => createAdapter(config, silentLogger)).to.not.throw();
  });

  it('passes only the validated credentials when an app id is configured', async () => {
    const config = loadConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw', MicrosoftAppTenantId: 'tenant' });
    const settings = botFrameworkSettings(config);
    expect(settings.auth).to.deep.equal({ MicrosoftAppId: 'app', MicrosoftAppTenantId: 'tenant' });
    expect(settings.credentials).to.deep.equal({
      MicrosoftAppId: 'app',
      MicrosoftAppPassword: 'pw',
      MicrosoftAppTenantId: 'tenant',
      MicrosoftAppType: 'SingleTenant',
    });
    const factory = new ConfigurationServiceClientCredentialFactory(settings.credentials);
    expect(await factory.isAuthenticationDisabled()).to.equal(false);
    expect(await factory.isValidAppId('app')).to.equal(true);
  });
});

describe('loopback proxy exemption', () => {
  it('adds loopback hosts to NO_PROXY and keeps what was there', () => {
    const env: NodeJS.ProcessEnv = { no_proxy: 'corp.example, .internal' };
    const list = exemptLoopbackFromProxy(env);
    expect(list.split(',')).to.deep.equal(['corp.example', '.internal', '127.0.0.1', 'localhost', '::1', '[::1]']);
    expect(env.NO_PROXY).to.equal(list);
    expect(env.no_proxy).to.equal(list);
    expect(exemptLoopbackFromProxy(env)).to.equal(list);
  });
});

describe('TurnTracker', () => {
  it('counts work in flight and drains when it settles, errors included', async () => {
    const turns = new TurnTracker();
    expect(await turns.drain(10)).to.equal(true);
    let finish!: () => void;
    const work = turns.track(() => new Promise<void>((resolve) => (finish = resolve)));
    const failing = turns.track(async () => {
      throw new Error('boom');
    });
    await failing.catch(() => undefined);
    expect(turns.inFlight).to.equal(1);
    expect(await turns.drain(20)).to.equal(false);
    const drained = turns.drain(1000);
    finish();
    await work;
    expect(await drained).to.equal(true);
    expect(turns.inFlight).to.equal(0);
  });
});

describe('restify compatibility', () => {
  it('keeps res.writeHead chainable for other HTTP servers in the process', async () => {
    await import('../../src/server/http-server.js');
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => {
      res.writeHead(201, { 'content-type': 'text/plain' }).end('chained');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as import('node:net').AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`);
      expect(res.status).to.equal(201);
      expect(await res.text()).to.equal('chained');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
