// Email verification, once per member, before the first complaint or response: name, company and
// email (asked here because the channel may not tell them), then the one-time code sent by email.
import { NotAllowedError, ValidationError } from '../../cases/errors.js';
import { parseEmail } from '../../identity/email.js';
import { codeFormat, normalizeCode, type CodeFormat } from '../../identity/otp.js';
import type { FlowBoundPayload } from '../cards/payloads.js';
import { formCard, type FormField } from '../cards/form-card.js';
import * as T from '../texts.js';
import type { Turn } from '../turn.js';
import { say, sendCard } from './common.js';
import { Flow, WAIT, type FlowState, type FlowStep } from './flow.js';

export const VERIFY_DIALOG = 'verifyEmail';

export interface VerifyOptions {
  purpose: 'file' | 'respond';
}
export interface VerifyResult {
  verified: boolean;
}

interface VerifyState extends FlowState {
  step: 'start' | 'details' | 'code';
  purpose: 'file' | 'respond';
  values: { name: string; company: string; email: string };
  errors: Record<string, string>;
  notice?: string;
  sentTo?: string;
  /** What the last code was: 6 digits, or a long code (the address had its share of short ones). */
  format?: CodeFormat;
}


export class VerifyEmailDialog extends Flow<VerifyState, VerifyOptions> {
  readonly kind = 'verify' as const;
  readonly what = 'confirming your email address';

  constructor() {
    super(VERIFY_DIALOG);
  }

  protected async start(turn: Turn, state: VerifyState, options: VerifyOptions): Promise<FlowStep> {
    state.purpose = options.purpose === 'respond' ? 'respond' : 'file';
    if (turn.member.emailVerified) return this.done(true);
    const m = turn.member;
    state.values = { name: m.name ?? turn.ctx.activity.from?.name ?? '', company: m.company ?? '', email: m.email ?? '' };
    state.errors = {};
    state.step = 'details';
    await this.reprompt(turn, state);
    return WAIT;
  }

  override async reprompt(turn: Turn, state: VerifyState): Promise<void> {
    if (state.step === 'code') {
      await sendCard(turn, this.codeCard(turn, state));
      return;
    }
    const fields: FormField[] = [
      { id: 'name', label: T.VERIFY_NAME, kind: 'text', required: true, maxLength: 100, value: state.values.name, error: state.errors.name },
      { id: 'company', label: T.VERIFY_COMPANY, kind: 'text', maxLength: 200, value: state.values.company, error: state.errors.company },
      { id: 'email', label: T.VERIFY_EMAIL, kind: 'email', required: true, maxLength: 254, value: state.values.email, error: state.errors.email, placeholder: 'name@company.com' },
    ];
    await sendCard(
      turn,
      formCard({
        title: T.VERIFY_TITLE,
        intro: T.verifyIntro(state.purpose),
        notice: state.notice ?? (Object.keys(state.errors).length ? T.FORM_HAS_ERRORS : ''),
        fields,
        actions: [
          { title: 'Send me a code', style: 'positive', data: { verb: 'verify.details', flow: state.flowId, step: 'details' } },
          { title: 'Cancel', inputs: 'none', data: { verb: 'flow.cancel', flow: state.flowId, step: 'details' } },
        ],
      }),
    );
  }

  private codeCard(turn: Turn, state: VerifyState) {
    return formCard({
      title: T.VERIFY_CODE_TITLE,
      intro: T.verifyCodeIntro(state.sentTo ?? state.values.email, turn.deps.codeTtlMinutes ?? 10, state.format ?? 'digits'),
      notice: state.notice ?? '',
      fields: [{ id: 'code', label: T.verifyCodeLabel(state.format ?? 'digits'), kind: 'text', required: true, maxLength: 20, value: '', error: state.errors.code, placeholder: state.format === 'long' ? 'ABCD-EFGH-JKMN' : '123456' }],
      actions: [
        { title: 'Confirm', style: 'positive', data: { verb: 'verify.code', flow: state.flowId, step: 'code' } },
        { title: 'Send a new code', inputs: 'none', data: { verb: 'verify.resend', flow: state.flowId, step: 'code' } },
        { title: 'Use another email', inputs: 'none', data: { verb: 'verify.change', flow: state.flowId, step: 'code' } },
        { title: 'Cancel', inputs: 'none', data: { verb: 'flow.cancel', flow: state.flowId, step: 'code' } },
      ],
    });
  }

