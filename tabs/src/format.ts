// French formatting, in one place: numbers, euros, percentages and counted nouns.
const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0, minimumFractionDigits: 0 });

export const formatNumber = (n: number): string => integer.format(n);
export const formatEuros = (n: number): string => euros.format(n);

/** « 42 % », or « — » when there is nothing to average. */
export const formatPercent = (p: number | null): string => (p === null ? '—' : `${integer.format(Math.round(p * 100))}\u00a0%`);

/** « 1 projet », « 1 214 projets », « 0 projet » (French: 0 and 1 are singular). */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(n)}\u00a0${Math.abs(n) < 2 ? singular : pluralForm}`;
}

/** A YYYY-MM-DD date as « 12/03/2026 ». */
export function formatDate(iso: string | null): string {
  if (!iso) return '—';
  const [y, m, d] = iso.split('-');
  return y && m && d ? `${d}/${m}/${y}` : iso;
}

const longDay = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const longInstant = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });

/** « 31 mars 2026 » for a YYYY-MM-DD day or an instant (its day in Paris); « — » for none. */
export function formatLongDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const day = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const date = new Date(day ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return (day ? longDay : longInstant).format(date);
}
