import { NotificationKind } from '@connect/contracts';

/**
 * The Handlebars sources of every notice (N2). Each kind has a title (the
 * email subject and the feed title), a one-paragraph summary (the feed body,
 * and the email's first paragraph) and, where there is more to say, details.
 * All are plain text except `detailsHtml`; the HTML layout escapes every
 * `{{value}}` it inserts, so names users typed never become markup.
 *
 * Context: `upstream`/`downstream` ({companyName, projectName}), `actor`
 * ({name, email}), `reason` (or null); batches add `count`, `drawingNumbers`,
 * `unlisted` (how many numbers the list leaves out) and `initial`.
 */
export interface NoticeTemplate {
  title: string;
  summary: string;
  detailsText?: string;
  detailsHtml?: string;
}

const BOTH = '{{downstream.companyName}} / {{downstream.projectName}} → {{upstream.companyName}} / {{upstream.projectName}}';

const REASON_TEXT = '{{#if reason}}Reason: {{reason}}{{/if}}';
const REASON_HTML = '{{#if reason}}<p><strong>Reason:</strong> {{reason}}</p>{{/if}}';

const DRAWINGS_TEXT = `Drawings ({{count}}):
{{#each drawingNumbers}}- {{this}}
{{/each}}{{#if unlisted}}… and {{unlisted}} more
{{/if}}`;
const DRAWINGS_HTML = `<p><strong>Drawings ({{count}}):</strong></p>
<ul>{{#each drawingNumbers}}<li>{{this}}</li>{{/each}}</ul>{{#if unlisted}}<p>… and {{unlisted}} more</p>{{/if}}`;

export const NOTICE_TEMPLATES: Record<NotificationKind, NoticeTemplate> = {
  'connection.requested': {
    title: `Connection requested: ${BOTH}`,
    summary:
      '{{actor.name}} of {{downstream.companyName}} asks to connect their project "{{downstream.projectName}}" to your project "{{upstream.projectName}}" of {{upstream.companyName}}. A Connection Manager admin of your project can approve or reject the request.',
  },
  'connection.established': {
    title: `Connection established: ${BOTH}`,
    summary:
      '"{{downstream.projectName}}" of {{downstream.companyName}} is now connected to "{{upstream.projectName}}" of {{upstream.companyName}}{{#if approved}}, approved by {{actor.name}}{{/if}}. Published drawings of the upstream project will be copied to the downstream project for review.',
  },
  'connection.rejected': {
    title: `Connection rejected: ${BOTH}`,
    summary: '{{actor.name}} of {{upstream.companyName}} rejected the request to connect "{{downstream.projectName}}" to "{{upstream.projectName}}".',
    detailsText: REASON_TEXT,
    detailsHtml: REASON_HTML,
  },
  'connection.cancelled': {
    title: `Connection request cancelled: ${BOTH}`,
    summary: '{{actor.name}} of {{downstream.companyName}} cancelled the request to connect "{{downstream.projectName}}" to your project "{{upstream.projectName}}".',
  },
  'connection.disconnected': {
    title: `Projects disconnected: ${BOTH}`,
    summary:
      '{{actor.name}} disconnected "{{downstream.projectName}}" of {{downstream.companyName}} from "{{upstream.projectName}}" of {{upstream.companyName}}. Nothing more is copied; the downstream project keeps what it has published.',
    detailsText: REASON_TEXT,
    detailsHtml: REASON_HTML,
  },
  'connection.undone': {
    title: `Connection undone: ${BOTH}`,
    summary: '{{actor.name}} undid the connection of "{{downstream.projectName}}" of {{downstream.companyName}} to "{{upstream.projectName}}" of {{upstream.companyName}}.',
  },
  'sync.revisions.ready': {
    title: `{{count}} drawing revision{{#unless single}}s{{/unless}} ready for review: ${BOTH}`,
    summary:
      '{{count}} revision{{#unless single}}s{{/unless}} published in "{{upstream.projectName}}" of {{upstream.companyName}} {{#if single}}is{{else}}are{{/if}} ready for review in "{{downstream.projectName}}".',
    detailsText: DRAWINGS_TEXT,
    detailsHtml: DRAWINGS_HTML,
  },
  'sync.copy.finished': {
    title: `{{#if initial}}First copy finished{{else}}Copy finished{{/if}} ({{count}} revision{{#unless single}}s{{/unless}}): ${BOTH}`,
    summary:
      '{{#if initial}}The first full copy{{else}}The copy of a batch{{/if}} from "{{upstream.projectName}}" of {{upstream.companyName}} to "{{downstream.projectName}}" finished: {{count}} revision{{#unless single}}s{{/unless}} copied.',
    detailsText: DRAWINGS_TEXT,
    detailsHtml: DRAWINGS_HTML,
  },
};

/** The email around every notice: the details and the footer are the same for all kinds. */
export const TEXT_LAYOUT = `{{title}}

{{summary}}
{{#if details}}
{{details}}
{{/if}}
--
Project Connect. You receive this as {{recipient}}: you are on the notification list of one of these projects.
`;

export const HTML_LAYOUT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{title}}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; color: #1f2933; line-height: 1.45">
<h1 style="font-size: 18px">{{title}}</h1>
<p>{{summary}}</p>
{{#if detailsPartial}}{{> (lookup . "detailsPartial")}}{{/if}}
<table style="border-collapse: collapse; margin-top: 12px" cellpadding="4">
<tr><th align="left">Upstream</th><td>{{upstream.companyName}}</td><td>{{upstream.projectName}}</td></tr>
<tr><th align="left">Downstream</th><td>{{downstream.companyName}}</td><td>{{downstream.projectName}}</td></tr>
</table>
<p style="color: #7b8794; font-size: 12px">Project Connect. You receive this as {{recipient}}: you are on the notification list of one of these projects.</p>
</body>
</html>
`;
