/*
 * What the register answers to users, exactly as the HTTP API shows it
 * (API.md "A drawing", "A revision"); the gateway returns these as they are.
 */

export interface AreaView {
  id: string;
  name: string;
  description: string | null;
  connected: boolean;
}

export interface DisciplineView {
  id: string;
  name: string;
  position: number;
  connected: boolean;
}

export interface SetView {
  id: string;
  name: string;
  date: string;
  connected: boolean;
}

export interface CurrentRevisionView {
  id: string;
  revisionNumber: string;
  revisionStatus: string | null;
  drawingDate: string | null;
  receivedDate: string | null;
  set: { id: string; name: string; date: string } | null;
  sha256: string;
  published: boolean;
}

/** A revision: the revision fields plus its drawing's, flattened. */
export interface RevisionView extends CurrentRevisionView {
  drawingId: string;
  drawingNumber: string;
  title: string;
  connected: boolean;
  publishedAt: string | null;
  fileId: string;
  size: number;
  contentType: string;
  filename: string;
  uploadedBy: string | null;
  createdAt: string;
}

export interface DrawingView {
  id: string;
  number: string;
  title: string;
  obsolete: boolean;
  connected: boolean;
  connectedUpdateAvailable: boolean;
  source?: { companyName: string; projectName: string };
  area: { id: string; name: string; description: string | null };
  discipline: { id: string; name: string; position: number };
  /** The highest published revision; null while none is published. */
  currentRevision: CurrentRevisionView | null;
}

/** `GET /drawings/:id`: the drawing with the revisions the caller may see. */
export interface DrawingDetailView extends DrawingView {
  /** One page of them, highest first. */
  revisions: RevisionView[];
  /** The `cursor` of the next page of revisions; null on the last. */
  revisionsNextCursor: string | null;
}

export interface MarkupView {
  id: string;
  revisionId: string;
  kind: string;
  data: unknown;
  createdBy: string;
  createdAt: string;
}

/** A line of the Deleted Drawing Revisions report (D4). */
export interface DeletedRevisionView {
  revisionId: string;
  drawingId: string;
  drawingNumber: string;
  title: string;
  revisionNumber: string;
  deletedAt: string;
  /** User id of who deleted it; null when it was deleted upstream (S4). */
  deletedBy: string | null;
  deletedByName: string | null;
  reason: string;
}
