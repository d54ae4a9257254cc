// Superusers, tokens and the admin/guest boundary (contract §0.2, §2.5, §4.2, §4.3, §4.11, §4.12, §8.1).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import PocketBase from 'pocketbase';
import { useServer, SUPERUSER_EMAIL, SUPERUSER_PASSWORD } from './lib/server.mjs';
import { expectError, decodeJwtPayload, raw, DATE_RE, ID_RE } from './lib/helpers.mjs';

const srv = useServer();
const SUPERUSERS_ID = 'pbc_3142635823';
const NEED_AUTH = 'The request requires valid record authorization token.';
const NOT_ALLOWED = 'The authorized record is not allowed to perform this action.';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('health', () => {
  it('answers guests with the contract body', async () => {
    const res = await srv.client().health.check();
    assert.deepEqual(res, { code: 200, message: 'API is healthy.', data: {} });
  });

  it('is a plain GET /api/health with JSON content type', async () => {
    const r = await raw(srv.url + '/api/health');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') || '', /application\/json/);
    assert.deepEqual(r.body, { code: 200, message: 'API is healthy.', data: {} });
  });

  it('gives superusers extra data (canBackup, realIP, possibleProxyHeader)', async () => {
    const pb = await srv.admin();
    const res = await pb.health.check();
    assert.equal(res.code, 200);
    assert.equal(typeof res.data.canBackup, 'boolean');
    assert.equal(typeof res.data.realIP, 'string');
    assert.equal(typeof res.data.possibleProxyHeader, 'string');
  });
});

describe('superuser login', () => {
  it('authWithPassword returns {token, record} and fills the auth store', async () => {
    const pb = srv.client();
    const res = await pb.collection('_superusers').authWithPassword(SUPERUSER_EMAIL, SUPERUSER_PASSWORD);
    assert.equal(typeof res.token, 'string');
    assert.ok(res.token.split('.').length === 3, 'token is a compact JWS');
    assert.equal(res.record.email, SUPERUSER_EMAIL);
    assert.equal(pb.authStore.token, res.token);
    assert.equal(pb.authStore.record.id, res.record.id);
    assert.equal(pb.authStore.isValid, true);
    assert.equal(pb.authStore.isSuperuser, true);
  });

  it('the record has the system fields and never password or tokenKey', async () => {
    const pb = srv.client();
    const { record } = await pb.collection('_superusers').authWithPassword(SUPERUSER_EMAIL, SUPERUSER_PASSWORD);
    assert.match(record.id, ID_RE);
    assert.equal(record.collectionId, SUPERUSERS_ID);
    assert.equal(record.collectionName, '_superusers');
    assert.equal(typeof record.emailVisibility, 'boolean');
    assert.equal(typeof record.verified, 'boolean');
    assert.match(record.created, DATE_RE);
    assert.match(record.updated, DATE_RE);
    assert.ok(!('password' in record), 'password must never be output');
    assert.ok(!('tokenKey' in record), 'tokenKey must never be output');
  });

  it('accepts the email case-insensitively', async () => {
    const pb = srv.client();
    await pb.collection('_superusers').authWithPassword(SUPERUSER_EMAIL.toUpperCase(), SUPERUSER_PASSWORD);
    assert.equal(pb.authStore.isSuperuser, true);
  });

  it('the deprecated pb.admins alias logs in too', async () => {
    const pb = srv.client();
    await pb.admins.authWithPassword(SUPERUSER_EMAIL, SUPERUSER_PASSWORD);
    assert.equal(pb.authStore.isSuperuser, true);
  });

  it('a wrong password gives 400 "Failed to authenticate." with empty data', async () => {
    const pb = srv.client();
    const err = await expectError(
      pb.collection('_superusers').authWithPassword(SUPERUSER_EMAIL, 'wrong-password-123'),
      400, 'Failed to authenticate.');
    assert.deepEqual(err.response.data, {});
    assert.equal(pb.authStore.isValid, false);
  });

  it('an unknown email gives the same 400', async () => {
    const err = await expectError(
      srv.client().collection('_superusers').authWithPassword('nobody@strata.test', SUPERUSER_PASSWORD),
      400, 'Failed to authenticate.');
    assert.deepEqual(err.response.data, {});
  });

  it('auth-methods reports password auth with the email identity field', async () => {
    const methods = await srv.client().collection('_superusers').listAuthMethods();
    assert.equal(methods.password.enabled, true);
    assert.deepEqual(methods.password.identityFields, ['email']);
    assert.equal(typeof methods.mfa.enabled, 'boolean');
    assert.equal(typeof methods.otp.enabled, 'boolean');
    assert.equal(typeof methods.oauth2.enabled, 'boolean');
  });
});

