import { expect } from 'chai';
import { loadConfig } from '../../src/config/config.js';
import { DEFAULT_CASE_SETTINGS, caseSettingsFromConfig } from '../../src/cases/case-service.js';

describe('cases: settings from configuration', () => {
  it("defaults to the source's names, 72 h, reminders 48/24/2 h and automatic triage", () => {
    const s = caseSettingsFromConfig(loadConfig({}));
    expect(s).to.deep.equal(DEFAULT_CASE_SETTINGS);
    expect(s.autoTriage).to.equal(true);
  });

  it('takes the period, reminders, names and triage switch from the environment', () => {
    const s = caseSettingsFromConfig(
      loadConfig({ RESPONSE_PERIOD_HOURS: '96', REMINDER_HOURS: '2,24', PLATFORM_NAME: 'Example Market', PARTNER_SITE_NAME: 'ExampleShop', AUTO_TRIAGE: 'false', EVIDENCE_MAX_FILES: '5' }),
    );
    expect(s).to.deep.include({ reminderHours: [24, 2], platform: 'Example Market', partner: 'ExampleShop', autoTriage: false, maxEvidenceFiles: 5 });
    expect(s.responsePeriodHours).to.deep.equal({ awaiting_respondent: 96, awaiting_complainant: 96 });
    expect(() => loadConfig({ AUTO_TRIAGE: 'maybe' })).to.throw(/AUTO_TRIAGE/);
  });
});
