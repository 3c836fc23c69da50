// `npm run faq -- "question"`: one JSON line {id, faq, status, score, answer} for the question.
// A close call reports the best-ranked suggestion (the chat offers it with the runners-up);
// no match prints nulls. Platform/partner names come from --platform/--partner if given.
import { parseArgs } from 'node:util';
import { createFaq } from '../src/faq/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { platform: { type: 'string' }, partner: { type: 'string' } },
});
const question = positionals.join(' ');
const result = createFaq({ platform: values.platform, partner: values.partner }).ask(question);
const match = result.kind === 'answer' ? result.match : result.kind === 'suggest' ? result.suggestions[0] : null;
process.stdout.write(
  `${JSON.stringify({
    id: match?.id ?? null,
    faq: match?.faq ?? null,
    status: match?.status ?? null,
    score: match?.score ?? 0,
    answer: match?.answer ?? null,
  })}\n`,
);
