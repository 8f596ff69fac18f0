'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionState, useRef, useState, useTransition } from 'react';
import { useForm, type DefaultValues, type FieldValues, type Path, type RegisterOptions } from 'react-hook-form';
import { runProbeAction } from '@/lib/probes/action';
import { type ProbeId } from '@/lib/probes/catalog';
import type { ProbeResult } from '@/lib/probes/registry';
import { type ProbeState } from '@/lib/probes/state';
import { type z } from '@/lib/zod';
import { FormStart } from '@/lib/probes/form-start';

/**
 * A probe form's state: react-hook-form validates with the probe's own schema, then the form's FormData goes to the
 * probe's server action, which checks it again. Without JavaScript the form posts to the same action, and the page
 * that answers shows the result under the fields as they were sent (secrets left out).
 *
 * Bind the fields with `text`, `radio` and `checkbox` rather than `form.register`: they also write each field's
 * starting value into the markup, which is all a browser without JavaScript sees.
 */
export function useProbeForm<Id extends ProbeId, S extends z.ZodType<unknown, FieldValues>>(probe: Id, schema: S, defaultValues: DefaultValues<z.input<S>>) {
  type State = ProbeState<ProbeResult<Id>>;
  type Name = Path<z.input<S>>;
  // One server action serves every probe form; the form names its probe in a hidden field (ProbeForm writes it).
  const action = runProbeAction as (previous: State, form: FormData) => Promise<State>;
  const formRef = useRef<HTMLFormElement>(null);
  // Without JavaScript the form posts to formAction.
  const [posted, formAction, posting] = useActionState(action, null);
  const [start] = useState(() => new FormStart(defaultValues, posted?.submitted));
  const [latest, setLatest] = useState<State>(null);
  const [running, startRunning] = useTransition();
  const form = useForm<z.input<S>, unknown, z.output<S>>({ resolver: zodResolver(schema), defaultValues: start.values as DefaultValues<z.input<S>> });
  const onSubmit = form.handleSubmit(() => {
    if (!formRef.current) return;
    const data = new FormData(formRef.current);
    // The action is called directly, not through formAction, which would post the previous result (a screenshot
    // among it) back to the server with every run.
    startRunning(async () => {
      const result = await action(null, data);
      startRunning(() => setLatest(result));
    });
  });
  return {
    form,
    state: latest ?? posted,
    running: running || posting,
    formProps: { probe, ref: formRef, action: formAction, onSubmit, noValidate: true },
    text: (name: Name, options?: RegisterOptions<z.input<S>, Name>) => ({ ...form.register(name, options), defaultValue: start.text(name) }),
    radio: (name: Name, value: string) => ({ ...form.register(name), type: 'radio' as const, value, defaultChecked: start.text(name) === value }),
    checkbox: (name: Name) => ({ ...form.register(name), type: 'checkbox' as const, defaultChecked: start.checked(name) }),
    /** What a text field starts with: to open a fold whose fields came back filled in. */
    startText: (name: Name) => start.text(name),
    /** Whether the field held a secret that this page, answering a post without JavaScript, leaves empty. */
    withheld: (name: Name) => start.withheld(name),
  };
}
