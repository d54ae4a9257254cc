// The WebSocket realtime endpoint (/api/strata/realtime) through the shipped client module clients/strata-realtime.js:
// channels with join rules, presence, channel and direct messages, many clients, and two nodes on PostgreSQL.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { useServer, startServer, engine } from './lib/server.mjs';
import { StrataRealtime } from '../../clients/strata-realtime.js';
import * as f from './lib/schema.mjs';

const CHANNELS = JSON.stringify([
  { pattern: 'lobby', rule: '' },
  { pattern: 'room:{id}', rule: 'members.id ?= @request.auth.id', collection: 'rooms' },
]);
const srv = useServer({ env: { STRATA_REALTIME_CHANNELS: CHANNELS } });
let pb;
let alice; let bob; let carol;
let room;
const open = [];

const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/** A connected client module instance (closed after the file). */
async function connect(url, token) {
  const rt = new StrataRealtime(url, { token, WebSocket, reconnect: false });
  await rt.connect();
  open.push(rt);
  return rt;
}

/** Collects messages of one type; `wait(n)` resolves when n arrived. */
function inbox(rt, type) {
  const items = [];
  const waiters = [];
  rt.on(type, (m) => {
    items.push(m);
    for (const w of [...waiters]) if (items.length >= w.n) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
  });
  items.wait = (n, ms = 10000) => (items.length >= n ? Promise.resolve() : new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`only ${items.length} of ${n} ${type} messages: ${JSON.stringify(items)}`)), ms);
    waiters.push({ n, resolve: () => { clearTimeout(t); resolve(); } });
  }));
  return items;
}

before(async () => {
  pb = await srv.admin();
  alice = await srv.user('alice@example.com', 'alice-password-1', { name: 'Alice' });
  bob = await srv.user('bob@example.com', 'bob-password-12', { name: 'Bob' });
  carol = await srv.user('carol@example.com', 'carol-password-1', { name: 'Carol' });
  await pb.collections.create({ name: 'rooms', fields: [f.relation('members', '_pb_users_auth_', 10)] });
  room = await pb.collection('rooms').create({ members: [alice.record.id, bob.record.id] });
});

after(() => {
  for (const rt of open) rt.close();
});

describe('channels', () => {
  it('lets members in by rule, shows presence and relays messages to the others', async () => {
    const channel = `room:${room.id}`;
    const a = await connect(srv.url, alice.pb.authStore.token);
    const b = await connect(srv.url, bob.pb.authStore.token);
    const c = await connect(srv.url, carol.pb.authStore.token);
    assert.equal(a.user.id, alice.record.id);
    const aPresence = inbox(a, 'presence');
    const aMessages = inbox(a, 'message');
    const bMessages = inbox(b, 'message');

    assert.deepEqual((await a.join(channel)).map((u) => u.id), [alice.record.id]);
    const present = await b.join(channel);
    assert.deepEqual(present.map((u) => u.id).sort(), [alice.record.id, bob.record.id].sort());
    await assert.rejects(c.join(channel), (e) => e.status === 403);
    await assert.rejects(c.publish(channel, 'let me in'), (e) => e.status === 403);

    await b.publish(channel, { typing: true });
    await aMessages.wait(1);
    assert.deepEqual(aMessages[0], { type: 'message', channel, from: { key: aMessages[0].from.key, id: bob.record.id, collectionName: 'users' }, data: { typing: true } });
    await pause(300);
    assert.equal(bMessages.length, 0, 'the sender does not get its own message back');

    await aPresence.wait(2);
    assert.deepEqual(aPresence.map((p) => [p.event, p.user.id]), [['join', alice.record.id], ['join', bob.record.id]]);
    b.close();
    await aPresence.wait(3);
    assert.deepEqual(aPresence[2].event, 'leave');
    assert.deepEqual((await a.presence(channel)).map((u) => u.id), [alice.record.id]);
  });

  it('counts a user with several connections once', async () => {
    const watcher = await connect(srv.url, alice.pb.authStore.token);
    const seen = inbox(watcher, 'presence');
    await watcher.join('lobby');
    const tabs = [await connect(srv.url, bob.pb.authStore.token), await connect(srv.url, bob.pb.authStore.token)];
    for (const t of tabs) await t.join('lobby');
    const lobby = await watcher.presence('lobby');
    assert.equal(lobby.filter((u) => u.id === bob.record.id).length, 1);
    tabs[0].close();
    await pause(500);
    assert.deepEqual(seen.filter((p) => p.user.id === bob.record.id).map((p) => p.event), ['join']);
    tabs[1].close();
    await seen.wait(3);
    assert.deepEqual(seen.filter((p) => p.user.id === bob.record.id).map((p) => p.event), ['join', 'leave']);
  });

  it('fans a message out to 50 clients', async () => {
    const many = [];
    for (let i = 0; i < 50; i++) many.push(await connect(srv.url));
    const boxes = many.map((rt) => inbox(rt, 'message'));
    for (const rt of many) await rt.join('lobby');
    assert.ok((await many[49].presence('lobby')).length >= 50);
    await many[0].publish('lobby', { n: 1 });
    await Promise.all(boxes.slice(1).map((b) => b.wait(1)));
    assert.ok(boxes.slice(1).every((b) => b.length === 1 && b[0].data.n === 1));
    await pause(200);
    assert.equal(boxes[0].length, 0);
    for (const rt of many) rt.close();
  });
});

