// The generated Teams manifest against Microsoft's own schema for its manifestVersion, offline: the
// schemas bundled in @microsoft/app-manifest (validated with its draft-04 validator, no download).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { ManifestUtil } from '@microsoft/app-manifest';
import { loadConfig } from '../../src/config/config.js';
import { buildManifest, DEFAULT_TEMPLATE_PATH, type ManifestJson } from '../../scripts/teams-package.js';

const SCHEMAS = join(dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json')), 'build/json-schemas/teams');

function bundledSchema(manifestVersion: string): Parameters<typeof ManifestUtil.validateManifestAgainstSchema>[1] {
  return JSON.parse(readFileSync(join(SCHEMAS, `v${manifestVersion}`, 'MicrosoftTeams.schema.json'), 'utf8')) as Parameters<typeof ManifestUtil.validateManifestAgainstSchema>[1];
}

function manifest(): ManifestJson {
  const config = loadConfig({
    NODE_ENV: 'test',
    MicrosoftAppId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    MicrosoftAppPassword: 'not-a-real-secret',
    MicrosoftAppTenantId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    PUBLIC_URL: 'https://complaints.example.com/',
  });
  const template = JSON.parse(readFileSync(DEFAULT_TEMPLATE_PATH, 'utf8')) as ManifestJson;
  return buildManifest(template, config, '1.2.3');
}

describe('deploy: Teams manifest against the Microsoft schema', () => {
  it('the generated manifest is valid for its manifestVersion', async () => {
    const m = manifest();
    const schema = bundledSchema(String(m.manifestVersion));
    const errors = await ManifestUtil.validateManifestAgainstSchema(m as never, schema);
    expect(errors).to.deep.equal([]);
  });

  it('the same check rejects a manifest the schema forbids', async () => {
    const valid = manifest();
    const m = { ...valid, id: 'not-a-guid', unknownProperty: true };
    const errors = await ManifestUtil.validateManifestAgainstSchema(m as never, bundledSchema(String(valid.manifestVersion)));
    expect(errors.length).to.be.greaterThan(0);
  });
});
