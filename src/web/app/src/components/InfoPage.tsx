/** A page that only explains (an unknown address), and what to do instead. */
import { follow } from './AppHeader';

const topics = {
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
