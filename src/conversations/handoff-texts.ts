// What the user is told about a handoff, in the chat. Staff names and texts are escaped by the caller.

export const OFFER_TITLE = 'Talk to a person?';
export function offerText(waitMinutes: number, supportEmail: string): string {
  return `I can connect you with a person from the support team in this chat. Someone usually joins within ${waitMinutes} minutes; if nobody is free, I'll tell you and you can write to ${supportEmail} instead.`;
}
export const OFFER_YES = 'Yes, connect me';
export const OFFER_NO = 'No, thanks';
export const OFFER_DECLINED = "OK, I'll keep helping you here. Ask me anything, or type menu.";
export function waitingText(waitMinutes: number): string {
  return `I've asked the support team to join. Please stay in this chat: a person will answer here, usually within ${waitMinutes} minutes. Anything you write now is passed on to them. Type cancel to stop waiting.`;
}
export const STILL_WAITING = "I've passed that on: the support person will read it when they join. Type cancel to stop waiting.";
export const ALREADY_WAITING = "You're already waiting for a person from the support team; they'll answer here. Type cancel to stop waiting.";
export function joinedText(staffName: string): string {
  return `${staffName} from the support team has joined the chat. You're talking to a person now; type back to the bot at any time to return to me.`;
}
export function staffMessage(staffName: string, text: string): string {
  return `**${staffName} (support):** ${text}`;
}
export function staffLeftText(staffName: string): string {
  return `${staffName} has left the chat. You're back with the Complaint Center bot: ask me anything, or type menu.`;
}
export const USER_LEFT = "You're back with the Complaint Center bot. I've told the support team. Ask me anything, or type menu.";
export const USER_CANCELLED = "OK, I've withdrawn your request to talk to a person. Ask me anything, or type menu.";
export function timedOutText(supportEmail: string): string {
  return `I'm sorry, nobody from the support team is free right now. Please write to ${supportEmail}, mentioning your case number if you have one; they'll answer by email. Meanwhile I'm happy to help here.`;
}
