import { DomainError, RevisionUploadFields } from '@connect/contracts';
import { isISO8601 } from 'class-validator';

/** The fields of an upload once checked: required ones present, dates ISO-8601, empty strings meaning "not given". */
export interface UploadFields {
  areaId: string;
  disciplineId: string;
  setId: string | null;
  drawingNumber: string;
  title: string;
  revisionNumber: string;
  revisionStatus: string | null;
  drawingDate: string | null;
  receivedDate: string | null;
}

const REQUIRED = ['areaId', 'disciplineId', 'drawingNumber', 'title', 'revisionNumber'] as const;
const MAX_LENGTH: Partial<Record<keyof UploadFields, number>> = { drawingNumber: 100, title: 500, revisionNumber: 50, revisionStatus: 100 };

/** Checks the form of an upload (D1); throws VALIDATION_FAILED listing every problem. */
export function checkUploadFields(given: RevisionUploadFields | undefined): UploadFields {
  const raw = given ?? {};
  const value = (k: keyof RevisionUploadFields): string | null => {
    const v = raw[k]?.trim();
    return v ? v : null;
  };
  const problems: string[] = [];
  for (const k of REQUIRED) if (value(k) === null) problems.push(`${k} is required`);
  for (const k of ['drawingDate', 'receivedDate'] as const) {
    const v = value(k);
    if (v !== null && !isISO8601(v)) problems.push(`${k} must be an ISO-8601 date`);
  }
  for (const [k, max] of Object.entries(MAX_LENGTH) as [keyof RevisionUploadFields, number][]) {
    const v = value(k);
    if (v !== null && v.length > max) problems.push(`${k} must be at most ${max} characters`);
  }
  if (problems.length) throw new DomainError('VALIDATION_FAILED', problems.join('; '));
  return {
    areaId: value('areaId') as string,
    disciplineId: value('disciplineId') as string,
    setId: value('setId'),
    drawingNumber: value('drawingNumber') as string,
    title: value('title') as string,
    revisionNumber: value('revisionNumber') as string,
    revisionStatus: value('revisionStatus'),
    drawingDate: value('drawingDate'),
    receivedDate: value('receivedDate'),
  };
}
