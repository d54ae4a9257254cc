// Auth flows of contract §4.4–4.10 through the official SDK, reading the mails from the SMTP sink
// (scripts/lib/smtp.sh, or a private one when run by hand): verification, password reset, email change, OTP, MFA,
// the OAuth2 code flow against a loopback provider stand-in, and impersonation.
// The all-in-one authWithOAuth2() popup flow over realtime is in oauth2-realtime.test.mjs.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from './lib/server.mjs';
import { expectError, decodeJwtPayload } from './lib/helpers.mjs';
import { useMailSink, tokenIn, codeIn } from './lib/mail.mjs';
import { startOAuth2Provider } from './lib/oauth2-provider.mjs';

const srv = useServer();
// Unique addresses per run: the sink may be shared by both engines' runs.
const run = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
const addr = (name) => `${name}.${run}@strata.test`;
const sink = await useMailSink();

before(async () => {
  const adm = await srv.admin();
  await adm.settings.update(sink.settings);
  // Cheap bcrypt keeps the suite fast; the cost is the password field's own option.
  const users = await adm.collections.getOne('users');
  await adm.collections.update('users', { fields: users.fields.map((f) => (f.type === 'password' ? { ...f, cost: 4 } : f)) });
});

async function setUsers(patch) {
  const adm = await srv.admin();
  await adm.collections.update('users', patch);
}

describe('verification', () => {
  it('requestVerification mails a token that confirmVerification accepts', async () => {
    const { pb, record, email } = await srv.user(addr('vera'));
    assert.equal(record.verified, false);
    assert.equal(await pb.collection('users').requestVerification(email.toUpperCase()), true);
    const mail = await sink.waitFor(email);
    assert.equal(mail.subject, 'Verify your Acme email');
    assert.equal(mail.from, 'support@acme.test');
    const token = tokenIn(mail);
    const claims = decodeJwtPayload(token);
    assert.equal(claims.type, 'verification');
    assert.equal(claims.email, email);
    assert.equal(await pb.collection('users').confirmVerification(token), true);
    assert.equal(pb.authStore.record.verified, true, 'the SDK flips verified in its auth store');
    const fresh = await pb.collection('users').authRefresh();
    assert.equal(fresh.record.verified, true);
  });

  it('answers 204 for unknown emails and sends nothing', async () => {
    const pb = srv.client();
    assert.equal(await pb.collection('users').requestVerification(addr('nobody')), true);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await sink.to(addr('nobody'))).length, 0);
  });

  it('rejects a tampered token', async () => {
    const err = await expectError(srv.client().collection('users').confirmVerification('a.b.c'), 400);
    assert.equal(err.response.data.token.code, 'validation_invalid_token');
  });
});

describe('password reset', () => {
  it('resets through the mailed token and revokes older tokens', async () => {
    const { pb, email } = await srv.user(addr('rita'), 'old-password-123');
    const oldToken = pb.authStore.token;
    await srv.client().collection('users').requestPasswordReset(email);
    const token = tokenIn(await sink.waitFor(email));
    await srv.client().collection('users').confirmPasswordReset(token, 'new-password-456', 'new-password-456');
    await expectError(pb.collection('users').authRefresh(), 401);
    await expectError(srv.client().collection('users').authWithPassword(email, 'old-password-123'), 400, 'Failed to authenticate.');
    const again = await srv.client().collection('users').authWithPassword(email, 'new-password-456');
    assert.notEqual(again.token, oldToken);
    await expectError(srv.client().collection('users').confirmPasswordReset(token, 'third-password-1', 'third-password-1'), 400);
  });
});

describe('email change', () => {
  it('changes the email through the mailed token; the old token stops working', async () => {
    const { pb, email, password } = await srv.user(addr('emil'));
    const newEmail = addr('emil-new');
    await pb.collection('users').requestEmailChange(newEmail);
    const mail = await sink.waitFor(newEmail);
    assert.equal(mail.subject, 'Confirm your Acme new email address');
    const token = tokenIn(mail);
    await expectError(pb.collection('users').confirmEmailChange(token, 'wrong-password'), 400);
    const oldToken = pb.authStore.token;
    await pb.collection('users').confirmEmailChange(token, password);
    assert.equal(pb.authStore.token, '', 'the SDK clears its auth store after its own email change');
    await expectError(srv.client().collection('users').authRefresh({ headers: { Authorization: oldToken } }), 401);
    const login = await srv.client().collection('users').authWithPassword(newEmail, password);
    assert.equal(login.record.email, newEmail);
    assert.equal(login.record.verified, true);
  });
});

