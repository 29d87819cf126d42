// The edge rules every handler shares: the client's language, If-Match.
import pkg from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { ApiError, langOf, requireIfMatch } from './http.ts';

const { HttpRequest } = pkg;
const req = (headers: Record<string, string>) => new HttpRequest({ method: 'GET', url: 'http://localhost/api/x', headers });

describe('the client’s language', () => {
  it('is the preferred of French and English by q-value, French when neither is named', () => {
    const cases: Array<[string, 'fr' | 'en']> = [
      ['', 'fr'],
      ['en', 'en'],
      ['en-GB,en;q=0.9', 'en'],
      ['fr;q=0.1, en;q=0.9', 'en'],
      ['de, en;q=0.5', 'en'],
      ['de', 'fr'],
      ['fr-FR,fr;q=0.9,en-US;q=0.8', 'fr'],
      ['en;q=0, fr;q=0.2', 'fr'],
      ['en;q=abc', 'fr'],
    ];
    for (const [header, lang] of cases) expect([header, langOf(req(header ? { 'accept-language': header } : {}))]).toEqual([header, lang]);
  });
});

describe('If-Match', () => {
  it('reads the etag, quotes and W/ dropped; 428 when missing, and a message of its own for *', () => {
    expect(requireIfMatch(req({ 'if-match': 'W/"abc"' }))).toBe('abc');
    expect(() => requireIfMatch(req({}))).toThrow(ApiError);
    try {
      requireIfMatch(req({ 'if-match': '*' }));
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ status: 428, code: 'if-match-required', fr: expect.stringContaining('If-Match: * n’est pas accepté') });
    }
  });
});