describe('superuser token (JWT)', () => {
  it('has an HS256 JWT header', async () => {
    const pb = await srv.admin();
    const header = JSON.parse(atob(pb.authStore.token.split('.')[0].padEnd(
      Math.ceil(pb.authStore.token.split('.')[0].length / 4) * 4, '=')));
    assert.equal(header.alg, 'HS256');
    assert.equal(header.typ, 'JWT');
  });

  it('payload decodes with plain atob (no base64url - or _)', async () => {
    const pb = await srv.admin();
    const payload = pb.authStore.token.split('.')[1];
    assert.doesNotMatch(payload, /[-_]/, 'payload segment must avoid - and _');
    assert.doesNotThrow(() => decodeJwtPayload(pb.authStore.token));
  });

  it('payload has exactly id, type "auth", collectionId, refreshable and exp', async () => {
    const pb = await srv.admin();
    const claims = decodeJwtPayload(pb.authStore.token);
    assert.deepEqual(Object.keys(claims).sort(), ['collectionId', 'exp', 'id', 'refreshable', 'type']);
    assert.equal(claims.type, 'auth');
    assert.equal(claims.collectionId, SUPERUSERS_ID);
    assert.equal(claims.id, pb.authStore.record.id);
    assert.equal(claims.refreshable, true);
  });

  it('exp is about a day ahead (authToken.duration 86400)', async () => {
    const pb = await srv.admin();
    const { exp } = decodeJwtPayload(pb.authStore.token);
    const now = Math.floor(Date.now() / 1000);
    assert.ok(Number.isInteger(exp), 'exp is an integer of unix seconds');
    assert.ok(exp > now + 86400 - 120 && exp <= now + 86400 + 120, `exp ${exp} vs now ${now}`);
  });

  it('isSuperuser works from the token alone (collectionId fallback)', async () => {
    const pb = await srv.admin();
    const other = new PocketBase(srv.url);
    other.authStore.save(pb.authStore.token, null);
    assert.equal(other.authStore.isValid, true);
    assert.equal(other.authStore.isSuperuser, true);
  });

  it('authRefresh gives a new, valid token and the record', async () => {
    const pb = await srv.admin();
    const before = pb.authStore.token;
    await sleep(1100); // exp has second resolution: wait so the new token must differ
    const res = await pb.collection('_superusers').authRefresh();
    assert.equal(typeof res.token, 'string');
    assert.notEqual(res.token, before);
    assert.equal(res.record.email, SUPERUSER_EMAIL);
    assert.equal(pb.authStore.token, res.token);
    assert.equal(pb.authStore.isSuperuser, true);
    assert.ok(decodeJwtPayload(res.token).exp >= decodeJwtPayload(before).exp);
    // the new token works for an admin endpoint
    await pb.collections.getList(1, 1);
  });

  it('authRefresh without a token gives 401', async () => {
    await expectError(srv.client().collection('_superusers').authRefresh(), 401, NEED_AUTH);
  });

  it('authRefresh with a users token on _superusers gives 403', async () => {
    const { pb } = await srv.user();
    await expectError(pb.collection('_superusers').authRefresh(), 403);
  });

  it('accepts the raw token and also "Bearer <token>"', async () => {
    const pb = await srv.admin();
    const r1 = await raw(srv.url + '/api/collections?perPage=1', { token: pb.authStore.token });
    assert.equal(r1.status, 200);
    const r2 = await raw(srv.url + '/api/collections?perPage=1', { token: 'Bearer ' + pb.authStore.token });
    assert.equal(r2.status, 200);
    const r3 = await raw(srv.url + '/api/collections?perPage=1', { token: 'bearer ' + pb.authStore.token });
    assert.equal(r3.status, 200);
  });

  it('an invalid token is ignored: the request goes on as a guest', async () => {
    const r = await raw(srv.url + '/api/health', { token: 'not-a-jwt' });
    assert.equal(r.status, 200);
    const r2 = await raw(srv.url + '/api/collections', { token: 'eyJhbGciOiJIUzI1NiJ9.e30.x' });
    assert.equal(r2.status, 401, 'admin endpoint sees a guest, not a rejected token');
  });

  it('a tampered token does not authenticate', async () => {
    const pb = await srv.admin();
    const [h, p, s] = pb.authStore.token.split('.');
    const bad = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
    const r = await raw(srv.url + '/api/collections', { token: bad });
    assert.equal(r.status, 401);
  });
});

