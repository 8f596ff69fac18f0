import Link from 'next/link';
import { SearchForm } from '@/components/search-form';
import { tree } from '@/lib/tree';
import { PART_LABELS } from '@/lib/tree/parts';

// The start node's options are the guide's four parts; each part's entry question lists its symptoms.
function partsWithSymptoms() {
  const start = tree.start;
  if (start.kind !== 'question') return [];
  return start.options.map((part) => {
    const entry = tree[part.next as keyof typeof tree];
    return {
      id: part.next,
      label: entry ? PART_LABELS[entry.part] : part.label,
      // A part with a single issue starts at its resolution: list that as its one symptom.
      symptoms:
        entry?.kind === 'question'
          ? entry.options.map((o) => ({ label: o.label, next: o.next }))
          : [{ label: entry?.title ?? part.label, next: part.next }],
    };
  });
}

export default function HomePage() {
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">Why does my Alexa skill fail to link accounts?</h1>
        <p className="lead">
          Users see “We were unable to link at this time” and you see nothing useful in your logs. Pick the symptom
          or paste the error, answer one question at a time, and get the cause and the fix.
        </p>
        <SearchForm />
        <p className="actions">
          <Link href="/guide/start" className="button">
            Start the step-by-step guide
          </Link>
          <Link href="/check" className="button button-secondary">
            Check a whole configuration
          </Link>
        </p>
      </section>
      <section aria-labelledby="symptoms-title">
        <h2 id="symptoms-title">Or go straight to your symptom</h2>
        <div className="parts">
          {partsWithSymptoms().map((part) => (
            <section key={part.id} className="part" aria-labelledby={`part-${part.id}`}>
              <h3 id={`part-${part.id}`}>
                <Link href={`/guide/${part.id}`}>{part.label}</Link>
              </h3>
              <ul>
                {part.symptoms.map((s) => (
                  <li key={s.next}>
                    <Link href={`/guide/${s.next}`}>{s.label}</Link>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      </section>
    </>
  );
}
