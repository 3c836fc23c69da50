// Every configuration variable is documented twice: in .env.example and in the README table.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { configSchema } from '../../src/config/config.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');

describe('configuration documentation', () => {
  const variables = Object.keys(configSchema.shape).sort();

  it('.env.example has a commented line for every variable', () => {
    const listed = [...read('.env.example').matchAll(/^# ([A-Za-z_]+)=/gm)].map((m) => m[1]);
    expect([...new Set(listed)].sort()).to.deep.equal(variables);
  });

  it('the README configuration table has a row for every variable', () => {
    const rows = [...read('README.md').matchAll(/^\| `([A-Za-z_]+)` \|/gm)].map((m) => m[1]);
    expect([...new Set(rows)].sort()).to.deep.equal(variables);
  });
});
