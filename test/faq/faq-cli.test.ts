import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function runFaq(...args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'scripts/faq.ts', ...args], { cwd: root, encoding: 'utf8' });
}

describe('npm run faq', () => {
  it('prints exactly one JSON line with id, faq, status, score and answer', () => {
    const out = runFaq("What does 'Awaiting my response' mean?");
    const lines = out.split('\n').filter((l) => l !== '');
    expect(lines).to.have.length(1);
    const parsed = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(Object.keys(parsed)).to.deep.equal(['id', 'faq', 'status', 'score', 'answer']);
    expect(parsed).to.include({ id: 'status-awaiting-my-response', faq: 7, status: 'Awaiting my response' });
    expect(parsed.answer).to.be.a('string').and.contain('period stated');
  });

  it('prints nulls for a question it does not know', () => {
    const parsed = JSON.parse(runFaq('tell me a joke')) as Record<string, unknown>;
    expect(parsed).to.deep.equal({ id: null, faq: null, status: null, score: 0, answer: null });
  });
});
