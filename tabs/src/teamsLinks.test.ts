import { describe, expect, it } from 'vitest';
import { channelTabConfig, entityIdOf, hashOf, projectDeepLink, sliceOf, type Slice } from './teamsLinks.ts';

const slices: Slice[] = [
  { kind: 'plan', planId: 'p1', id: 'p1' },
  { kind: 'ambition', planId: 'p1', id: 'a:1' },
  { kind: 'objective', planId: 'p 1', id: 'o/1' },
  { kind: 'project', planId: 'p1', id: 'é#?%' },
];

describe('what a channel tab or a deep link names', () => {
  it('round-trips every slice through its entity id, whatever its ids hold', () => {
    for (const s of slices) expect(sliceOf(entityIdOf(s))).toEqual(s);
    expect(entityIdOf(slices[1]!)).toBe('jalon:ambition:p1:a%3A1');
  });

  it('reads nothing from an entity id that is not one of Jalon’s', () => {
    for (const id of [null, undefined, '', 'portail', 'jalon:plan:p1', 'jalon:idea:p1:x', 'other:plan:p1:p1', 'jalon:plan::x', 'jalon:plan:%E0%A4%A:x']) {
      expect(sliceOf(id)).toBeNull();
    }
  });

  it('opens the dashboard for a plan, drilled down for an ambition or an objective, and the project page for a project', () => {
    expect(hashOf(slices[0]!)).toBe('#/dashboard?plan=p1');
    expect(hashOf(slices[1]!)).toBe('#/dashboard?plan=p1&ambition=a%3A1');
    expect(hashOf(slices[2]!)).toBe('#/dashboard?plan=p+1&objective=o%2F1');
    expect(hashOf(slices[3]!)).toBe('#/project?plan=p1&id=%C3%A9%23%3F%25');
  });

  it('saves a channel tab with its entity id, its content URL marked for Teams, and a short name', () => {
    const c = channelTabConfig('https://jalon.ville.fr', slices[1]!, 'Axe 1. Une ambition dont le titre est bien trop long pour un onglet');
    expect(c).toEqual({
      entityId: 'jalon:ambition:p1:a%3A1',
      contentUrl: 'https://jalon.ville.fr/tabs/?source=teams#/dashboard?plan=p1&ambition=a%3A1',
      websiteUrl: 'https://jalon.ville.fr/tabs/#/dashboard?plan=p1&ambition=a%3A1',
      suggestedDisplayName: 'Axe 1. Une ambition dont le titre est b…',
    });
    expect(c.suggestedDisplayName.length).toBe(40);
  });

  it('links to a project in the personal tab the documented way, the project as subEntityId', () => {
    const link = new URL(projectDeepLink({ appId: 'app-guid', origin: 'https://jalon.ville.fr', planId: 'p1', projectId: 'x1', label: 'Crèche « Les Lilas »' }));
    expect(link.origin + link.pathname).toBe('https://teams.microsoft.com/l/entity/app-guid/portail');
    expect(link.searchParams.get('label')).toBe('Crèche « Les Lilas »');
    expect(link.searchParams.get('webUrl')).toBe('https://jalon.ville.fr/tabs/#/project?plan=p1&id=x1');
    const context = JSON.parse(link.searchParams.get('context')!);
    expect(sliceOf(context.subEntityId)).toEqual({ kind: 'project', planId: 'p1', id: 'x1' });
  });
});
