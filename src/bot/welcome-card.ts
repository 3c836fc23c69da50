// The welcome Adaptive Card: what the bot can do, rendered from cards/welcome.json.
import * as ACData from 'adaptivecards-templating';
import { CardFactory, type Attachment } from 'botbuilder';
import welcomeTemplate from '../../cards/welcome.json' with { type: 'json' };

export interface WelcomeCardData {
  platformName: string;
}

export const WELCOME_ABILITIES = [
  { title: 'File a complaint', text: 'Choose the complaint type, fill in the form and attach your evidence.' },
  { title: 'Follow a case', text: 'See the latest status of your complaints and answer when it is your turn.' },
  { title: 'Respond', text: 'If a complaint was filed against you, send your statement and evidence before the deadline.' },
  { title: 'Ask a question', text: 'Ask how the Complaint Center works, or ask for a person.' },
];

export const WELCOME_ACTIONS = [
  { title: 'File a complaint', action: 'file_complaint' },
  { title: 'My cases', action: 'my_cases' },
  { title: 'Help', action: 'help' },
];

export function welcomeCard(data: WelcomeCardData): Attachment {
  const card = new ACData.Template(welcomeTemplate).expand({
    $root: { platformName: data.platformName, abilities: WELCOME_ABILITIES, actions: WELCOME_ACTIONS },
  }) as object;
  return CardFactory.adaptiveCard(card);
}
