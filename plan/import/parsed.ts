// The plan as a file describes it, whatever the format: the parsers produce this, the
// merge (apply.ts) turns it into store writes. Keys are what a re-import matches on.
import type { MilestoneState, Priority, ProjectPhase, ProjectStatus } from '../vocab.ts';
import type { ImportIssue } from './issues.ts';

export interface ParsedAmbition {
  key: string;
  title: string;
  row: number;
}

export interface ParsedObjective {
  key: string;
  ambitionKey: string | null;
  parentKey: string | null;
  title: string;
  row: number;
}

/** A field's value as read, or undefined when the file has no such column (then a re-import leaves it alone). */
export interface ParsedProject {
  key: string;
  row: number;
  ambitionKey: string | null;
  objectiveKey: string | null;
  title: string;
  description?: string;
  /** Direction names or codes as written; the first is the lead. */
  directions?: string[];
  /** Free text of people: « Claire MARTIN, PSMS, SSIAD ». The first person is the owner. */
  pilots?: string;
  elus?: string;
  partners?: string;
  budget?: number | null;
  funders?: Array<{ name: string; amount: number | null }>;
  startDate?: string | null;
  endDate?: string | null;
  status?: ProjectStatus;
  phase?: ProjectPhase | null;
  priority?: Priority | null;
  tags?: string[];
  extra?: Record<string, string>;
}

export interface ParsedMilestone {
  key: string;
  projectKey: string;
  row: number;
  title: string;
  baselineDate: string | null;
  state?: MilestoneState;
  completion?: number;
  owner?: string;
  strategic: boolean;
}

export interface ParsedPlan {
  /** e.g. 'tet' or 'profile:budget-participatif-paris'. */
  format: string;
  title: string | null;
  ambitions: ParsedAmbition[];
  objectives: ParsedObjective[];
  projects: ParsedProject[];
  milestones: ParsedMilestone[];
  issues: ImportIssue[];
}
