// The support desk's JSON API over real HTTP against the real app: sign-in with the emailed code, the
// cookie's attributes, 401/403 for everyone who is not signed-in staff (also a party's chat token and a
// former staff member's session on another instance), CSRF, the queue, each action with its event, the
// messages reaching the party, 409 on a lost race, evidence downloads and live updates.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import type { CaseDoc } from '../../src/cases/types.js';
import { fileCase, signIn, startDeskApp, staffClient, type DeskApp, type StaffClient } from './desk-app.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

describe('support desk API', function () {
  this.timeout(60_000);
  let desk: DeskApp;
  let ann: StaffClient & { setCookie: string };
  let filed: CaseDoc;

  before(async () => {
    desk = await startDeskApp();
    filed = await fileCase(desk, { respondentEmail: 'seller@example.org' });
    ann = await signIn(desk, 'ann@example.com');
  });
  after(async () => {
    await desk?.stop();
  });

  const json = async (res: Response): Promise<Record<string, unknown>> => (await res.json()) as Record<string, unknown>;

  it('signs staff in with the emailed code: HttpOnly, SameSite=Strict cookie (not Secure over http), the CSRF token in the answer', async () => {
    expect(ann.setCookie).to.match(/^cc_support=[A-Za-z0-9_-]{40,}/).and.contain('HttpOnly').and.contain('SameSite=Strict').and.not.contain('Secure');
    const me = await json(await ann.get('/api/support/me'));
    expect(me).to.include({ email: 'ann@example.com', role: 'lead', via: 'code' });
    expect(me.csrf).to.equal(ann.csrf);
  });

  it('tells outsiders nothing: a non-staff address gets the same answer and no email; a wrong code is 401; codes die after 5 tries', async () => {
    const before = (await desk.outbox.all()).length;
    const res = await fetch(`${desk.url}/api/support/sign-in`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'eve@example.net' }) });
    expect(res.status).to.equal(202);
    const staffRes = await fetch(`${desk.url}/api/support/sign-in`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'bo@example.com' }) });
    expect(await res.json()).to.deep.equal(await staffRes.json());
    const code = await desk.outbox.verificationCode('bo@example.com');
    expect((await desk.outbox.all()).filter((m) => m.to.includes('eve@example.net'))).to.have.length(0);
    expect((await desk.outbox.all()).length).to.equal(before + 1);
    const verify = (email: string, c: string) =>
      fetch(`${desk.url}/api/support/sign-in/verify`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, code: c }) });
    expect((await verify('eve@example.net', '123456')).status).to.equal(401);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i += 1) expect((await verify('bo@example.com', wrong)).status).to.equal(401);
    const dead = await verify('bo@example.com', code);
    expect(dead.status).to.equal(401);
    expect((await json(dead)).error).to.match(/Too many wrong codes/);
  });

  it('answers 401 on every endpoint without a session, with a made-up cookie, and with a party\'s chat token', async () => {
    const dl = await fetch(`${desk.url}/v3/directline/conversations`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const { token } = (await dl.json()) as { token: string };
    const n = filed.number;
    const gets = ['/api/support/me', '/api/support/cases', `/api/support/cases/${n}`, `/api/support/cases/${n}/evidence/x`, '/api/support/events'];
    const posts = ['request-response', 'extend', 'close', 'notes', 'messages', 'assign'].map((a) => `/api/support/cases/${n}/${a}`).concat('/api/support/sign-out');
    const credentials: Array<Record<string, string>> = [{}, { Cookie: 'cc_support=forged-session-token' }, { Authorization: `Bearer ${token}` }, { Cookie: `cc_support=${token}` }];
    for (const headers of credentials) {
      for (const p of gets) {
        const res = await fetch(`${desk.url}${p}`, { headers });
        expect(res.status, `GET ${p} with ${JSON.stringify(headers).slice(0, 40)}`).to.equal(401);
        const body = await json(res);
        expect(JSON.stringify(body)).to.not.contain(n.slice(2)).and.not.contain('Copy Co');
      }
      for (const p of posts) {
        const res = await fetch(`${desk.url}${p}`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json', 'X-CSRF-Token': 'x' }, body: '{"text":"hi"}' });
        expect(res.status, `POST ${p}`).to.equal(401);
      }
    }
  });

  it('answers 403 to a POST without the CSRF header, and to a session whose owner is no longer staff (on another instance)', async () => {
    const noCsrf = await fetch(`${desk.url}/api/support/cases/${filed.number}/notes`, { method: 'POST', headers: { Cookie: ann.cookie, 'Content-Type': 'application/json' }, body: '{"text":"x"}' });
    expect(noCsrf.status).to.equal(403);
    const wrongCsrf = await ann.post(`/api/support/cases/${filed.number}/notes`, { text: 'x' }, { 'X-CSRF-Token': 'not-it' });
    expect(wrongCsrf.status).to.equal(403);
    // A second instance on the same database, where Ann was removed from SUPPORT_STAFF.
    const other = await startDeskApp({ SUPPORT_STAFF: 'bo@example.com' }, { db: desk.app.db, dataDir: desk.dataDir });
    try {
      const annThere = staffClient(other.url, ann.cookie, ann.csrf);
      expect((await annThere.get('/api/support/cases')).status).to.equal(403);
      expect((await annThere.get(`/api/support/cases/${filed.number}`)).status).to.equal(403);
      expect((await annThere.post(`/api/support/cases/${filed.number}/notes`, { text: 'x' })).status).to.equal(403);
      const body = await json(await annThere.get('/api/support/cases'));
      expect(JSON.stringify(body)).to.not.contain('Copy Co');
    } finally {
      await other.stop();
    }
  });

  it('lists the queue with each party\'s view, filters, counts and cursor paging', async () => {
    const second = await fileCase(desk, { company: 'Another Seller' });
    const list = await json(await ann.get('/api/support/cases'));
    const rows = list.cases as Array<Record<string, unknown>>;
    const row = rows.find((r) => r.number === filed.number)!;
    expect(row).to.deep.include({ state: 'awaiting_respondent', bucket: 'awaiting', awaiting: 'respondent' });
    expect(row.views).to.deep.equal({ complainant: "Awaiting the other party's response", respondent: 'Awaiting my response' });
    expect((list.counts as Record<string, number>).awaiting_respondent).to.be.at.least(2);
    const searched = await json(await ann.get('/api/support/cases?q=another%20seller'));
    expect((searched.cases as Array<{ number: string }>).map((c) => c.number)).to.deep.equal([second.number]);
    const page1 = await json(await ann.get('/api/support/cases?limit=1'));
    expect(page1.cases as unknown[]).to.have.length(1);
    const page2 = await json(await ann.get(`/api/support/cases?limit=1&cursor=${String(page1.nextCursor)}`));
    expect((page2.cases as Array<{ number: string }>)[0]?.number).to.not.equal((page1.cases as Array<{ number: string }>)[0]?.number);
    const bad = await ann.get('/api/support/cases?state=open');
    expect(bad.status).to.equal(400);
    expect((await json(bad)).error).to.match(/^state/);
  });

  it('refuses bad bodies with 400 naming the field, and other content types with 415', async () => {
    const n = filed.number;
    const r1 = await ann.post(`/api/support/cases/${n}/close`, { outcome: 'won', resolution: 'x' });
    expect(r1.status).to.equal(400);
    expect((await json(r1)).error).to.match(/^outcome: one of resolved_for_complainant/);
    const r2 = await ann.post(`/api/support/cases/${n}/request-response`, { party: 'support' });
    expect(r2.status).to.equal(400);
    const r3 = await fetch(`${desk.url}/api/support/cases/${n}/notes`, { method: 'POST', headers: { Cookie: ann.cookie, 'X-CSRF-Token': ann.csrf, 'Content-Type': 'text/plain' }, body: 'hi' });
    expect(r3.status).to.equal(415);
    const r4 = await ann.post(`/api/support/cases/C-2026-999999/notes`, { text: 'x' });
    expect(r4.status).to.equal(404);
  });

  it('runs every action as an event with the staff id; messages reach the party by email; close tells both with the outcome', async () => {
    const n = filed.number;
    let res = await ann.post(`/api/support/cases/${n}/notes`, { text: 'Internal: check the seller history.' });
    expect(res.status).to.equal(200);
    res = await ann.post(`/api/support/cases/${n}/assign`, { email: 'bo@example.com' });
    expect((await json(res)).assignee).to.equal('bo@example.com');
    expect((await ann.post(`/api/support/cases/${n}/assign`, { email: 'eve@example.net' })).status).to.equal(400);
    res = await ann.post(`/api/support/cases/${n}/extend`, { deadline: new Date(Date.now() + 200 * 3_600_000).toISOString(), note: 'More time' });
    expect(res.status).to.equal(200);
    res = await ann.post(`/api/support/cases/${n}/messages`, { party: 'respondent', text: 'Please upload the shipping record.' });
    expect(res.status).to.equal(200);
    const mail = await desk.outbox.waitForNewest('seller@example.org', 'the support message', (m) => /Message from the support team/.test(m.subject));
    expect(mail.text).to.contain('Please upload the shipping record.');
    // Request-response from processing: first the respondent answers.
    const seller = await desk.app.services.members.findOrCreateByAccount({ channelId: 'test', userId: 'seller-1' });
    await desk.app.services.members.startEmailVerification(seller, 'seller@example.org');
    const ok = await desk.app.services.members.confirmEmailVerification(seller, await desk.outbox.verificationCode('seller@example.org'));
    if (ok.status !== 'ok') throw new Error(ok.status);
    await desk.app.services.cases.respond(ok.member, n, { statement: 'We never used their photos.' });
    const alert = await desk.outbox.waitForNewest('support@example.com', 'the responded alert', (m) => /respondent responded/.test(m.subject) && m.subject.includes(n));
    expect(alert.text).to.contain(`${desk.url}/support/cases/${n}`);
    const afterAnswer = await json(await ann.get(`/api/support/cases/${n}`));
    expect(afterAnswer).to.include({ bucket: 'needs_decision', reason: 'The respondent responded' });
    res = await ann.post(`/api/support/cases/${n}/request-response`, { party: 'complainant', hours: 48, message: 'Please send the order confirmation.', version: afterAnswer.version });
    expect(res.status).to.equal(200);
    const asked = await json(res);
    expect(asked.state).to.equal('awaiting_complainant');
    const buyerMail = await desk.outbox.waitForNewest(filed.complainant.email, 'the request', (m) => /Your response is needed/.test(m.subject));
    expect(buyerMail.text).to.contain('Please send the order confirmation.');
    res = await ann.post(`/api/support/cases/${n}/close`, { outcome: 'no_fault_found', resolution: 'The photos are the seller\'s own.', version: asked.version });
    expect(res.status).to.equal(200);
    const closed = await json(res);
    expect(closed).to.include({ state: 'closed', outcome: 'No fault found' });
    const timeline = closed.timeline as Array<{ type: string; actorId?: string; internal: boolean }>;
    const staffEvents = timeline.filter((e) => ['note', 'assigned', 'deadline_extended', 'message', 'response_requested', 'closed'].includes(e.type) && e.actorId);
    expect(staffEvents.map((e) => e.type)).to.deep.equal(['note', 'assigned', 'deadline_extended', 'message', 'response_requested', 'closed']);
    expect(staffEvents.every((e) => e.actorId === 'ann@example.com')).to.equal(true);
    for (const to of [filed.complainant.email, 'seller@example.org']) {
      const m = await desk.outbox.waitForNewest(to, 'case closed', (x) => x.subject.includes('Case Closed'));
      expect(m.text).to.contain('Outcome: No fault found.').and.contain("The photos are the seller's own.");
    }
  });

  it('two staff acting at once on the same version: one wins, the other gets 409 with what changed', async () => {
    const c = await fileCase(desk);
    const bo = await signIn(desk, 'bo@example.com');
    const [a, b] = await Promise.all([
      ann.post(`/api/support/cases/${c.number}/close`, { outcome: 'settled', resolution: 'Settled by phone.', version: c.version }),
      bo.post(`/api/support/cases/${c.number}/extend`, { deadline: new Date(Date.now() + 300 * 3_600_000).toISOString(), version: c.version }),
    ]);
    expect([a.status, b.status].sort()).to.deep.equal([200, 409]);
    const lost = await json(a.status === 409 ? a : b);
    expect(lost.error).to.match(/changed/);
    expect(lost.version).to.equal(c.version + 1);
    expect((lost.changes as Array<{ type: string; actorId: string }>)[0]).to.deep.include(a.status === 409 ? { type: 'deadline_extended', actorId: 'bo@example.com' } : { type: 'closed', actorId: 'ann@example.com' });
  });

  it('downloads evidence as an attachment with nosniff, the same bytes', async () => {
    const c = await fileCase(desk);
    const put = await desk.app.services.evidence.put({ caseNumber: c.number, uploadedBy: 'complainant', uploaderId: c.complainant.memberId, name: 'proof.pdf', data: PDF, declaredType: 'application/pdf' });
    const member = (await desk.app.services.members.getById(c.complainant.memberId))!;
    const { uploadedBy: _by, uploadedAt: _at, ...ref } = put.ref;
    await desk.app.services.cases.attachEvidence(member, c.number, ref);
    const detail = await json(await ann.get(`/api/support/cases/${c.number}`));
    const file = (detail.evidence as Array<{ url: string; name: string }>)[0]!;
    expect(file.name).to.equal('proof.pdf');
    const res = await ann.get(file.url);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-disposition')).to.match(/^attachment; filename="proof\.pdf"/);
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).to.equal(createHash('sha256').update(PDF).digest('hex'));
  });

  it('streams a change made through the service as a server-sent event', async () => {
    const c = await fileCase(desk);
    const controller = new AbortController();
    const res = await fetch(`${desk.url}/api/support/events`, { headers: { Cookie: ann.cookie }, signal: controller.signal });
    expect(res.headers.get('content-type')).to.match(/^text\/event-stream/);
    const reader = res.body!.getReader();
    await new Promise((r) => setTimeout(r, 300));
    await desk.app.services.cases.addNote(c.number, 'poke', 'bo@example.com');
    let text = '';
    const deadline = Date.now() + 8000;
    while (!text.includes(`"number":"${c.number}"`) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString('utf8');
    }
    controller.abort();
    expect(text).to.contain('event: case').and.contain(`"number":"${c.number}"`);
  });
});
