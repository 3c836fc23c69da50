// The card templates are parsed once and reused: for every template in cards/, expanding the cached
// Template with sample data (recorded from the bot's and the FAQ's card builders) gives exactly what a
// fresh parse of the file gives, also when other data was expanded with it in between.
import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { Template } from 'adaptivecards-templating';
import { CARD_TEMPLATE_NAMES, cachedTemplate, cardsDir, expandCard, readTemplateJson, type CardTemplateName } from '../../src/cards/templates.js';
import samples from './sample-data.json' with { type: 'json' };

const sampleData = samples as Record<string, object[]>;

function freshExpand(name: CardTemplateName, data: object): unknown {
  return new Template(readTemplateJson(name)).expand({ $root: data });
}

describe('card templates', () => {
  it('every file in cards/ is a known template with sample data', () => {
    const files = readdirSync(cardsDir())
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''));
    expect([...CARD_TEMPLATE_NAMES].sort()).to.deep.equal(files.sort());
    for (const name of CARD_TEMPLATE_NAMES) expect(sampleData[name]?.length ?? 0, name).to.be.greaterThan(0);
  });

  it('builds one Template per file and reuses it', () => {
    for (const name of CARD_TEMPLATE_NAMES) expect(cachedTemplate(name), name).to.equal(cachedTemplate(name));
    expect(cachedTemplate('main-menu')).to.not.equal(cachedTemplate('help'));
  });

  for (const name of CARD_TEMPLATE_NAMES) {
    it(`${name}: the cached Template expands every sample exactly as a fresh parse, in any order`, () => {
      const data = sampleData[name] ?? [];
      const expected = data.map((d) => freshExpand(name, d));
      // Twice through, forwards then backwards: nothing one expansion leaves behind reaches the next.
      for (const i of [...data.keys(), ...[...data.keys()].reverse()]) {
        expect(expandCard(name, data[i]), `${name} sample ${i}`).to.deep.equal(expected[i]);
      }
      // The samples differ, so the comparison above could tell them apart.
      if (data.length > 1) expect(expected[0]).to.not.deep.equal(expected[1]);
    });
  }
});