describe('direct messages', () => {
  it('relays a WebRTC offer/answer between two users only', async () => {
    const a = await connect(srv.url, alice.pb.authStore.token);
    const b = await connect(srv.url, bob.pb.authStore.token);
    const c = await connect(srv.url, carol.pb.authStore.token);
    const guest = await connect(srv.url);
    const toBob = inbox(b, 'direct');
    const toAlice = inbox(a, 'direct');
    const toCarol = inbox(c, 'direct');
    await a.direct(bob.record.id, { kind: 'rtc:offer', sdp: 'v=0' });
    await toBob.wait(1);
    assert.equal(toBob[0].from.id, alice.record.id);
    await b.direct(alice.record.id, { kind: 'rtc:answer', sdp: 'v=0' });
    await toAlice.wait(1);
    assert.equal(toAlice[0].data.kind, 'rtc:answer');
    await assert.rejects(guest.direct(bob.record.id, 'hi'), (e) => e.status === 401);
    await assert.rejects(a.direct('nosuchuser12345', 'hi'), (e) => e.status === 404);
    await pause(300);
    assert.equal(toCarol.length, 0);
  });

  it('answers bad messages with errors and keeps the connection', async () => {
    const rt = await connect(srv.url);
    await assert.rejects(rt.request({ type: 'nope' }), (e) => e.status === 400);
    await assert.rejects(rt.join('bad name!'), (e) => e.status === 400);
    await assert.rejects(rt.auth('not-a-token'), (e) => e.status === 401);
    assert.equal((await rt.request({ type: 'ping' })).type, 'pong');
  });
});

if (engine() === 'postgres') {
  describe('two nodes on one PostgreSQL database', () => {
    let second;
    before(async () => {
      second = await startServer({ name: 'ws-node2', env: { STRATA_REALTIME_CHANNELS: CHANNELS }, joinDatabase: srv.server.database });
    });
    after(async () => { await second?.stop(); });

    it('shares channel messages, presence, direct messages and record events', async () => {
      const channel = `room:${room.id}`;
      const a = await connect(srv.url, alice.pb.authStore.token);
      const b = await connect(second.url, bob.pb.authStore.token);
      const aPresence = inbox(a, 'presence');
      const aMessages = inbox(a, 'message');
      const bDirect = inbox(b, 'direct');
      const bEvents = inbox(b, 'event');
      await a.join(channel);
      await b.join(channel);
      // Alice may already be present through an earlier connection; bob's join comes from node 2.
      const bobSeen = () => aPresence.filter((p) => p.user.id === bob.record.id).map((p) => p.event);
      for (let i = 0; i < 100 && bobSeen().length < 1; i++) await pause(100);
      assert.deepEqual(bobSeen(), ['join']);
      await b.publish(channel, 'from node 2');
      await aMessages.wait(1);
      assert.equal(aMessages[0].data, 'from node 2');
      await a.direct(bob.record.id, { kind: 'ice' });
      await bDirect.wait(1);
      assert.equal(bDirect[0].data.kind, 'ice');
      await b.subscribe(['rooms/*']);
      await pb.collection('rooms').update(room.id, { members: [alice.record.id, bob.record.id, carol.record.id] });
      // rooms has no list rule (superusers only): bob gets nothing; a superuser on node 2 does.
      const root = await connect(second.url, pb.authStore.token);
      const rootEvents = inbox(root, 'event');
      await root.subscribe(['rooms/*']);
      await pb.collection('rooms').update(room.id, { members: [alice.record.id, bob.record.id] });
      await rootEvents.wait(1);
      assert.equal(rootEvents[0].data.action, 'update');
      assert.equal(bEvents.length, 0);
      b.close();
      for (let i = 0; i < 100 && bobSeen().length < 2; i++) await pause(100);
      assert.deepEqual(bobSeen(), ['join', 'leave']);
    });
  });
}
