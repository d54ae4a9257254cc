// Strata's auth extensions (/api/strata/...) driven through the official SDK's pb.send.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import PocketBase from 'pocketbase';
import { useServer } from './lib/server.mjs';
import { expectError, uniq } from './lib/helpers.mjs';

const srv = useServer();
let admin;

before(async () => {
  admin = await srv.admin();
  await admin.collections.update('users', { guestAuth: { enabled: true, fields: ['name'] } });
});

describe('sessions', () => {
  it('lists my sessions and revokes one: its token becomes a guest at once', async () => {
    const { pb, email, password } = await srv.user();
    const other = srv.client();
    await other.collection('users').authWithPassword(email, password);
    const sessions = await pb.send('/api/strata/sessions', { method: 'GET' });
    assert.equal(sessions.length, 2);
    const mine = sessions.find((s) => s.current);
    const theirs = sessions.find((s) => !s.current);
    assert.ok(mine && theirs);
    await pb.send(`/api/strata/sessions/${encodeURIComponent(theirs.id)}`, { method: 'DELETE' });
    await expectError(other.collection('users').authRefresh(), 401);
    const after = await pb.collection('users').authRefresh();
    assert.equal(typeof after.token, 'string');
  });

  it('log out everywhere else keeps the current session', async () => {
    const { pb, email, password } = await srv.user();
    const other = srv.client();
    await other.collection('users').authWithPassword(email, password);
    const res = await pb.send('/api/strata/sessions', { method: 'DELETE', query: { keep: 'current' } });
    assert.equal(res.revoked, 1);
    await expectError(other.collection('users').authRefresh(), 401);
    await pb.collection('users').authRefresh();
  });
});

describe('api keys', () => {
  it('a key saved in the auth store works within its scope and gets 403 outside it', async () => {
    const name = uniq('notes');
    await admin.collections.create({
      name, type: 'base', listRule: "@request.auth.apiKeyRole = 'reader'", viewRule: '',
      fields: [{ name: 'text', type: 'text' }],
    });
    await admin.collection(name).create({ text: 'hello' });
    const { record } = await srv.user();
    const created = await admin.send('/api/strata/api-keys', {
      method: 'POST',
      body: { name: 'ci', collection: 'users', recordId: record.id, role: 'reader', expiresIn: 86400, scopes: [{ collection: name, actions: ['list'] }] },
    });
    assert.match(created.key, /^sk_/);
    const keyed = srv.client();
    keyed.authStore.save(created.key, null);
    const list = await keyed.collection(name).getList(1, 10);
    assert.equal(list.totalItems, 1);
    await expectError(keyed.collection(name).create({ text: 'no' }), 403);
    await expectError(keyed.collection('users').getList(1, 1), 403);
    const listed = await admin.send('/api/strata/api-keys', { method: 'GET' });
    assert.ok(listed.every((k) => k.key === undefined));
    await admin.send(`/api/strata/api-keys/${created.id}`, { method: 'DELETE' });
    const asGuest = await keyed.collection(name).getList(1, 10);
    assert.equal(asGuest.totalItems, 0);
  });
});

describe('guest sign-in', () => {
  it('signs in as a guest, upgrades with email and password and keeps the id', async () => {
    const pb = srv.client();
    const guest = await pb.send('/api/strata/collections/users/auth-as-guest', { method: 'POST', body: { name: 'John' } });
    pb.authStore.save(guest.token, guest.record);
    assert.equal(pb.authStore.isValid, true);
    assert.equal(guest.record.email, '');
    const email = `${uniq('g')}@example.com`;
    const up = await pb.send('/api/strata/collections/users/upgrade-guest', {
      method: 'POST', body: { email, password: 'guest-password-1', passwordConfirm: 'guest-password-1' },
    });
    assert.equal(up.record.id, guest.record.id);
    const fresh = new PocketBase(srv.url);
    const auth = await fresh.collection('users').authWithPassword(email, 'guest-password-1');
    assert.equal(auth.record.id, guest.record.id);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After after 5 failed logins of one identity', async () => {
    const { email } = await srv.user();
    const pb = srv.client();
    for (let i = 0; i < 5; i += 1) {
      await expectError(pb.collection('users').authWithPassword(email, 'wrong-password-1'), 400, 'Failed to authenticate.');
    }
    const err = await expectError(pb.collection('users').authWithPassword(email, 'user-password-123'), 429);
    assert.equal(err.response.message, 'Too Many Requests.');
    const raw = await srv.fetch('/api/collections/users/auth-with-password', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identity: email, password: 'x' }),
    });
    assert.equal(raw.status, 429);
    assert.ok(Number(raw.headers.get('retry-after')) > 0);
  });
});
