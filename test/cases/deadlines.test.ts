// Deadline and reminder math: exact hours on the UTC line, shown in the reader's zone, across DST changes.
import { expect } from 'chai';
import { deadlineFrom, dueReminder, nextTimerAt, reminderKey, reminderTimes } from '../../src/cases/deadlines.js';
import { formatDuration, formatMoment, timeLeft } from '../../src/time/reader-time.js';
import type { CaseDoc } from '../../src/cases/types.js';

const H = 3_600_000;
const HOURS = [48, 24, 2];

describe('cases: deadlines and reminders', () => {
  describe('across the spring DST change in Europe/Berlin (29 Mar 2026, 02:00 CET → 03:00 CEST)', () => {
    // Requested Friday 27 Mar 2026 13:00 CET (12:00 UTC).
    const start = new Date('2026-03-27T12:00:00Z');
    const deadline = deadlineFrom(start, 72);

    it('a 72 h period is 72 real hours: the wall clock shows one hour later', () => {
      expect(deadline.toISOString()).to.equal('2026-03-30T12:00:00.000Z');
      expect(formatMoment(start, 'Europe/Berlin')).to.equal('27 Mar 2026, 13:00 (Europe/Berlin)');
      expect(formatMoment(deadline, 'Europe/Berlin')).to.equal('30 Mar 2026, 14:00 (Europe/Berlin)');
    });

    it('reminders fall 48, 24 and 2 real hours before, shown in local time', () => {
      const steps = reminderTimes(deadline, [2, 48, 24, 24]);
      expect(steps.map((s) => s.hoursBefore)).to.deep.equal([48, 24, 2]);
      expect(steps.map((s) => s.at.toISOString())).to.deep.equal([
        '2026-03-28T12:00:00.000Z',
        '2026-03-29T12:00:00.000Z',
        '2026-03-30T10:00:00.000Z',
      ]);
      // The 48 h reminder is before the change, the 24 h one after it.
      expect(steps.map((s) => formatMoment(s.at, 'Europe/Berlin'))).to.deep.equal([
        '28 Mar 2026, 13:00 (Europe/Berlin)',
        '29 Mar 2026, 14:00 (Europe/Berlin)',
        '30 Mar 2026, 12:00 (Europe/Berlin)',
      ]);
    });

    it('time left counts real hours although the night was one hour short', () => {
      // Sat 23:30 CET → Mon 14:00 CEST reads 38 h 30 min on the wall clock, but only 37 h 30 min pass.
      const now = new Date('2026-03-28T22:30:00Z');
      expect(timeLeft(deadline, now)).to.equal('1 day 13 hours left');
      expect(timeLeft(deadline, start)).to.equal('3 days left');
      expect(formatMoment(deadline, 'Europe/Berlin')).to.equal('30 Mar 2026, 14:00 (Europe/Berlin)');
    });
  });

  it('across the autumn DST change (25 Oct 2026, 03:00 CEST → 02:00 CET) the wall clock shows one hour earlier', () => {
    const start = new Date('2026-10-23T10:00:00Z'); // Fri 12:00 CEST
    const deadline = deadlineFrom(start, 72);
    expect(formatMoment(start, 'Europe/Berlin')).to.equal('23 Oct 2026, 12:00 (Europe/Berlin)');
    expect(formatMoment(deadline, 'Europe/Berlin')).to.equal('26 Oct 2026, 11:00 (Europe/Berlin)');
    expect(reminderTimes(deadline, HOURS).map((s) => formatMoment(s.at, 'Europe/Berlin'))).to.deep.equal([
      '24 Oct 2026, 12:00 (Europe/Berlin)',
      '25 Oct 2026, 11:00 (Europe/Berlin)',
      '26 Oct 2026, 09:00 (Europe/Berlin)',
    ]);
  });

  it('writes durations and passed deadlines plainly; unknown zones fall back to UTC', () => {
    expect(formatDuration(0)).to.equal('less than a minute');
    expect(formatDuration(59_999)).to.equal('less than a minute');
    expect(formatDuration(60_000)).to.equal('1 minute');
    expect(formatDuration(35 * 60_000)).to.equal('35 minutes');
    expect(formatDuration(H)).to.equal('1 hour');
    expect(formatDuration(5 * H + 20 * 60_000)).to.equal('5 hours 20 minutes');
    expect(formatDuration(24 * H)).to.equal('1 day');
    expect(formatDuration(72 * H - 1)).to.equal('2 days 23 hours');
    const d = new Date('2026-06-01T08:00:00Z');
    expect(timeLeft(d, new Date('2026-06-01T09:00:00Z'))).to.equal('the deadline has passed');
    expect(timeLeft(d, new Date('2026-06-01T07:59:30Z'))).to.equal('less than a minute left');
    expect(timeLeft(d, new Date('2026-06-01T07:00:00Z'))).to.equal('1 hour left');
    expect(formatMoment(d, 'Europe/Berlin')).to.equal('1 Jun 2026, 10:00 (Europe/Berlin)');
    expect(formatMoment(d, 'Not/AZone')).to.equal('1 Jun 2026, 08:00 UTC');
    expect(formatMoment(d)).to.equal('1 Jun 2026, 08:00 UTC');
  });

  describe('which reminder is due', () => {
    const deadline = new Date('2026-03-30T12:00:00Z');
    const setAt = new Date('2026-03-27T12:00:00Z');
    const base: Pick<CaseDoc, 'state' | 'deadline' | 'deadlineSetAt' | 'reminders'> = {
      state: 'awaiting_respondent',
      deadline,
      deadlineSetAt: setAt,
      reminders: [],
    };
    const at = (iso: string) => new Date(iso);

    it('nothing before the first step; the step once its time comes', () => {
      expect(dueReminder(base, at('2026-03-28T11:59:59Z'), HOURS)).to.equal(null);
      const due = dueReminder(base, at('2026-03-28T12:00:00Z'), HOURS);
      expect(due).to.deep.include({ hoursBefore: 48, party: 'respondent', key: reminderKey('awaiting_respondent', deadline, 48) });
      expect(due?.key).to.equal('awaiting_respondent|2026-03-30T12:00:00.000Z|48');
    });

    it('a claimed step is not due again; the next one comes at its time', () => {
      const claimed = { ...base, reminders: [{ key: reminderKey('awaiting_respondent', deadline, 48), party: 'respondent' as const, hoursBefore: 48, dueAt: at('2026-03-28T12:00:00Z'), claimedAt: at('2026-03-28T12:00:05Z') }] };
      expect(dueReminder(claimed, at('2026-03-28T18:00:00Z'), HOURS)).to.equal(null);
      expect(dueReminder(claimed, at('2026-03-29T12:00:00Z'), HOURS)?.hoursBefore).to.equal(24);
    });

    it('after downtime only the latest missed step is caught up', () => {
      expect(dueReminder(base, at('2026-03-30T10:30:00Z'), HOURS)?.hoursBefore).to.equal(2);
    });

    it('nothing at or after the deadline, nor outside awaiting states', () => {
      expect(dueReminder(base, deadline, HOURS)).to.equal(null);
      expect(dueReminder({ ...base, state: 'processing' }, at('2026-03-29T12:00:00Z'), HOURS)).to.equal(null);
    });

    it('steps that fell before the deadline was set are skipped (a short 30 h period starts at the 24 h step)', () => {
      const shortSet = at('2026-03-29T06:00:00Z'); // 30 h before the deadline
      const c = { ...base, deadlineSetAt: shortSet };
      expect(dueReminder(c, at('2026-03-29T07:00:00Z'), HOURS)).to.equal(null);
      expect(dueReminder(c, at('2026-03-29T12:00:00Z'), HOURS)?.hoursBefore).to.equal(24);
      expect(nextTimerAt(deadline, shortSet, HOURS, shortSet).toISOString()).to.equal('2026-03-29T12:00:00.000Z');
    });

    it('a step falling exactly when the deadline was set is covered by the request itself', () => {
      const setAtStep = at('2026-03-29T12:00:00Z'); // exactly 24 h before
      expect(dueReminder({ ...base, deadlineSetAt: setAtStep }, setAtStep, HOURS)).to.equal(null);
      expect(nextTimerAt(deadline, setAtStep, HOURS, setAtStep).toISOString()).to.equal('2026-03-30T10:00:00.000Z');
    });

    it('the timer mark moves to the next step, then to the deadline itself', () => {
      expect(nextTimerAt(deadline, setAt, HOURS, setAt).toISOString()).to.equal('2026-03-28T12:00:00.000Z');
      expect(nextTimerAt(deadline, setAt, HOURS, at('2026-03-28T12:00:00Z')).toISOString()).to.equal('2026-03-29T12:00:00.000Z');
      expect(nextTimerAt(deadline, setAt, HOURS, at('2026-03-30T10:00:00Z')).toISOString()).to.equal(deadline.toISOString());
      expect(nextTimerAt(deadline, setAt, [], setAt).toISOString()).to.equal(deadline.toISOString());
    });
  });
});