describe('admin endpoints', () => {
  const endpoints = [
    ['collections.getList', (pb) => pb.collections.getList(1, 1)],
    ['collections.getOne', (pb) => pb.collections.getOne('users')],
    ['collections.create', (pb) => pb.collections.create({ name: 'nope_never', type: 'base' })],
    ['collections.getScaffolds', (pb) => pb.collections.getScaffolds()],
    ['settings.getAll', (pb) => pb.settings.getAll()],
    ['settings.update', (pb) => pb.settings.update({ meta: { appName: 'x' } })],
  ];

  for (const [name, call] of endpoints) {
    it(`${name} without auth gives 401`, async () => {
      await expectError(call(srv.client()), 401, NEED_AUTH);
    });

    it(`${name} as a normal user gives 403`, async () => {
      const { pb } = await srv.user();
      assert.equal(pb.authStore.isSuperuser, false);
      await expectError(call(pb), 403, NOT_ALLOWED);
    });
  }

  it('a superuser can read the collections list and settings', async () => {
    const pb = await srv.admin();
    const list = await pb.collections.getList(1, 100);
    const names = list.items.map((c) => c.name);
    assert.ok(names.includes('_superusers'));
    assert.ok(names.includes('users'));
    const settings = await pb.settings.getAll();
    assert.equal(typeof settings.meta, 'object');
    assert.equal(typeof settings.batch, 'object');
  });
});

describe('the _superusers collection', () => {
  it('is a system auth collection with id pbc_3142635823 and locked rules', async () => {
    const pb = await srv.admin();
    const c = await pb.collections.getOne('_superusers');
    assert.equal(c.id, SUPERUSERS_ID);
    assert.equal(c.type, 'auth');
    assert.equal(c.system, true);
    for (const rule of ['listRule', 'viewRule', 'createRule', 'updateRule', 'deleteRule']) {
      assert.equal(c[rule], null, rule);
    }
    assert.equal(c.authToken.duration, 86400);
    assert.ok(!('secret' in c.authToken), 'token secrets are write-only');
    const fields = c.fields.map((f) => f.name);
    for (const f of ['id', 'password', 'tokenKey', 'email', 'emailVisibility', 'verified', 'created', 'updated']) {
      assert.ok(fields.includes(f), `field ${f}`);
    }
  });

  it('guests and users cannot list superusers (403)', async () => {
    await expectError(srv.client().collection('_superusers').getList(), 403,
      'Only superusers can perform this action.');
    const { pb } = await srv.user();
    await expectError(pb.collection('_superusers').getList(), 403);
  });

  it('a superuser can create another superuser who can then log in', async () => {
    const pb = await srv.admin();
    const email = `admin2_${Date.now()}@strata.test`;
    const rec = await pb.collection('_superusers').create({
      email, password: 'second-admin-pass', passwordConfirm: 'second-admin-pass',
    });
    assert.equal(rec.email, email);
    assert.ok(!('password' in rec));
    const other = srv.client();
    await other.collection('_superusers').authWithPassword(email, 'second-admin-pass');
    assert.equal(other.authStore.isSuperuser, true);
  });

  it('the bootstrap superuser is listed for superusers', async () => {
    const pb = await srv.admin();
    const item = await pb.collection('_superusers').getFirstListItem(
      pb.filter('email = {:e}', { e: SUPERUSER_EMAIL }));
    assert.equal(item.email, SUPERUSER_EMAIL);
  });
});

describe('normal users', () => {
  it('a users login is valid but not a superuser', async () => {
    const { pb, record } = await srv.user();
    assert.equal(pb.authStore.isValid, true);
    assert.equal(pb.authStore.isSuperuser, false);
    assert.equal(pb.authStore.record.collectionId, '_pb_users_auth_');
    assert.equal(pb.authStore.record.collectionName, 'users');
    const claims = decodeJwtPayload(pb.authStore.token);
    assert.equal(claims.collectionId, '_pb_users_auth_');
    assert.equal(claims.id, record.id);
    assert.equal(claims.type, 'auth');
  });

  it('the users auth record includes the email and the default fields', async () => {
    const { pb, email } = await srv.user();
    const r = pb.authStore.record;
    assert.equal(r.email, email);
    assert.equal(r.name, '');
    assert.equal(r.avatar, '');
    assert.equal(r.verified, false);
    assert.ok(!('password' in r));
    assert.ok(!('tokenKey' in r));
  });

  it('authStore.clear() logs out client-side only', async () => {
    const { pb } = await srv.user();
    pb.authStore.clear();
    assert.equal(pb.authStore.isValid, false);
    assert.equal(pb.authStore.token, '');
  });
});
