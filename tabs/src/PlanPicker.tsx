import { Field, Select, makeStyles } from '@fluentui/react-components';
import type { Plan } from './api.ts';
import { useT } from './i18n.tsx';

const useStyles = makeStyles({ root: { width: '24rem', maxWidth: '100%' } });

/** Shown only when the tenant has several plans. */
export function PlanPicker({ plans, planId, onChange }: { plans: Plan[]; planId: string; onChange(id: string): void }) {
  const styles = useStyles();
  const t = useT();
  if (plans.length < 2) return null;
  const known = plans.some((p) => p.id === planId);
  return (
    <Field label={t('Plan affiché', 'Plan shown')} className={styles.root}>
      <Select value={planId} onChange={(_, data) => onChange(data.value)}>
        {!known && <option value={planId}>{t(`Plan introuvable (${planId})`, `Plan not found (${planId})`)}</option>}
        {plans.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
          </option>
        ))}
      </Select>
    </Field>
  );
}
