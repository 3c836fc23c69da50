// deploy/docker-compose.yml against the Compose specification's JSON schema (deploy/schemas, Apache-2.0),
// then what the schema cannot know: the replica set, the two bots on it, the proxy in front of both.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import draft7 from 'ajv/dist/refs/json-schema-draft-07.json' with { type: 'json' };

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEPLOY = join(ROOT, 'deploy');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
  volumes?: string[];
}
interface ComposeFile {
  services: Record<string, Service>;
  configs: Record<string, { content: string }>;
}

/** The schema names draft-07 by its https address; Ajv knows the meta-schema by the http one. */
function composeValidator(options: { allErrors?: boolean } = {}) {
  const ajv = new Ajv({ strict: false, ...options });
  ajv.addMetaSchema({ ...draft7, $id: 'https://json-schema.org/draft-07/schema' });
  const schema = JSON.parse(readFileSync(join(DEPLOY, 'schemas/compose-spec.json'), 'utf8')) as object;
  return { ajv, validate: ajv.compile(schema) };
}

const compose = (): ComposeFile => parse(readFileSync(join(DEPLOY, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;

describe('deploy: docker-compose.yml', () => {
  it('is valid against the Compose specification schema', () => {
    const { ajv, validate } = composeValidator({ allErrors: true });
    const valid = validate(compose());
    expect(validate.errors ?? [], ajv.errorsText(validate.errors)).to.deep.equal([]);
    expect(valid).to.equal(true);
  });

  it('the schema rejects a broken file (the check can fail)', () => {
    const { validate } = composeValidator();
    const broken = compose() as unknown as { services: Record<string, Record<string, unknown>> };
    broken.services.bot1!.restart = 42;
    broken.services.bot1!.no_such_key = true;
    expect(validate(broken)).to.equal(false);
  });

  it('runs a three-member replica set of the official mongo image, initiated by a one-shot service', () => {
    const { services } = compose();
    const members = ['mongo1', 'mongo2', 'mongo3'];
    for (const m of members) {
      expect(services[m]!.image, m).to.match(/^mongo:8/);
      expect(services[m]!.command, m).to.include.members(['--replSet', 'rs0']);
    }
    const init = services['mongo-init']!;
    const script = init.command!.join(' ');
    for (const m of members) expect(script).to.contain(`host: '${m}:27017'`);
    expect(script).to.contain("_id: 'rs0'");
  });

  it('runs two bot instances from deploy/Dockerfile on that replica set, after it is initiated', () => {
    const { services } = compose();
    for (const name of ['bot1', 'bot2']) {
      const bot = services[name]!;
      expect(existsSync(join(DEPLOY, bot.build!.context, bot.build!.dockerfile)), name).to.equal(true);
      expect(bot.environment!.NODE_ENV).to.equal('production');
      expect(bot.environment!.MONGODB_URI).to.equal('mongodb://mongo1:27017,mongo2:27017,mongo3:27017/?replicaSet=rs0');
      expect(bot.depends_on).to.deep.include({ 'mongo-init': { condition: 'service_completed_successfully' } });
    }
  });

  it('puts Caddy in front of both bots (reverse_proxy passes WebSocket upgrades through)', () => {
    const { services, configs } = compose();
    expect(services.proxy!.image).to.match(/^caddy:2/);
    expect(configs.caddyfile!.content).to.match(/reverse_proxy bot1:3978 bot2:3978/);
    expect(configs.caddyfile!.content).to.contain('health_uri /readyz');
  });
});
