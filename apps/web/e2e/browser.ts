/// <reference lib="dom" />
import { REPO_ROOT } from '@connect/testing';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium), never a downloaded browser; flags of the machine notes. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Screenshots of every screen, kept as test artefacts (git-ignored). */
export const ARTEFACTS = join(REPO_ROOT, 'tmp', 'e2e-web');

export const WIDE = { width: 1280, height: 900 };
export const NARROW = { width: 390, height: 844 };

export async function launch(): Promise<Browser> {
  mkdirSync(ARTEFACTS, { recursive: true });
  // playwright gives each launch a new empty profile (its own --user-data-dir in a temp folder).
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** One user's browser: a context of its own (its own sessionStorage, so its own session). */
export async function userPage(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: WIDE, reducedMotion: 'reduce' });
  const page = await context.newPage();
  return { context, page };
}

const axeSource = require.resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core on the page as it is: the serious and critical violations (WCAG 2.x A/AA rules and best practices). */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/**
 * A screen, checked at both widths: screenshots at 1280 px and 390 px, axe-core at both (no serious
 * or critical violation), and at 390 px nothing wider than the screen (tables scroll inside their frame).
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  const problems: string[] = [];
  for (const [label, size] of [
    ['1280', WIDE],
    ['390', NARROW],
  ] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(ARTEFACTS, `${name}-${label}.png`), fullPage: true });
    for (const v of await seriousViolations(page)) problems.push(`${name} at ${label} px: ${v}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 1) problems.push(`${name} at ${label} px: the page is ${overflow} px wider than the window`);
  }
  await page.setViewportSize(WIDE);
  expect(problems).toEqual([]);
}

/** Keyboard only: Tab (forwards) until `target` has the focus; fails when it is not reachable. */
export async function tabTo(page: Page, target: Locator, maxTabs = 80): Promise<void> {
  await target.waitFor({ state: 'visible' });
  for (let i = 0; i < maxTabs; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`not reachable with the Tab key: ${target}`);
}

/** Tab to a button or link and press Enter. */
export async function press(page: Page, target: Locator): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press('Enter');
}

/** Tab to a checkbox and press Space. */
export async function toggle(page: Page, target: Locator): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press('Space');
}

/** Tab to a field and type. */
export async function typeInto(page: Page, target: Locator, text: string): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.type(text);
}

/** Tab to a closed <select> and press ArrowDown until the option whose label is `label` is chosen. */
export async function choose(page: Page, select: Locator, label: string): Promise<void> {
  await tabTo(page, select);
  for (let i = 0; i < 50; i++) {
    const chosen = await select.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.label);
    if (chosen === label) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`option "${label}" not reachable with the arrow keys in ${select}`);
}

/** Start keyboard navigation from the top of the page, as after loading it. */
export async function fromTop(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.locator('body').focus();
}

/** A one-page PDF drawing (a title block and a few lines), valid enough for pdf.js and the D2 type sniffing. */
export function pdfDrawing(title: string): Buffer {
  const content = `BT /F1 24 Tf 72 720 Td (${title}) Tj ET 2 w 72 100 m 540 100 l 540 680 l 72 680 l h S 72 400 m 540 400 l S 306 100 m 306 680 l S`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
