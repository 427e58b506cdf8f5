import { DOWNSTREAM, REQUESTER, UPSTREAM, actor, connectionRequest, project, refusal } from './connection.fixtures';
import { checkFeatures, checkRequest, checkRevisionCounts, missingRequestPermissions } from './request-rules';

describe('C1 who may request a connection', () => {
  it('allows a user at both companies, CM admin downstream and Drawings read_only on both projects', () => {
    expect(missingRequestPermissions(connectionRequest())).toEqual([]);
    expect(checkRequest(connectionRequest())).toEqual(['drawings']);
  });

  it.each([
    ['CM read_only downstream', actor('u', [DOWNSTREAM, 'read_only', 'read_only'], [UPSTREAM, 'none', 'read_only']), ['Connection Manager admin on the downstream project']],
    ['no Drawings downstream', actor('u', [DOWNSTREAM, 'admin', 'none'], [UPSTREAM, 'none', 'read_only']), ['Drawings read_only on the downstream project']],
    ['no Drawings upstream', actor('u', [DOWNSTREAM, 'admin', 'read_only'], [UPSTREAM, 'admin', 'none']), ['Drawings read_only on the upstream project']],
    ['not a member upstream', actor('u', [DOWNSTREAM, 'admin', 'read_only']), ['user at the upstream company', 'member of the upstream project']],
  ])('refuses %s with 403 PERMISSION_REQUIRED naming what is missing', (_case, who, missing) => {
    const err = refusal(() => checkRequest(connectionRequest({ actor: who })));
    expect(err.code).toBe('PERMISSION_REQUIRED');
    expect(err.details).toEqual({ missing });
    for (const m of missing) expect(err.message).toContain(m);
  });

  it('names a missing company user even when the project membership exists', () => {
    const who = { ...REQUESTER, companies: REQUESTER.companies.filter((c) => c.companyId !== UPSTREAM.companyId) };
    expect(missingRequestPermissions(connectionRequest({ actor: who }))).toEqual(['user at the upstream company']);
  });

  it('judges permissions before every other rule', () => {
    const who = actor('u', [DOWNSTREAM, 'read_only', 'read_only'], [UPSTREAM, 'none', 'read_only']);
    expect(refusal(() => checkRequest(connectionRequest({ actor: who, upstream: { ...UPSTREAM, govCloud: true }, features: [] }))).code).toBe('PERMISSION_REQUIRED');
  });
});

describe('C2 which projects can connect', () => {
  it('allows two projects of one company, whatever their names', () => {
    const sibling = project('p-sibling', DOWNSTREAM.companyId, { projectName: 'Another name' });
    const who = actor('u', [DOWNSTREAM, 'admin', 'read_only'], [sibling, 'none', 'read_only']);
    expect(checkRequest(connectionRequest({ actor: who, upstream: sibling }))).toEqual(['drawings']);
  });

  it('refuses a project connecting to itself with CONNECTION_SELF', () => {
    const who = actor('u', [DOWNSTREAM, 'admin', 'read_only']);
    expect(refusal(() => checkRequest(connectionRequest({ actor: who, upstream: DOWNSTREAM }))).code).toBe('CONNECTION_SELF');
  });
});

describe('C7 features', () => {
  it('accepts known features, once each', () => {
    expect(checkFeatures(['drawings', 'drawings'])).toEqual(['drawings']);
  });

  it.each([[[]], [['drawings', 'markups']], [['rfis']]])('refuses %j with CONNECTION_FEATURES_INVALID', (features) => {
    expect(refusal(() => checkRequest(connectionRequest({ features }))).code).toBe('CONNECTION_FEATURES_INVALID');
  });
});

describe('C4 GovCloud', () => {
  it.each([
    ['downstream', { downstream: { ...DOWNSTREAM, govCloud: true } }],
    ['upstream', { upstream: { ...UPSTREAM, govCloud: true } }],
  ])('refuses a GovCloud company on the %s side with CONNECTION_GOVCLOUD', (side, overrides) => {
    const err = refusal(() => checkRequest(connectionRequest(overrides)));
    expect(err.code).toBe('CONNECTION_GOVCLOUD');
    expect(err.message).toContain(`the ${side} company`);
  });
});

describe('C6 beta opt-in', () => {
  it('refuses a downstream company not opted in with CONNECTION_BETA_REQUIRED', () => {
    expect(refusal(() => checkRequest(connectionRequest({ downstream: { ...DOWNSTREAM, connectBeta: false } }))).code).toBe('CONNECTION_BETA_REQUIRED');
  });

  it('does not require the upstream company to opt in', () => {
    expect(checkRequest(connectionRequest({ upstream: { ...UPSTREAM, connectBeta: false } }))).toEqual(['drawings']);
  });

  it('is judged after GovCloud', () => {
    expect(refusal(() => checkRequest(connectionRequest({ downstream: { ...DOWNSTREAM, connectBeta: false, govCloud: true } }))).code).toBe('CONNECTION_GOVCLOUD');
  });
});

describe('C5 revision limit', () => {
  const sides = [
    { side: 'downstream' as const, projectId: 'p-down', projectName: 'Down' },
    { side: 'upstream' as const, projectId: 'p-up', projectName: 'Up' },
  ];

  it('allows exactly the limit on both sides, and projects the count does not mention', () => {
    expect(() => checkRevisionCounts(sides, { 'p-down': 100_000, 'p-up': 100_000 }, 100_000)).not.toThrow();
    expect(() => checkRevisionCounts(sides, {}, 100_000)).not.toThrow();
  });

  it.each([
    ['downstream', { 'p-down': 100_001, 'p-up': 0 }],
    ['upstream', { 'p-down': 0, 'p-up': 100_001 }],
  ])('refuses more than the limit on the %s side with CONNECTION_TOO_MANY_REVISIONS', (side, counts) => {
    const err = refusal(() => checkRevisionCounts(sides, counts, 100_000));
    expect(err.code).toBe('CONNECTION_TOO_MANY_REVISIONS');
    expect(err.message).toContain(`the ${side} project`);
  });
});
