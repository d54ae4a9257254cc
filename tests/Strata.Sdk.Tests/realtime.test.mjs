// Realtime over SSE through the official SDK (contract §6): subscribe('*') and subscribe(id), options, rules, unsubscribe.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EventSource } from 'eventsource';
import { useServer } from './lib/server.mjs';
import * as f from './lib/schema.mjs';

// Node 20 has no EventSource; the SDK uses the global one.
globalThis.EventSource = EventSource;

const srv = useServer();
let pb; // superuser
let alice; let bob; // { pb, record }
const clients = [];

/** Subscribes and collects the events; `wait(n)` resolves once n have arrived. */
async function collect(sdk, collection, topic, options) {
  const events = [];
  const waiters = [];
  const unsubscribe = await sdk.collection(collection).subscribe(topic, (e) => {
    events.push(e);
    for (const w of [...waiters]) if (events.length >= w.n) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
  }, options);
  const wait = (n, ms = 10000) => (events.length >= n ? Promise.resolve() : new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`only ${events.length} of ${n} events after ${ms} ms: ${JSON.stringify(events)}`)), ms);
    waiters.push({ n, resolve: () => { clearTimeout(t); resolve(); } });
  }));
  return { events, wait, unsubscribe };
}

const pause = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  pb = await srv.admin();
  alice = await srv.user('alice@example.com', 'alice-password-1', { name: 'Alice' });
  bob = await srv.user('bob@example.com', 'bob-password-12', { name: 'Bob' });
  const owner = 'owner = @request.auth.id';
  await pb.collections.create({
    name: 'notes', fields: [f.text('title'), f.relation('owner', '_pb_users_auth_', 1)],
    listRule: owner, viewRule: owner, createRule: owner, updateRule: owner, deleteRule: owner,
  });
  clients.push(pb, alice.pb, bob.pb);
});

after(() => {
  for (const c of clients) c.realtime.unsubscribe().catch(() => {});
});

describe('subscribe to a collection', () => {
  it('delivers create, update and delete to the owner only', async () => {
    const mine = await collect(alice.pb, 'notes', '*');
    const theirs = await collect(bob.pb, 'notes', '*');
    const guestPb = srv.client();
    clients.push(guestPb);
    const guest = await collect(guestPb, 'notes', '*');
    const root = await collect(pb, 'notes', '*');

    const note = await alice.pb.collection('notes').create({ title: 'hello', owner: alice.record.id });
    await alice.pb.collection('notes').update(note.id, { title: 'hello again' });
    await alice.pb.collection('notes').delete(note.id);

    await mine.wait(3);
    assert.deepEqual(mine.events.map((e) => e.action), ['create', 'update', 'delete']);
    assert.deepEqual(mine.events.map((e) => e.record.title), ['hello', 'hello again', 'hello again']);
    assert.equal(mine.events[0].record.collectionName, 'notes');
    await root.wait(3);
    await pause(500);
    assert.equal(theirs.events.length, 0);
    assert.equal(guest.events.length, 0);

    await Promise.all([mine.unsubscribe(), theirs.unsubscribe(), guest.unsubscribe(), root.unsubscribe()]);
  });

  it('applies the filter, expand and fields options', async () => {
    const urgent = await collect(alice.pb, 'notes', '*', { filter: 'title ~ "urgent"', expand: 'owner', fields: 'id,title,expand.owner.name' });
    await alice.pb.collection('notes').create({ title: 'calm', owner: alice.record.id });
    await alice.pb.collection('notes').create({ title: 'urgent: call', owner: alice.record.id });
    await urgent.wait(1);
    await pause(400);
    assert.equal(urgent.events.length, 1);
    assert.deepEqual(urgent.events[0].record, { id: urgent.events[0].record.id, title: 'urgent: call', expand: { owner: { name: 'Alice' } } });
    await urgent.unsubscribe();
  });

  it('stops delivering after unsubscribe', async () => {
    const sub = await collect(alice.pb, 'notes', '*');
    await alice.pb.collection('notes').create({ title: 'one', owner: alice.record.id });
    await sub.wait(1);
    await sub.unsubscribe();
    await alice.pb.collection('notes').create({ title: 'two', owner: alice.record.id });
    await pause(600);
    assert.deepEqual(sub.events.map((e) => e.record.title), ['one']);
  });
});

describe('subscribe to one record', () => {
  it('gets only that record, and only when the view rule allows it', async () => {
    const a = await alice.pb.collection('notes').create({ title: 'a', owner: alice.record.id });
    const b = await alice.pb.collection('notes').create({ title: 'b', owner: alice.record.id });
    const one = await collect(alice.pb, 'notes', a.id, { expand: 'owner' });
    const spy = await collect(bob.pb, 'notes', a.id);
    await alice.pb.collection('notes').update(b.id, { title: 'b2' });
    await alice.pb.collection('notes').update(a.id, { title: 'a2' });
    await one.wait(1);
    await pause(500);
    assert.equal(one.events.length, 1);
    assert.equal(one.events[0].action, 'update');
    assert.equal(one.events[0].record.title, 'a2');
    assert.equal(one.events[0].record.expand.owner.id, alice.record.id);
    assert.equal(spy.events.length, 0);
    await Promise.all([one.unsubscribe(), spy.unsubscribe()]);
  });

  it('reconnects with a new client id and resubscribes after the server ends the stream', async () => {
    const sub = await collect(alice.pb, 'notes', '*');
    const firstId = alice.pb.realtime.clientId;
    assert.equal(firstId.length, 40);
    // Simulate the stream ending (idle timeout, proxy): the SDK reconnects and POSTs its topics again.
    alice.pb.realtime.eventSource.close();
    alice.pb.realtime.eventSource.onerror?.(new Event('error'));
    for (let i = 0; i < 50 && (alice.pb.realtime.clientId === firstId || !alice.pb.realtime.isConnected); i++) await pause(100);
    assert.notEqual(alice.pb.realtime.clientId, firstId);
    await pause(300);
    await alice.pb.collection('notes').create({ title: 'after reconnect', owner: alice.record.id });
    await sub.wait(1);
    assert.equal(sub.events[0].record.title, 'after reconnect');
    await sub.unsubscribe();
  });
});
