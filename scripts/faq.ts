// `npm run -s faq -- "question"`: one JSON line {id, faq, status, score, answer} for the question.
// A close call reports the best-ranked suggestion (the chat offers it with the runners-up);
// no match prints nulls. `--platform NAME` / `--partner NAME` set the configured names.
import { createFaq } from '../src/faq/index.js';

// Parsed by hand: a question may itself start with "-" and must not be taken for an option.
const args = process.argv.slice(2);
const names: { platform?: string; partner?: string } = {};
const words: string[] = [];
for (let i = 0; i < args.length; i++) {
  if ((args[i] === '--platform' || args[i] === '--partner') && i + 1 < args.length) {
    names[args[i] === '--platform' ? 'platform' : 'partner'] = args[++i];
  } else {
    words.push(args[i]);
  }
}

const result = createFaq(names).ask(words.join(' '));
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
