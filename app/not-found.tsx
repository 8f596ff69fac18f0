import Link from 'next/link';

export default function NotFound() {
  return (
    <section aria-labelledby="nf-title">
      <h1 id="nf-title">There is no such step</h1>
      <p>The link may be mistyped, or the step may have been renamed.</p>
      <p>
        <Link href="/guide/start">Start the guide</Link> or <Link href="/">search for your error</Link>.
      </p>
    </section>
  );
}
