import Link from 'next/link';
import { ProbeDisclosure } from '@/components/guide/probe-disclosure';
import { RichText } from '@/components/rich-text';
import { StepList } from '@/components/step-list';
import { StillFails } from '@/components/guide/still-fails';
import { edgesOf, stillFailsSteps, type NodeId, type TreeNode } from '@/lib/tree';
import { PART_LABELS } from '@/lib/tree/parts';
import { probeEntry, type ProbeId } from '@/lib/probes/catalog';
import { flowEntry, type FlowId } from '@/lib/flows/catalog';

type Of<K extends TreeNode['kind']> = Extract<TreeNode, { kind: K }>;

/** The body of a node page: what the node asks or says, by kind. Server-rendered, no client JavaScript. */
export function NodeView({ id, node }: { id: string; node: TreeNode }) {
  return (
    <article className={`node node-${node.kind}`} aria-labelledby="node-title">
      <p className="eyebrow">{eyebrow(id, node)}</p>
      <h1 id="node-title">{node.title}</h1>
      <p className="lead">
        <RichText text={node.summary} />
      </p>
      {node.body.map((paragraph, i) => (
        <p key={i}>
          <RichText text={paragraph} />
        </p>
      ))}
      {node.kind === 'question' && <QuestionBody node={node} />}
      {node.kind === 'check' && <CheckBody node={node} />}
      {node.kind === 'resolution' && <ResolutionBody id={id} node={node} />}
      {node.kind === 'report' && <ReportBody node={node} />}
      <p className="source">
        From Amazon’s guide, section <a href={node.source.url}>{node.source.section}</a>.
      </p>
    </article>
  );
}

/** Which part of the guide a step belongs to. The start and the report serve every part, so they say so instead. */
function eyebrow(id: string, node: TreeNode): string {
  if (id === 'start') return 'Troubleshooting guide: every kind of account linking';
  if (node.kind === 'report') return 'When no fix helped';
  return PART_LABELS[node.part];
}

function QuestionBody({ node }: { node: Of<'question'> }) {
  return (
    <section aria-labelledby="question">
      <h2 id="question">{node.question}</h2>
      <ul className="choices">
        {node.options.map((option) => (
          <li key={option.next}>
            <Link href={`/guide/${option.next}`} className="choice">
              <span className="choice-label">
                <RichText text={option.label} />
              </span>
              {option.hint && (
                <span className="choice-hint">
                  <RichText text={option.hint} />
                </span>
              )}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function CheckBody({ node }: { node: Of<'check'> }) {
  return (
    <>
      <section aria-labelledby="verify">
        <h2 id="verify">What to check</h2>
        <StepList steps={node.steps} />
      </section>
      {node.probe && <ProbeNote probe={node.probe} />}
      {node.flow && <FlowNote flow={node.flow} />}
      <section aria-labelledby="outcomes">
        <h2 id="outcomes">What did you find?</h2>
        <ul className="choices">
          {node.outcomes.map((outcome) => (
            <li key={outcome.next}>
              <Link href={`/guide/${outcome.next}`} className="choice">
                <span className="choice-label">
                  <RichText text={outcome.label} />
                </span>
                <span className="choice-hint">
                  <RichText text={outcome.meaning} />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function ResolutionBody({ id, node }: { id: string; node: Of<'resolution'> }) {
  return (
    <>
      <section aria-labelledby="cause">
        <h2 id="cause">Likely cause</h2>
        <p>
          <RichText text={node.cause} />
        </p>
      </section>
      <section aria-labelledby="fix">
        <h2 id="fix">How to fix it</h2>
        <StepList steps={node.fix} />
      </section>
      {node.probe && <ProbeNote probe={node.probe} />}
      {node.flow && <FlowNote flow={node.flow} />}
      <DocLinks links={node.links} />
      <section aria-labelledby="fixed" className="did-it-work">
        <h2 id="fixed">Did this fix it?</h2>
        <ul className="choices choices-inline">
          <li>
            <Link href={`/guide/${id}/fixed`} className="choice">
              <span className="choice-label">Yes, linking works now</span>
            </Link>
          </li>
          <StillFails id={id} staticLinks={edgesOf(node)} steps={stillFailsSteps(id as NodeId)} />
        </ul>
      </section>
    </>
  );
}

function ReportBody({ node }: { node: Of<'report'> }) {
  return (
    <>
      <section aria-labelledby="checklist">
        <h2 id="checklist">What Amazon needs in the case</h2>
        <StepList steps={node.checklist} />
      </section>
      <p>
        <Link href="/report" className="button">
          Prepare the support report
        </Link>
      </p>
      <DocLinks links={node.links} />
    </>
  );
}

function ProbeNote({ probe }: { probe: ProbeId }) {
  return (
    <section aria-labelledby="probe" className="probe-embed">
      <h2 id="probe">{probeEntry(probe).label}</h2>
      <p>
        {probeEntry(probe).summary} It also has <Link href={`/probe/${probe}`}>a page of its own</Link>.
      </p>
      <ProbeDisclosure probe={probe} />
    </section>
  );
}

/** The offer of a flow: a page of its own that rehearses this part of the linking (no JavaScript needed here). */
function FlowNote({ flow }: { flow: FlowId }) {
  const entry = flowEntry(flow);
  return (
    <section aria-labelledby="flow" className="probe-embed">
      <h2 id="flow">{entry.label}</h2>
      <p>{entry.summary}</p>
      <p>
        <Link href={`/${flow}`} className="button">
          {entry.action}
        </Link>
      </p>
    </section>
  );
}

function DocLinks({ links }: { links: readonly { label: string; url: string }[] }) {
  return (
    <section aria-labelledby="docs">
      <h2 id="docs">Official documentation</h2>
      <ul className="doc-links">
        {links.map((link) => (
          <li key={link.url}>
            <a href={link.url}>{link.label}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
