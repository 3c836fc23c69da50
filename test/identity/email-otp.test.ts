import { expect } from 'chai';
import { normalizeEmail, parseEmail } from '../../src/identity/email.js';
import { generateCode, hashCode, normalizeCode, verifyCode } from '../../src/identity/otp.js';

describe('identity: emails and one-time codes', () => {
  it('normalises emails (trim, lower case) and rejects implausible ones', () => {
    expect(normalizeEmail('  Ann.Lee@Example.COM ')).to.equal('ann.lee@example.com');
    expect(parseEmail(' Sales@Shenzhen-Widgets.cn ')).to.equal('sales@shenzhen-widgets.cn');
    for (const bad of ['', 'ann', 'ann@', '@example.com', 'ann@example', 'a..b@example.com', '.a@example.com', 'ann @example.com', `${'a'.repeat(65)}@example.com`, 42, null, { $ne: '' }]) {
      expect(parseEmail(bad), String(bad)).to.equal(null);
    }
  });

  it('generates 6-digit codes and accepts them typed with spaces or dashes', () => {
    for (let i = 0; i < 200; i += 1) expect(generateCode()).to.match(/^\d{6}$/);
    expect(normalizeCode(' 123 456 ')).to.equal('123456');
    expect(normalizeCode('123-456')).to.equal('123456');
    expect(normalizeCode('12345')).to.equal(null);
    expect(normalizeCode('abcdef')).to.equal(null);
    for (let i = 0; i < 50; i += 1) {
      const long = generateCode('long');
      expect(long).to.match(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(normalizeCode(` ${long.toLowerCase().replace(/-/g, ' ')} `)).to.equal(long.replace(/-/g, ''));
    }
    expect(normalizeCode('ABCD-EFGH-IJKL')).to.equal(null); // I and L are not in the alphabet
  });

  it('stores a salted hash bound to its context, never the code', async () => {
    const a = await hashCode('123456', 'm1|ann@example.com');
    const b = await hashCode('123456', 'm1|ann@example.com');
    expect(a.hash).to.not.equal(b.hash); // salted
    expect(JSON.stringify(a)).to.not.include('123456');
    expect(await verifyCode('123456', 'm1|ann@example.com', a)).to.equal(true);
    expect(await verifyCode('123457', 'm1|ann@example.com', a)).to.equal(false);
    expect(await verifyCode('123456', 'm2|ann@example.com', a)).to.equal(false);
  });
});
