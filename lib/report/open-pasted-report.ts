'use server';

import { formText } from '@/lib/form-data';
import { importReport, type ImportResult } from './import';

export type PastedReportState = ImportResult | null;

/**
 * Reads a report pasted into /triage, for browsers without JavaScript: the form posts it here, in the body, never in
 * an address. With JavaScript the browser reads it itself and sends nothing.
 */
export async function openPastedReportAction(_previous: PastedReportState, form: FormData): Promise<PastedReportState> {
  return importReport(formText(form, 'report') ?? '');
}
