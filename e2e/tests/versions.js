// Annotators' versions of the built-in sample, as Avow files: shared by the agreement and
// adjudication tests.
import { expect } from '@playwright/test';
import { createHash } from 'node:crypto';
import { SAMPLE } from './helpers.js';

/**
 * The code point offsets of `phrase`'s first occurrence in the sample (any whitespace run in
 * `phrase` matches any run: the sample has line breaks), its start moved by `skip` words.
 */
export function at(phrase, skip = 0) {
  const words = phrase.split(/\s+/);
  const pattern = (list) => new RegExp(list.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'));
  const m = pattern(words).exec(SAMPLE);
  expect(m, phrase).not.toBeNull();
  const cp = (utf16) => Array.from(SAMPLE.slice(0, utf16)).length;
  const end = cp(m.index + m[0].length);
  if (skip === 0) return { start: cp(m.index), end };
  const rest = pattern(words.slice(skip)).exec(m[0]);
  return { start: cp(m.index + rest.index), end };
}


/** An Avow file of the sample by `annotator` with `spans` ([extent, label]) and relations. */
export function avowFile(annotator, spans, relations = [], text = SAMPLE) {
  const stamp = '2026-01-01T00:00:00.000Z';
  const points = Array.from(text);
  return {
    format: 'avow', version: 2, schema: { id: 'commitments', version: 1 }, annotator,
    document: {
      id: `d-${annotator}`, status: 'done', created: stamp, modified: stamp,
      metadata: { title: 'US-Japan statement', source_type: '', publisher: '', date: '', party_a: '', party_b: '', url: '', language: '' },
      length: points.length, text_sha256: createHash('sha256').update(text, 'utf8').digest('hex'), text,
    },
    annotations: spans.map(([extent, label], k) => ({
      id: `s${k + 1}`, start: extent.start, end: extent.end, label,
      quote: points.slice(extent.start, extent.end).join(''), attributes: {}, note: '', created: stamp, modified: stamp,
    })),
    relations: relations.map(([type, from, to], k) => ({ id: `r${k + 1}`, type, from, to, note: '', created: stamp, modified: stamp })),
  };
}

/**
 * Imports `file` (an Avow file object): its annotator's first version of a text here is added
 * without a question (the untouched sample is filled by the first).
 */
export async function addVersion(page, file) {
  const annotator = file.annotator;
  await page.getByTestId('import-file').setInputFiles({
    name: `${annotator}.avow.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)),
  });
  await expect(page.getByTestId('info-message')).toContainText(`${annotator}.avow.json`);
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
}
