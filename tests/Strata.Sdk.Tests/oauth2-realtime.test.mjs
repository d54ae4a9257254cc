// The SDK's all-in-one authWithOAuth2() flow (contract §4.8 steps 1–4) over realtime SSE, against the loopback
// OAuth2 provider stand-in: the SDK subscribes to @oauth2, hands the authorize URL to urlCallback, and this file plays
// the browser (it opens the URL at the provider and follows its redirect to /api/oauth2-redirect).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EventSource } from 'eventsource';
import { useServer } from './lib/server.mjs';
import { startOAuth2Provider } from './lib/oauth2-provider.mjs';

// Node 20 has no EventSource; the SDK uses the global one.
globalThis.EventSource = EventSource;

const srv = useServer();
let provider;

before(async () => {
  provider = await startOAuth2Provider();
  provider.state.user = { sub: 'aio-user-1', name: 'Ari Popup', preferred_username: 'ari', email: 'ari@oauth.test', email_verified: true };
  const adm = await srv.admin();
  await adm.collections.update('users', { oauth2: { enabled: true, providers: [provider.config('oidc')] } });
});
after(() => provider?.stop());

/**
 * Plays the browser for urlCallback: authorize at the provider, follow its redirect, keep what the browser saw.
 * The SDK may settle (it reacts to the realtime message) before the page has finished loading: await `done()`.
 */
function browser() {
  const seen = [];
  const visits = [];
  const visit = async (url) => {
    const authorize = await fetch(url, { redirect: 'manual' });
    const location = authorize.headers.get('location');
    const page = await fetch(location, { redirect: 'manual' });
    seen.push({ url, authorizeStatus: authorize.status, location, status: page.status, type: page.headers.get('content-type'), html: await page.text() });
  };
  return {
    seen,
    open(url) {
      const v = visit(url);
      visits.push(v);
      return v;
    },
    done: () => Promise.all(visits),
  };
}

describe('authWithOAuth2 (all-in-one flow over realtime)', () => {
  it('signs up a new user with createData, then signs the same user in again', async () => {
    const pb = srv.client();
    const b = browser();
    const auth = await pb.collection('users').authWithOAuth2({ provider: 'oidc', createData: { name: 'Chosen Ari' }, urlCallback: (url) => b.open(url) });

    assert.ok(auth.token);
    assert.equal(auth.meta.isNew, true);
    assert.equal(auth.record.email, 'ari@oauth.test');
    assert.equal(auth.record.name, 'Chosen Ari');
    assert.equal(auth.record.verified, true);
    assert.equal(pb.authStore.isValid, true);
    assert.equal(pb.authStore.record.id, auth.record.id);

    await b.done();
    // What the browser went through: state is the SDK's realtime client id, the provider redirected to our endpoint.
    const [step] = b.seen;
    const authorizeURL = new URL(step.url);
    assert.equal(authorizeURL.searchParams.get('redirect_uri'), srv.url + '/api/oauth2-redirect');
    assert.match(authorizeURL.searchParams.get('state'), /^[A-Za-z0-9]{40}$/);
    assert.equal(step.authorizeStatus, 302);
    assert.ok(step.location.startsWith(srv.url + '/api/oauth2-redirect?'));
    assert.equal(step.status, 200);
    assert.match(step.type, /^text\/html/);
    assert.match(step.html, /Sign-in completed/);

    // The redirect was consumed: replaying it finds no client waiting.
    const replay = await fetch(step.location);
    assert.equal(replay.status, 404);
    assert.match(await replay.text(), /Sign-in failed/);

    // The user exists and is linked, so a second run signs the same record in.
    const links = await pb.collection('users').listExternalAuths(auth.record.id);
    assert.deepEqual(links.map((l) => l.provider), ['oidc']);
    const again = srv.client();
    const auth2 = await again.collection('users').authWithOAuth2({ provider: 'oidc', urlCallback: (url) => browser().open(url) });
    assert.equal(auth2.meta.isNew, false);
    assert.equal(auth2.record.id, auth.record.id);
    assert.equal(auth2.record.name, 'Chosen Ari');
  });

  it('rejects when the provider answers with an error (access_denied)', async () => {
    provider.state.deny = 'access_denied';
    try {
      const pb = srv.client();
      const b = browser();
      const err = await pb.collection('users').authWithOAuth2({ provider: 'oidc', urlCallback: (url) => b.open(url) }).then(
        () => assert.fail('authWithOAuth2 resolved'), (e) => e);
      assert.match(String(err.originalError?.message), /access_denied/);
      assert.equal(pb.authStore.isValid, false);
      await b.done();
      assert.equal(b.seen[0].status, 200);
      assert.match(b.seen[0].html, /Sign-in failed/);
      assert.match(b.seen[0].html, /access_denied/);
    } finally {
      provider.state.deny = '';
    }
  });

  it('rejects an unknown provider before contacting anyone', async () => {
    const b = browser();
    const err = await srv.client().collection('users').authWithOAuth2({ provider: 'nope', urlCallback: (url) => b.open(url) }).then(
      () => assert.fail('authWithOAuth2 resolved'), (e) => e);
    assert.match(String(err.originalError?.message), /Missing or invalid provider "nope"/);
    await b.done();
    assert.equal(b.seen.length, 0);
  });

  it('answers an unknown or missing state with the failure page', async () => {
    for (const [path, status] of [['/api/oauth2-redirect?state=unknownclientid&code=abc', 404], ['/api/oauth2-redirect?code=abc', 400]]) {
      const r = await srv.fetch(path);
      assert.equal(r.status, status, path);
      assert.match(r.headers.get('content-type'), /^text\/html/);
      assert.match(await r.text(), /Sign-in failed/);
    }
  });
});
