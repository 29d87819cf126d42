import { describe, expect, it } from 'vitest';
import { chooseLang } from './i18n.tsx';

describe('the tabs’ language', () => {
  it('follows the Teams locale inside Teams, whatever the browser says', () => {
    expect(chooseLang('en-us', '', ['fr-FR'])).toBe('en');
    expect(chooseLang('fr-fr', '?lang=en', ['en-US'])).toBe('fr');
    expect(chooseLang('fr-ca', '', [])).toBe('fr');
  });

  it('outside Teams: ?lang= first, then the browser’s languages, French when nothing fits', () => {
    expect(chooseLang(null, '?lang=en', ['fr-FR'])).toBe('en');
    expect(chooseLang(null, '', ['de-DE', 'en-GB'])).toBe('en');
    expect(chooseLang(null, '', ['de-DE'])).toBe('fr');
    expect(chooseLang('de-de', '?lang=xx', ['es-ES'])).toBe('fr');
  });
});
