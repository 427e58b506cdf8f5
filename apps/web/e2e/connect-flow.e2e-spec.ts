/// <reference lib="dom" />
import { directory, eventually, REPO_ROOT, startSystem, type System, type TestUser } from '@connect/testing';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTEFACTS, checkScreen, choose, fromTop, launch, pdfDrawing, press, tabTo, toggle, typeInto, userPage } from './browser';

/**
 * The web app end to end (issue 16), in Debian's Chromium, against the whole system: Bob (the
 * subcontractor) connects his project to Alice's (the general contractor, manual approval) through
 * the Connect wizard, Alice approves, the copy of her published drawing arrives in Bob's review
 * queue, Bob publishes it, sees it in his register with the Connected icon, adds a markup in the
 * viewer, and disconnects. Every action by keyboard alone; every screen checked by axe-core and
 * photographed at 1280 px and 390 px (tmp/e2e-web). The steps share one story and run in order.
 */
const WEB_DIST = join(REPO_ROOT, 'dist', 'apps', 'web');
/** The sync engine copies in seconds (S9); a minute is a generous bound, not a benchmark. */
const COPY_WITHIN_MS = 60_000;

describe('web app: connect two projects and share a drawing (e2e, Chromium)', () => {
  let system: System;
  let browser: Browser;
  let alice: TestUser;
  let bob: TestUser;
  let alicePage: Page;
  let bobPage: Page;
  const gcName = 'Summit Builders';
  const subName = 'Apex Electrical';
  const upstreamName = 'Harbor Tower';
  const downstreamName = 'Harbor Tower Electrical';
  let upstreamId: string;
  let downstreamId: string;

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error(`${WEB_DIST} has no build: run \`npx nx build web\` first (make test-e2e-web does)`);
    system = await startSystem({
      services: ['gateway', 'connection-service', 'drawing-service', 'sync-service', 'notification-service'],
      env: { WEB_DIST_DIR: WEB_DIST },
    });
    const dir = directory(system);
    const gc = await dir.company({ name: gcName, connectionApproval: 'manual' });
    const sub = await dir.company({ name: subName, connectBeta: true });
    upstreamId = (await dir.project(gc.id, upstreamName)).id;
    downstreamId = (await dir.project(sub.id, downstreamName)).id;
    alice = await dir.userWithToken('Alice Moreau', [[upstreamId, { connectionManager: 'admin', drawings: 'admin' }]]);
    bob = await dir.userWithToken('Bob Okafor', [
      [downstreamId, { connectionManager: 'admin', drawings: 'admin' }],
      [upstreamId, { connectionManager: 'none', drawings: 'read_only' }],
    ]);
    // The upstream register's structure; the drawing itself is uploaded through the web app below.
    const asAlice = system.api(alice.token);
    for (const [path, body] of [
      ['drawing-areas', { name: 'Level 1', description: 'Ground floor' }],
      ['drawing-disciplines', { name: 'Electrical' }],
      ['drawing-sets', { name: 'Issued for construction', date: '2026-11-30' }],
    ] as const) {
      const res = await asAlice.post(`/projects/${upstreamId}/${path}`, body);
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    browser = await launch();
    alicePage = (await userPage(browser, system.url())).page;
    bobPage = (await userPage(browser, system.url())).page;
  });

  // The screens as each step left them, for reading a failure (test artefacts, git-ignored).
  afterEach(async () => {
    const step = expect
      .getState()
      .currentTestName?.replace(/^.*\(e2e, Chromium\) /, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .slice(0, 50);
    for (const [who, page] of [
      ['alice', alicePage],
      ['bob', bobPage],
    ] as const)
      await page?.screenshot({ path: join(ARTEFACTS, `after-${step}-${who}.png`) }).catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function signIn(page: Page, token: string): Promise<void> {
    await page.goto('/');
    await fromTop(page);
    await typeInto(page, page.getByRole('textbox', { name: 'Personal access token' }), token);
    await press(page, page.getByRole('button', { name: 'Sign in' }));
    await page.getByRole('heading', { name: 'Your projects' }).waitFor();
  }

  async function openTool(page: Page, projectName: string, tool: string): Promise<void> {
    await page.goto('/');
    await fromTop(page);
    await press(page, page.getByRole('link', { name: projectName, exact: true }));
    await page.getByRole('heading', { level: 1, name: projectName }).waitFor();
    await fromTop(page);
    await press(page, page.getByRole('navigation', { name: 'Project tools' }).getByRole('link', { name: tool }));
  }

  it('sign in: a bad token says so; a good one shows the projects grouped by company; sign out ends the session', async () => {
    await bobPage.goto('/');
    await checkScreen(bobPage, '01-sign-in');
    await fromTop(bobPage);
    await typeInto(bobPage, bobPage.getByRole('textbox', { name: 'Personal access token' }), 'pc_not-a-real-token');
    await press(bobPage, bobPage.getByRole('button', { name: 'Sign in' }));
    await expect(bobPage.getByRole('alert').textContent()).resolves.toContain('That personal access token was not accepted');
    await checkScreen(bobPage, '02-sign-in-refused');

    await signIn(bobPage, bob.token);
    const gcSection = bobPage.getByRole('region', { name: gcName });
    const subSection = bobPage.getByRole('region', { name: subName });
    await expect(gcSection.getByRole('link').allTextContents()).resolves.toEqual([upstreamName]);
    await expect(subSection.getByRole('link').allTextContents()).resolves.toEqual([downstreamName]);
    await checkScreen(bobPage, '03-projects');

    // Kept for the session only: sessionStorage, gone on Sign out.
    await press(bobPage, bobPage.getByRole('button', { name: 'Sign out' }));
    await bobPage.getByRole('button', { name: 'Sign in' }).waitFor();
    await expect(bobPage.evaluate(() => [sessionStorage.length, localStorage.length])).resolves.toEqual([0, 0]);
    await signIn(bobPage, bob.token);
  });

  it('navigation follows permissions: Bob sees Drawings but not Connection Manager in the upstream project', async () => {
    await openTool(bobPage, upstreamName, 'Drawings');
    const nav = bobPage.getByRole('navigation', { name: 'Project tools' });
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual(['Drawings', 'Notifications']);
  });

  it('upstream: Alice uploads a drawing with the file picker and publishes it from Review', async () => {
    await signIn(alicePage, alice.token);
    await openTool(alicePage, upstreamName, 'Drawings');
    await press(alicePage, alicePage.getByRole('link', { name: 'Upload' }));
    const file = join(mkdtempSync(join(tmpdir(), 'e2e-web-')), 'E-101 Lighting plan.pdf');
    writeFileSync(file, pdfDrawing('E-101 Lighting plan'));
    // The operating system's file dialog is outside the page: the picker's input takes the file.
    await alicePage.locator('input[type=file]').setInputFiles(file);
    await expect(alicePage.getByRole('textbox', { name: 'Drawing number' }).inputValue()).resolves.toBe('E-101');
    await checkScreen(alicePage, '04-upload');
    await press(alicePage, alicePage.getByRole('button', { name: 'Upload', exact: true }));
    await alicePage.getByText('Uploaded: awaiting review').waitFor();
    await expect(alicePage.getByRole('progressbar', { name: 'Upload of E-101 Lighting plan.pdf' }).getAttribute('value')).resolves.toBe('1');

    await press(alicePage, alicePage.getByRole('link', { name: 'Review', exact: true }));
    await alicePage.getByRole('checkbox', { name: 'Select E-101 revision 1' }).waitFor();
    await toggle(alicePage, alicePage.getByRole('checkbox', { name: 'Select all' }));
    await checkScreen(alicePage, '05-review-upstream');
    await press(alicePage, alicePage.getByRole('button', { name: 'Publish', exact: true }));
    await alicePage.getByText('1 revision published.').waitFor();

    await press(alicePage, alicePage.getByRole('link', { name: 'Register', exact: true }));
    const row = alicePage.getByRole('row', { name: /E-101/ });
    await row.waitFor();
    await expect(row.getByRole('cell').allTextContents()).resolves.toEqual(['E-101', 'Lighting plan', 'Electrical', 'Level 1', '1', '—', 'This project']);
  });

  it('upstream: Alice opens her drawing in the viewer and adds a markup', async () => {
    await press(alicePage, alicePage.getByRole('link', { name: 'E-101' }));
    await alicePage.getByRole('img', { name: /E-101 Lighting plan, revision 1/ }).waitFor();
    await addMarkup(alicePage, 'Check the panel schedule');
    await checkScreen(alicePage, '06-viewer-upstream');
  });

  it('Bob connects his project through the Connect wizard; manual approval leaves it Pending', async () => {
    await openTool(bobPage, downstreamName, 'Connection Manager');
    await bobPage.getByRole('heading', { name: 'Connection Manager' }).waitFor();
    await checkScreen(bobPage, '07-connection-manager-empty');
    await press(bobPage, bobPage.getByRole('link', { name: 'Connect', exact: true }));

    const company = bobPage.getByRole('combobox', { name: 'Upstream company' });
    await expect(
      company
        .locator('optgroup')
        .evaluateAll((groups) =>
          groups.map((g) => [(g as HTMLOptGroupElement).label, Array.from((g as HTMLOptGroupElement).children).map((o) => (o as HTMLOptionElement).label)]),
        ),
    ).resolves.toEqual([
      ['Current Company', [subName]],
      ['Other Companies', [gcName]],
    ]);
    await choose(bobPage, company, gcName);
    await choose(bobPage, bobPage.getByRole('combobox', { name: 'Upstream project' }), upstreamName);
    await checkScreen(bobPage, '08-wizard-upstream');
    await press(bobPage, bobPage.getByRole('button', { name: 'Next' }));

    const drawings = bobPage.getByRole('checkbox', { name: 'Drawings' });
    await expect(drawings.isChecked()).resolves.toBe(true);
    await toggle(bobPage, drawings);
    await press(bobPage, bobPage.getByRole('button', { name: 'Next' }));
    await expect(bobPage.getByRole('alert').textContent()).resolves.toBe('Select at least one feature for this connection.');
    await toggle(bobPage, drawings);
    await checkScreen(bobPage, '09-wizard-features');
    await press(bobPage, bobPage.getByRole('button', { name: 'Next' }));

    const considerations = await bobPage.locator('.considerations li').allTextContents();
    for (const words of ['only connect to one upstream project', 'never connect again', 'GovCloud', '100,000 drawing revisions', 'distribution list']) {
      expect(considerations.join('\n')).toContain(words);
    }
    await checkScreen(bobPage, '10-wizard-considerations');
    await press(bobPage, bobPage.getByRole('button', { name: 'Connect Projects' }));
    await bobPage.getByRole('heading', { name: `Connection with ${upstreamName}` }).waitFor();
    await expect(bobPage.getByRole('status').first().textContent()).resolves.toContain(`Request sent: ${gcName} reviews it.`);
    await expect(bobPage.locator('.facts .status').textContent()).resolves.toBe('Pending');
    await bobPage.getByRole('timer').waitFor();
    await checkScreen(bobPage, '11-connection-pending');
  });

  it('a refusal names the missing permission: Alice cannot connect her project to Bob’s (C1)', async () => {
    // Alice is no member of Bob's project: the API refuses, and the wizard says why in words.
    const res = await system.api(alice.token).post(`/projects/${upstreamId}/connections`, { upstreamProjectId: downstreamId, features: ['drawings'] });
    expect(res.status).toBe(403);
    await openTool(alicePage, upstreamName, 'Connection Manager');
    await press(alicePage, alicePage.getByRole('link', { name: 'Connect', exact: true }));
    // Her only other company is her own; the upstream choice lists no project of hers.
    await choose(alicePage, alicePage.getByRole('combobox', { name: 'Upstream company' }), gcName);
    await expect(alicePage.getByRole('combobox', { name: 'Upstream project' }).locator('option').allTextContents()).resolves.toEqual([
      'No project of yours at this company',
    ]);
    await press(alicePage, alicePage.getByRole('button', { name: 'Next' }));
    await expect(alicePage.getByRole('alert').textContent()).resolves.toBe('Select the upstream company and project.');
  });

  it('Alice approves as the upstream; both sides show the connection Active with a live Sync progress bar', async () => {
    await openTool(alicePage, upstreamName, 'Connection Manager');
    const item = alicePage.getByRole('listitem').filter({ hasText: downstreamName });
    await expect(item.locator('.status').textContent()).resolves.toBe('Pending');
    await expect(item.textContent()).resolves.toContain('Upstream: this project shares its drawings');
    await checkScreen(alicePage, '12-connection-manager-upstream-pending');
    await press(alicePage, item.getByRole('link', { name: downstreamName }));
    await press(alicePage, alicePage.getByRole('button', { name: 'Approve' }));
    await alicePage.locator('.facts .status', { hasText: 'Active' }).waitFor();
    await alicePage.getByRole('button', { name: 'Undo approval' }).waitFor();
    await checkScreen(alicePage, '13-connection-active-upstream');

    // Bob's page updates without a reload (it polls while the connection is live).
    await bobPage.locator('.facts .status', { hasText: 'Active' }).waitFor({ timeout: 15_000 });
    const bar = bobPage.getByRole('progressbar', { name: 'Sync progress' });
    await expect(bar.getAttribute('aria-valuemin')).resolves.toBe('0');
    await expect(bar.getAttribute('aria-valuetext')).resolves.toMatch(/^\d+ of \d+ revisions copied, \d+ pending, \d+ failed; last synced /);
    await bobPage.getByRole('region', { name: 'Audit trail' }).getByText('Connection approved').waitFor();
    const audit = await bobPage.getByRole('region', { name: 'Audit trail' }).getByRole('listitem').allTextContents();
    expect(audit.map((a) => a.split(' ')[0] + ' ' + a.split(' ')[1])).toEqual(['Connection requested', 'Connection approved']);
    await checkScreen(bobPage, '13-connection-active-downstream');
    await press(bobPage, bobPage.getByRole('link', { name: 'Back to Connection Manager' }));
    await bobPage.getByRole('listitem').filter({ hasText: upstreamName }).getByRole('progressbar', { name: 'Sync progress' }).waitFor();
    await checkScreen(bobPage, '13-connection-manager-active');
  });

  it('S1: the copy of Alice’s published drawing arrives in Bob’s review queue (needs the sync engine)', async () => {
    await openTool(bobPage, downstreamName, 'Drawings');
    await press(bobPage, bobPage.getByRole('link', { name: 'Review', exact: true }));
    await bobPage.getByRole('checkbox', { name: 'Select E-101 revision 1' }).waitFor({ timeout: COPY_WITHIN_MS });
    await expect(bobPage.getByRole('row', { name: /E-101/ }).getByRole('img', { name: 'Connected' }).count()).resolves.toBe(1);
    await checkScreen(bobPage, '14-review-downstream');
  });

  it('D1/D6: Bob publishes the copy; his register shows it with the Connected icon and its source project', async () => {
    await toggle(bobPage, bobPage.getByRole('checkbox', { name: 'Select E-101 revision 1' }));
    await press(bobPage, bobPage.getByRole('button', { name: 'Publish', exact: true }));
    await bobPage.getByText('1 revision published.').waitFor();
    await press(bobPage, bobPage.getByRole('link', { name: 'Register', exact: true }));
    const row = bobPage.getByRole('row', { name: /E-101/ });
    await row.waitFor();
    await expect(row.getByRole('img', { name: 'Connected' }).count()).resolves.toBe(1);
    await expect(row.getByRole('cell').last().textContent()).resolves.toContain(`${upstreamName} (${gcName})`);
    // Filterable by area: the copied area is the drawing's.
    await choose(bobPage, bobPage.getByRole('combobox', { name: 'Area' }), 'Level 1');
    await expect(bobPage.getByRole('row', { name: /E-101/ }).count()).resolves.toBe(1);
    await checkScreen(bobPage, '15-register-downstream');
  });

  it('D5: Bob opens the connected drawing in the viewer and adds a markup of his own project', async () => {
    await press(bobPage, bobPage.getByRole('link', { name: 'E-101' }));
    await bobPage.getByRole('img', { name: /E-101 Lighting plan, revision 1/ }).waitFor();
    // Alice's markup stays upstream (S5): Bob's viewer starts with none.
    await bobPage.getByRole('heading', { name: 'Markups (0)' }).waitFor();
    await addMarkup(bobPage, 'Conduit route to confirm');
    await checkScreen(bobPage, '16-viewer-downstream');
  });

  it('C10: Bob disconnects, accepting the terms and giving a reason; the audit trail records it', async () => {
    await openTool(bobPage, downstreamName, 'Connection Manager');
    await press(bobPage, bobPage.getByRole('listitem').filter({ hasText: upstreamName }).getByRole('link', { name: upstreamName }));
    await press(bobPage, bobPage.getByRole('button', { name: 'Disconnect', exact: true }));
    // Without the terms the refusal is in words (C10).
    await typeInto(bobPage, bobPage.getByRole('textbox', { name: 'Reason for disconnecting' }), 'Our scope on this project is complete');
    await press(bobPage, bobPage.getByRole('button', { name: 'Disconnect projects' }));
    await expect(bobPage.getByRole('alert').textContent()).resolves.toBe('Accept the terms of disconnection to disconnect.');
    await toggle(bobPage, bobPage.getByRole('checkbox', { name: 'I understand and accept the terms of disconnection' }));
    await checkScreen(bobPage, '17-disconnect');
    await press(bobPage, bobPage.getByRole('button', { name: 'Disconnect projects' }));
    await bobPage.locator('.facts .status', { hasText: 'Disconnected' }).waitFor();
    await bobPage.getByRole('region', { name: 'Audit trail' }).getByText('Projects disconnected').waitFor();
    await expect(bobPage.getByRole('region', { name: 'Audit trail' }).textContent()).resolves.toContain('Our scope on this project is complete');
    await checkScreen(bobPage, '18-connection-disconnected');
    await press(bobPage, bobPage.getByRole('link', { name: 'Back to Connection Manager' }));
    await bobPage.getByRole('listitem').filter({ hasText: upstreamName }).locator('.status', { hasText: 'Disconnected' }).waitFor();
    await checkScreen(bobPage, '19-connection-manager');
  });

  it('N2: Alice’s Notifications show the connection request with an unread count; mark read, mark all read', async () => {
    await openTool(alicePage, upstreamName, 'Notifications');
    const nav = alicePage.getByRole('navigation', { name: 'Project tools' });
    await nav.getByRole('link', { name: /Notifications \d+ unread/ }).waitFor({ timeout: 15_000 });
    // The badge and the list are two requests: wait for the list's unread items too before counting them.
    await alicePage.locator('.notification.unread').first().waitFor({ timeout: 15_000 });
    const unread = () => alicePage.locator('.notification.unread').count();
    const before = await unread();
    expect(before).toBeGreaterThan(0);
    await checkScreen(alicePage, '20-notifications');
    await press(alicePage, alicePage.getByRole('button', { name: /^Mark read/ }).first());
    await eventually(unread, (n) => n === before - 1, 10_000);
    if (before > 1) {
      await press(alicePage, alicePage.getByRole('button', { name: 'Mark all read' }));
      await eventually(unread, (n) => n === 0, 10_000);
    }
    await alicePage.getByText('0 unread').waitFor();
    await expect(nav.getByRole('link', { name: 'Notifications', exact: true }).count()).resolves.toBe(1);
  });

  /** Keyboard only: arrows move the position on the sheet, then the note and Add markup. */
  async function addMarkup(page: Page, note: string): Promise<void> {
    const before = await page.locator('.markup-list li').count();
    await tabTo(page, page.getByRole('group', { name: /Drawing sheet/ }));
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowDown']) await page.keyboard.press(key);
    await expect(page.locator('#markup-position').textContent()).resolves.toBe('Position: 54% across, 52% down.');
    await typeInto(page, page.getByRole('textbox', { name: 'Markup note' }), note);
    await press(page, page.getByRole('button', { name: 'Add markup' }));
    await page.getByRole('heading', { name: `Markups (${before + 1})` }).waitFor();
    await expect(page.locator('.markup-list li').last().textContent()).resolves.toBe(note);
    await expect(page.locator('svg.markups circle.pin').count()).resolves.toBe(before + 1);
  }
});
