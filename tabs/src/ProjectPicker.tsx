// Several values out of a list (co-directions, co-owners), or typed freely (tags): Fluent's
// TagPicker, filtered as one types. Each chosen value is a tag; activating it removes it.
import {
  Field,
  Tag,
  TagPicker,
  TagPickerControl,
  TagPickerGroup,
  TagPickerInput,
  TagPickerList,
  TagPickerOption,
  makeStyles,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useT } from './i18n.tsx';

const useStyles = makeStyles({ field: { minWidth: 0 } });

const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

export function MultiPicker({
  label,
  options,
  selected,
  onChange,
  allowNew = false,
  validationMessage,
}: {
  label: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  selected: string[];
  onChange(next: string[]): void;
  /** Free values (tags): what is typed can be added as is. */
  allowNew?: boolean;
  validationMessage?: string;
}) {
  const styles = useStyles();
  const t = useT();
  const [query, setQuery] = useState('');
  const labelOf = (v: string) => options.find((o) => o.value === v)?.label ?? v;
  const q = fold(query.trim());
  const matching = options.filter((o) => !selected.includes(o.value) && (q === '' || fold(o.label).includes(q))).slice(0, 50);
  const typed = query.trim();
  const canAdd = allowNew && typed !== '' && !selected.includes(typed) && !options.some((o) => o.value === typed);

  return (
    <Field
      className={styles.field}
      label={label}
      validationMessage={validationMessage}
      validationState={validationMessage ? 'error' : 'none'}
    >
      <TagPicker
        // Nothing to offer (tags not typed yet, every value chosen): no empty list pops up.
        noPopover={!canAdd && matching.length === 0}
        selectedOptions={selected}
        onOptionSelect={(_, data) => {
          // A click on a chosen tag removes it; an option (or the typed text) adds it.
          onChange(data.selectedOptions);
          setQuery('');
        }}
      >
        <TagPickerControl>
          <TagPickerGroup aria-label={t(`${label} choisis`, `${label} chosen`)}>
            {selected.map((v) => (
              <Tag key={v} shape="rounded" value={v} dismissible aria-label={t(`Retirer ${labelOf(v)}`, `Remove ${labelOf(v)}`)}>
                {labelOf(v)}
              </Tag>
            ))}
          </TagPickerGroup>
          <TagPickerInput value={query} onChange={(e) => setQuery(e.target.value)} />
        </TagPickerControl>
        <TagPickerList>
          {canAdd && (
            <TagPickerOption value={typed} key={`new:${typed}`}>
              {t(`Ajouter « ${typed} »`, `Add "${typed}"`)}
            </TagPickerOption>
          )}
          {matching.map((o) => (
            <TagPickerOption key={o.value} value={o.value}>
              {o.label}
            </TagPickerOption>
          ))}
        </TagPickerList>
      </TagPicker>
    </Field>
  );
}
