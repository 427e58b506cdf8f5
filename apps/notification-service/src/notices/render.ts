import { NotificationKind } from '@connect/contracts';
import Handlebars from 'handlebars';
import { HTML_LAYOUT, NOTICE_TEMPLATES, TEXT_LAYOUT } from './templates/notice-templates';

/** The facts a notice is written from; every string in it may be user input. */
export interface NoticeContext {
  upstream: { companyName: string; projectName: string };
  downstream: { companyName: string; projectName: string };
  actor?: { name: string; email: string };
  reason?: string | null;
  /** Established by a manual approval (not automatic). */
  approved?: boolean;
  count?: number;
  drawingNumbers?: string[];
  initial?: boolean;
}

export interface RenderedNotice {
  /** Email subject and feed title. */
  title: string;
  /** Feed body. */
  summary: string;
  text: string;
  html: string;
}

type Template = (context: object) => string;

// One isolated Handlebars environment of our own: its partials are the notice details, nothing else.
const hbs = Handlebars.create();
const compileText = (source: string): Template => hbs.compile(source, { noEscape: true, strict: false });
const compileHtml = (source: string): Template => hbs.compile(source, { strict: false });

const compiled = Object.fromEntries(
  Object.entries(NOTICE_TEMPLATES).map(([kind, t]) => {
    if (t.detailsHtml) hbs.registerPartial(`details:${kind}`, t.detailsHtml);
    return [kind, { title: compileText(t.title), summary: compileText(t.summary), detailsText: t.detailsText ? compileText(t.detailsText) : undefined, hasHtmlDetails: !!t.detailsHtml }];
  }),
) as Record<NotificationKind, { title: Template; summary: Template; detailsText?: Template; hasHtmlDetails: boolean }>;

const textLayout = compileText(TEXT_LAYOUT);
const htmlLayout = compileHtml(HTML_LAYOUT);

/** Header values must stay on one line whatever a name contains. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Writes one notice for one recipient: subject, feed text, and the text and HTML bodies of the email. */
export function renderNotice(kind: NotificationKind, context: NoticeContext, recipient: string): RenderedNotice {
  const t = compiled[kind];
  const listed = context.drawingNumbers ?? [];
  const data = { ...context, recipient, single: context.count === 1, unlisted: Math.max(0, (context.count ?? 0) - listed.length) };
  const title = oneLine(t.title(data));
  const summary = t.summary(data).trim();
  const details = t.detailsText?.(data).trim() ?? '';
  return {
    title,
    summary,
    text: textLayout({ ...data, title, summary, details }),
    html: htmlLayout({ ...data, title, summary, detailsPartial: t.hasHtmlDetails ? `details:${kind}` : null }),
  };
}
