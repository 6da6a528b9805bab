import { describe, expect, it } from 'vitest';

import {
  asksAboutWhatExists,
  containsPhrase,
  DESTRUCTIVE_CLASSES,
  namesAFile,
  VERB_CLASS,
  withinOneEdit,
} from './search-query-words.js';
import { stem } from './search-words.js';

describe('search query words', () => {
  it('maps verbs (stemmed) to their action classes, HTTP-style verbs included', () => {
    expect(VERB_CLASS.get(stem('delete'))).toContain('delete');
    expect(VERB_CLASS.get(stem('patch'))).toContain('update');
    expect(VERB_CLASS.get(stem('query'))).toContain('search');
    expect(DESTRUCTIVE_CLASSES.has('delete')).toBe(true);
  });

  it('finds a phrase whose words have at most three others between them, in order', () => {
    expect(containsPhrase(['let', 'the', 'whole', 'team', 'know'], 'let know')).toBe(true);
    expect(containsPhrase(['let', 'a', 'b', 'c', 'd', 'know'], 'let know')).toBe(false);
    expect(containsPhrase(['know', 'let'], 'let know')).toBe(false);
    expect(containsPhrase(['let', 'x', 'let', 'know'], 'let know')).toBe(true);
  });

  it('accepts one insertion, deletion, substitution or swap of neighbours, nothing more', () => {
    expect(withinOneEdit('slack', 'slakc')).toBe(true);
    expect(withinOneEdit('slack', 'slac')).toBe(true);
    expect(withinOneEdit('slack', 'stack')).toBe(true);
    expect(withinOneEdit('slack', 'stuck')).toBe(false);
    expect(withinOneEdit('slack', 'sla')).toBe(false);
  });

  it('tells questions about what exists and file names apart from other requests', () => {
    expect(asksAboutWhatExists(['have', 'you', 'stored'])).toBe(true);
    expect(asksAboutWhatExists(['where', 'did', 'we'])).toBe(true);
    expect(asksAboutWhatExists(['what', 'is', 'it'])).toBe(false);
    expect(namesAFile('open report.docx please')).toBe(true);
    expect(namesAFile('open example.com')).toBe(false);
  });
});