  override acceptsText(_turn: Turn, state: VerifyState, text: string): boolean {
    // Only text shaped like the code that was sent: a 12-letter word is not taken for a code.
    const code = normalizeCode(text);
    return state.step === 'code' && code !== null && codeFormat(code) === (state.format ?? 'digits');
  }

  protected override async onText(turn: Turn, state: VerifyState, text: string): Promise<FlowStep> {
    return this.checkCode(turn, state, text);
  }

  protected async onSubmit(turn: Turn, state: VerifyState, p: FlowBoundPayload): Promise<FlowStep> {
    state.notice = undefined;
    switch (p.verb) {
      case 'flow.cancel':
        await say(turn, 'OK, I stopped there. Your email address is not confirmed yet.');
        return this.done(false);
      case 'verify.details':
        return this.details(turn, state, p);
      case 'verify.code':
        return this.checkCode(turn, state, p.code.trim());
      case 'verify.resend':
        return this.sendCode(turn, state, 'I sent you a new code; the old one no longer works.');
      case 'verify.change':
        state.step = 'details';
        state.errors = {};
        await this.reprompt(turn, state);
        return WAIT;
      default:
        await this.reprompt(turn, state);
        return WAIT;
    }
  }

  private async details(turn: Turn, state: VerifyState, p: Extract<FlowBoundPayload, { verb: 'verify.details' }>): Promise<FlowStep> {
    const name = p.name.trim();
    const company = p.company.trim();
    const emailRaw = p.email.trim();
    state.values = { name: name.slice(0, 200), company: company.slice(0, 300), email: emailRaw.slice(0, 300) };
    const errors: Record<string, string> = {};
    if (!name) errors.name = 'Please tell me your name.';
    else if (name.length > 100) errors.name = `Your name is too long (${name.length} characters; at most 100).`;
    if (company.length > 200) errors.company = `The company name is too long (${company.length} characters; at most 200).`;
    const email = parseEmail(emailRaw);
    if (!emailRaw) errors.email = 'Please enter your email address.';
    else if (!email) errors.email = 'That is not a valid email address, e.g. name@company.com.';
    state.errors = errors;
    if (Object.keys(errors).length || !email) {
      await this.reprompt(turn, state);
      return WAIT;
    }
    const profile: { name: string; company?: string } = { name };
    if (company) profile.company = company;
    turn.member = await turn.deps.memberService.updateProfile(turn.member._id, profile);
    state.values.email = email;
    return this.sendCode(turn, state);
  }

  private async sendCode(turn: Turn, state: VerifyState, notice?: string): Promise<FlowStep> {
    try {
      const started = await turn.deps.memberService.startEmailVerification(turn.member, state.values.email);
      state.sentTo = started.email;
      state.format = started.format;
      state.step = 'code';
      state.errors = {};
      state.notice = notice;
    } catch (err) {
      if (err instanceof ValidationError) {
        state.step = 'details';
        state.errors = { email: err.fields.email ?? err.message };
      } else if (err instanceof NotAllowedError) {
        state.notice = err.message;
      } else {
        turn.deps.logger.error({ err }, 'sending the verification code failed');
        state.notice = "Sorry, I couldn't send the code just now. Please try again in a moment.";
      }
    }
    await this.reprompt(turn, state);
    return WAIT;
  }

  private async checkCode(turn: Turn, state: VerifyState, code: string): Promise<FlowStep> {
    if (!normalizeCode(code)) {
      state.errors = { code: state.format === 'long' ? 'The code has 12 letters and digits, e.g. ABCD-EFGH-JKMN.' : 'The code has 6 digits, e.g. 123456.' };
      await this.reprompt(turn, state);
      return WAIT;
    }
    const r = await turn.deps.memberService.confirmEmailVerification(turn.member, code);
    if (r.status === 'ok') {
      turn.member = r.member;
      await say(turn, T.VERIFY_DONE);
      return this.done(true);
    }
    state.errors = {
      code:
        r.status === 'wrong_code'
          ? T.verifyWrongCode(r.triesLeft)
          : r.status === 'expired'
            ? T.VERIFY_EXPIRED
            : r.status === 'too_many_tries'
              ? T.VERIFY_TOO_MANY
              : T.VERIFY_NO_PENDING,
    };
    await this.reprompt(turn, state);
    return WAIT;
  }

  private done(verified: boolean): FlowStep {
    const result: VerifyResult = { verified };
    return { type: 'end', outcome: verified ? 'done' : 'cancelled', result };
  }
}