describe('OTP and MFA', () => {
  it('requestOTP mails a code that authWithOTP exchanges once', async () => {
    await setUsers({ otp: { enabled: true, length: 8 }, mfa: { enabled: false } });
    const { email } = await srv.user(addr('otto'));
    const pb = srv.client();
    const methods = await pb.collection('users').listAuthMethods();
    assert.equal(methods.otp.enabled, true);
    const { otpId } = await pb.collection('users').requestOTP(email);
    const code = codeIn(await sink.waitFor(email));
    assert.equal(code.length, 8);
    await expectError(pb.collection('users').authWithOTP(otpId, code === '00000000' ? '11111111' : '00000000'), 400, 'Invalid or expired OTP.');
    const auth = await pb.collection('users').authWithOTP(otpId, code);
    assert.equal(auth.record.email, email);
    assert.equal(pb.authStore.isValid, true);
    await expectError(srv.client().collection('users').authWithOTP(otpId, code), 400);

    const ghost = await pb.collection('users').requestOTP(addr('ghost'));
    assert.match(ghost.otpId, /^[a-z0-9]{15}$/);
  });

  it('MFA: password then OTP with the mfaId', async () => {
    await setUsers({ otp: { enabled: true }, mfa: { enabled: true, rule: '' } });
    try {
      const email = addr('mia');
      const adm = await srv.admin();
      await adm.collection('users').create({ email, password: 'mia-password-1', passwordConfirm: 'mia-password-1' });
      const pb = srv.client();
      const err = await pb.collection('users').authWithPassword(email, 'mia-password-1').then(() => null, (e) => e);
      assert.ok(err, 'the first factor must not log in');
      assert.equal(err.status, 401);
      const mfaId = err.response.mfaId;
      assert.match(mfaId, /^[a-z0-9]{15}$/);
      assert.equal(pb.authStore.isValid, false);

      const { otpId } = await pb.collection('users').requestOTP(email);
      const code = codeIn(await sink.waitFor(email));
      const auth = await pb.collection('users').authWithOTP(otpId, code, { mfaId });
      assert.equal(auth.record.email, email);
      assert.equal(pb.authStore.isValid, true);
    } finally {
      await setUsers({ mfa: { enabled: false } });
    }
  });
});

describe('OAuth2 code flow', () => {
  let provider;
  before(async () => {
    provider = await startOAuth2Provider();
    await setUsers({ oauth2: { enabled: true, providers: [provider.config()] } });
  });
  after(() => provider?.stop());

  it('authWithOAuth2Code signs up, then signs in the same record', async () => {
    const redirectURL = 'https://app.test/callback';
    const pb = srv.client();
    const methods = await pb.collection('users').listAuthMethods();
    const p = methods.oauth2.providers.find((x) => x.name === 'oidc');
    assert.ok(p.authURL.endsWith('&redirect_uri='));
    const { code, state, status } = await provider.authorize(p.authURL, redirectURL);
    assert.equal(status, 302);
    assert.equal(state, p.state);
    const auth = await pb.collection('users').authWithOAuth2Code('oidc', code, p.codeVerifier, redirectURL, { name: 'Chosen Name' });
    assert.equal(auth.meta.isNew, true);
    assert.equal(auth.meta.email, 'piper@oauth.test');
    assert.equal(auth.record.email, 'piper@oauth.test');
    assert.equal(auth.record.name, 'Chosen Name');
    assert.equal(auth.record.verified, true);
    assert.equal(pb.authStore.record.id, auth.record.id);

    const links = await pb.collection('users').listExternalAuths(auth.record.id);
    assert.deepEqual(links.map((l) => l.provider), ['oidc']);

    const again = srv.client();
    const m2 = await again.collection('users').listAuthMethods();
    const p2 = m2.oauth2.providers.find((x) => x.name === 'oidc');
    const second = await provider.authorize(p2.authURL, redirectURL);
    const auth2 = await again.collection('users').authWithOAuth2Code('oidc', second.code, p2.codeVerifier, redirectURL);
    assert.equal(auth2.meta.isNew, false);
    assert.equal(auth2.record.id, auth.record.id);

    await expectError(again.collection('users').authWithOAuth2Code('oidc', second.code, p2.codeVerifier, redirectURL), 400);

    assert.equal(await again.collection('users').unlinkExternalAuth(auth.record.id, 'oidc'), true);
    assert.deepEqual(await again.collection('users').listExternalAuths(auth.record.id), []);
  });
});

describe('impersonate', () => {
  it('gives a superuser a non-refreshable token of the record', async () => {
    const { record } = await srv.user(addr('ima'));
    const adm = await srv.admin();
    const client = await adm.collection('users').impersonate(record.id, 600);
    assert.equal(client.authStore.record.id, record.id);
    const claims = decodeJwtPayload(client.authStore.token);
    assert.equal(claims.refreshable, false);
    assert.ok(claims.exp - Date.now() / 1000 <= 600);
    const refreshed = await client.collection('users').authRefresh();
    assert.equal(refreshed.token, client.authStore.token, 'an impersonation token is echoed, not renewed');
    const { pb } = await srv.user(addr('imb'));
    await expectError(pb.collection('users').impersonate(record.id, 60), 403);
  });
});
