import { Field, Select, makeStyles } from '@fluentui/react-components';

const useStyles = makeStyles({ root: { width: '24rem', maxWidth: '100%' } });
import type { Plan } from './api.ts';

/** Shown only when the tenant has several plans. */
export function PlanPicker({ plans, planId, onChange }: { plans: Plan[]; planId: string; onChange(id: string): void }) {
  const styles = useStyles();
  if (plans.length < 2) return null;
  const known = plans.some((p) => p.id === planId);
  return (
    <Field label="Plan affiché" className={styles.root}>
      <Select value={planId} onChange={(_, data) => onChange(data.value)}>
        {!known && <option value={planId}>Plan introuvable ({planId})</option>}
        {plans.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
          </option>
        ))}
      </Select>
    </Field>
  );
}
