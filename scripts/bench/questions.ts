// Free-text questions a member might type; none of them is a command, so each goes to the FAQ.
export const QUESTIONS = [
  'How do I submit a complaint?',
  'what should I do if someone complained about me',
  'What happens after I submit a complaint?',
  'Will you help me solve my problem with the supplier?',
  "why can't I respond to some complaints",
  'I have a lot of files to upload, what should I do?',
  'how long does the supplier have to respond',
  'what does processing mean',
  'can I cancel my complaint',
  'what evidence should I attach',
];
