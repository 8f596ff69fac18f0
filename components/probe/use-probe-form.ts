'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { startTransition, useActionState, useRef } from 'react';
import { useForm, type DefaultValues, type FieldValues } from 'react-hook-form';
import { type z } from '@/lib/zod';

/**
 * A probe form's state: react-hook-form validates with the probe's own schema, then the form's FormData goes to the
 * server action, which checks it again. Without JavaScript the form posts to the same action.
 */
export function useProbeForm<S extends z.ZodType<unknown, FieldValues>, State>(
  schema: S,
  action: (previous: State | null, form: FormData) => Promise<State | null>,
  defaultValues: DefaultValues<z.input<S>>,
) {
  const formRef = useRef<HTMLFormElement>(null);
  const [state, formAction, running] = useActionState(action, null);
  const form = useForm<z.input<S>, unknown, z.output<S>>({ resolver: zodResolver(schema), defaultValues });
  const onSubmit = form.handleSubmit(() => {
    if (formRef.current) {
      const data = new FormData(formRef.current);
      startTransition(() => formAction(data));
    }
  });
  return { form, state, running, formProps: { ref: formRef, action: formAction, onSubmit, noValidate: true } };
}
