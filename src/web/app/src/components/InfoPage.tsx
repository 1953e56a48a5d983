/** Screens whose API does not exist yet say so plainly and what to do instead. */
import { follow } from './AppHeader';

const topics = {
  settings: {
    title: 'Policy settings',
    body: 'Calling windows stricter than the law, frequency caps and the snooze length are part of the practice policy. The API has no endpoint to read or change the policy yet, so it cannot be edited here. Until it does, an administrator changes it in the server configuration; every worklist and case screen already applies it (the "Callable now / Not until" answers come from it).',
  },
  review: {
    title: 'Weekly review',
    body: 'The weekly review lists the week\'s unreachable, declined and escalated cases to close or re-queue. The API does not offer this list yet. Meanwhile, the Escalations segment of the worklist and the Queues page show escalated cases, and `recare explain --patient ID` says why any patient left the list.',
  },
  'not-found': {
    title: 'This page does not exist',
    body: 'The address may be mistyped or out of date. Use the menu above, or go back to the worklist.',
  },
} as const;

export function InfoPage({ topic }: { topic: keyof typeof topics }) {
  const { title, body } = topics[topic];
  return (
    <section aria-labelledby="info-title" className="card info-page">
      <h1 id="info-title">{title}</h1>
      <p>{body}</p>
      <p><a href="/" onClick={follow('/')}>Go to the worklist</a></p>
    </section>
  );
}
