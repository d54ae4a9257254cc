// API rules: null vs "" vs expressions, @request.*, hidden fields, superuser bypass (contract §1.1–§1.5, §2.4, §3.5).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from './lib/server.mjs';
import { expectError, ids } from './lib/helpers.mjs';
import * as f from './lib/schema.mjs';

const srv = useServer();
const ONLY_SUPERUSERS = 'Only superusers can perform this action.';
let pb; // superuser
let alice; let bob; // { pb, record }

before(async () => {
  pb = await srv.admin();
  alice = await srv.user('alice@example.com', 'alice-password-1', { name: 'Alice' });
  bob = await srv.user('bob@example.com', 'bob-password-12', { name: 'Bob' });

  await pb.collections.create({ name: 'locked', fields: [f.text('title')] }); // every rule null
  await f.createBase(pb, 'open', [f.text('title')]);
  const owner = 'owner = @request.auth.id';
  await pb.collections.create({
    name: 'owned', fields: [f.text('title'), f.relation('owner', '_pb_users_auth_', 1)],
    listRule: owner, viewRule: owner, updateRule: owner, deleteRule: owner,
    createRule: `@request.auth.id != "" && ${owner}`,
  });
  await pb.collections.create({
    name: 'bodyrule', fields: [f.text('title'), f.number('n'), f.text('extra')],
    listRule: '', viewRule: '',
    createRule: '@request.body.title = "ok" && @request.body.extra:isset = false',
    updateRule: '@request.body.n:changed = false',
  });
  await f.createBase(pb, 'hiddenf', [f.text('title'), f.text('secret', { hidden: true })], {
    listRule: 'secret != "hide"',
  });
  await f.createBase(pb, 'joins', [f.text('title'), f.relation('ref', (await pb.collections.getOne('locked')).id, 1),
    f.relation('user', '_pb_users_auth_', 1)]);
  await pb.collections.create({
    name: 'authonly', fields: [f.text('title')],
    listRule: '@request.auth.id != ""', viewRule: '@request.auth.id != ""', createRule: '@request.auth.id != ""',
  });
  await pb.collections.create({
    name: 'gated', type: 'auth', authRule: 'verified = true', listRule: '', viewRule: '', createRule: '',
  });
});

describe('null rules (locked)', () => {
  let rec;
  before(async () => { rec = await pb.collection('locked').create({ title: 'locked one' }); });

  for (const who of ['guest', 'user']) {
    const client = () => (who === 'guest' ? srv.client() : alice.pb);
    it(`${who}: list gives 403 "${ONLY_SUPERUSERS}"`, async () => {
      await expectError(client().collection('locked').getList(), 403, ONLY_SUPERUSERS);
    });
    it(`${who}: view gives 403`, async () => {
      await expectError(client().collection('locked').getOne(rec.id), 403, ONLY_SUPERUSERS);
    });
    it(`${who}: create gives 403`, async () => {
      await expectError(client().collection('locked').create({ title: 'x' }), 403, ONLY_SUPERUSERS);
    });
    it(`${who}: update gives 403`, async () => {
      await expectError(client().collection('locked').update(rec.id, { title: 'x' }), 403, ONLY_SUPERUSERS);
    });
    it(`${who}: delete gives 403`, async () => {
      await expectError(client().collection('locked').delete(rec.id), 403, ONLY_SUPERUSERS);
    });
  }

  it('a superuser bypasses null rules', async () => {
    const list = await pb.collection('locked').getList();
    assert.ok(list.items.some((r) => r.id === rec.id));
    const u = await pb.collection('locked').update(rec.id, { title: 'changed' });
    assert.equal(u.title, 'changed');
  });
});

describe('empty rules (open to everyone)', () => {
  it('a guest can create, list, view, update and delete', async () => {
    const g = srv.client().collection('open');
    const r = await g.create({ title: 'guest made' });
    assert.equal(r.title, 'guest made');
    assert.ok((await g.getFullList()).some((x) => x.id === r.id));
    assert.equal((await g.getOne(r.id)).title, 'guest made');
    assert.equal((await g.update(r.id, { title: 'guest changed' })).title, 'guest changed');
    assert.equal(await g.delete(r.id), true);
    await expectError(g.getOne(r.id), 404);
  });

  it('a user can do the same', async () => {
    const r = await bob.pb.collection('open').create({ title: 'bob made' });
    assert.equal((await bob.pb.collection('open').getOne(r.id)).title, 'bob made');
  });
});

describe('owner rules with @request.auth.id', () => {
  let aliceRec; let bobRec;
  before(async () => {
    aliceRec = await alice.pb.collection('owned').create({ title: 'alice', owner: alice.record.id });
    bobRec = await bob.pb.collection('owned').create({ title: 'bob', owner: bob.record.id });
  });

  it('list is filtered to the requester\'s rows (200, not 403)', async () => {
    const a = await alice.pb.collection('owned').getFullList();
    assert.deepEqual(ids(a), [aliceRec.id]);
    const b = await bob.pb.collection('owned').getList(1, 30);
    assert.deepEqual(ids(b.items), [bobRec.id]);
    assert.equal(b.totalItems, 1);
  });

  it('a guest lists nothing', async () => {
    const g = await srv.client().collection('owned').getList();
    assert.equal(g.totalItems, 0);
    assert.deepEqual(g.items, []);
  });

  it('view of another user\'s record gives 404', async () => {
    await expectError(bob.pb.collection('owned').getOne(aliceRec.id), 404);
    await expectError(srv.client().collection('owned').getOne(aliceRec.id), 404);
    assert.equal((await alice.pb.collection('owned').getOne(aliceRec.id)).title, 'alice');
  });

  it('update of another user\'s record gives 404 and changes nothing', async () => {
    await expectError(bob.pb.collection('owned').update(aliceRec.id, { title: 'hacked' }), 404);
    assert.equal((await pb.collection('owned').getOne(aliceRec.id)).title, 'alice');
    assert.equal((await alice.pb.collection('owned').update(aliceRec.id, { title: 'alice2' })).title, 'alice2');
  });

  it('delete of another user\'s record gives 404', async () => {
    await expectError(bob.pb.collection('owned').delete(aliceRec.id), 404);
    await pb.collection('owned').getOne(aliceRec.id);
  });

  it('create that fails the createRule gives 400 "Failed to create record."', async () => {
    await expectError(bob.pb.collection('owned').create({ title: 'fake', owner: alice.record.id }), 400,
      'Failed to create record.');
    await expectError(srv.client().collection('owned').create({ title: 'anon', owner: alice.record.id }), 400);
    const count = (await pb.collection('owned').getFullList({ filter: 'title = "fake" || title = "anon"' })).length;
    assert.equal(count, 0);
  });

  it('the record rule sees the would-be record on create', async () => {
    const r = await bob.pb.collection('owned').create({ title: 'mine', owner: bob.record.id });
    assert.equal(r.owner, bob.record.id);
  });

  it('the superuser sees every row', async () => {
    const all = await pb.collection('owned').getFullList();
    assert.ok(all.length >= 2);
  });

  it('users collection: each user sees only itself', async () => {
    const list = await alice.pb.collection('users').getFullList();
    assert.deepEqual(list.map((u) => u.id), [alice.record.id]);
    await expectError(alice.pb.collection('users').getOne(bob.record.id), 404);
    await expectError(alice.pb.collection('users').update(bob.record.id, { name: 'x' }), 404);
    const guestList = await srv.client().collection('users').getList();
    assert.equal(guestList.totalItems, 0);
  });

  it('@request.auth.id != "" distinguishes users from guests', async () => {
    await expectError(srv.client().collection('authonly').create({ title: 'g' }), 400);
    const r = await alice.pb.collection('authonly').create({ title: 'a' });
    await expectError(srv.client().collection('authonly').getOne(r.id), 404);
    assert.equal((await srv.client().collection('authonly').getList()).totalItems, 0);
    assert.equal((await bob.pb.collection('authonly').getOne(r.id)).title, 'a');
  });
});

describe('@request.body in rules', () => {
  it('createRule on @request.body.title', async () => {
    const r = await srv.client().collection('bodyrule').create({ title: 'ok' });
    assert.equal(r.title, 'ok');
    await expectError(srv.client().collection('bodyrule').create({ title: 'nope' }), 400, 'Failed to create record.');
  });

  it(':isset is true for a submitted key, even an empty one', async () => {
    await expectError(srv.client().collection('bodyrule').create({ title: 'ok', extra: '' }), 400);
  });

  it('multipart bodies are seen the same way', async () => {
    const fd = new FormData();
    fd.append('title', 'ok');
    const r = await srv.client().collection('bodyrule').create(fd);
    assert.equal(r.title, 'ok');
  });

  it(':changed in updateRule; a failing updateRule gives 404', async () => {
    const r = await pb.collection('bodyrule').create({ title: 'ok', n: 1 });
    const u = await srv.client().collection('bodyrule').update(r.id, { title: 'still fine', n: 1 });
    assert.equal(u.title, 'still fine');
    await expectError(srv.client().collection('bodyrule').update(r.id, { n: 2 }), 404);
    assert.equal((await pb.collection('bodyrule').getOne(r.id)).n, 1);
  });
});

describe('client filters from non-superusers', () => {
  it('a filter containing @request. gives 403', async () => {
    await expectError(srv.client().collection('open').getList(1, 10, { filter: '@request.auth.id = ""' }), 403,
      'Only superusers can filter by @request.');
    await expectError(alice.pb.collection('open').getList(1, 10, { filter: `title = "x" || @request.method = "GET"` }), 403);
  });

  it('a filter containing @collection. gives 403', async () => {
    await expectError(srv.client().collection('open').getList(1, 10, { filter: '@collection.open.title = "x"' }), 403,
      'Only superusers can filter by @collection.');
  });

  it('a sort containing @request. gives 403', async () => {
    await expectError(srv.client().collection('open').getList(1, 10, { sort: '@request.auth.id' }), 403);
  });

  it('a superuser may use @request. and @collection. in filters', async () => {
    await pb.collection('open').getList(1, 10, { filter: '@request.auth.id != ""' });
    await pb.collection('open').getList(1, 10, { filter: '@collection.open.title ?= title' });
  });

  it('filtering through a relation into a collection with a null listRule gives 400', async () => {
    await pb.collection('joins').create({ title: 'j' });
    await expectError(srv.client().collection('joins').getList(1, 10, { filter: 'ref.title = "x"' }), 400);
    await pb.collection('joins').getList(1, 10, { filter: 'ref.title = "x"' });
  });

  it('the joined collection\'s listRule applies to joined rows', async () => {
    await pb.collection('joins').create({ title: 'by-alice', user: alice.record.id });
    // users.listRule is `id = @request.auth.id`: bob cannot match alice's row through the relation
    const asBob = await bob.pb.collection('joins').getFullList({ filter: 'user.name = "Alice"' });
    assert.equal(asBob.length, 0);
    const asAlice = await alice.pb.collection('joins').getFullList({ filter: 'user.name = "Alice"' });
    assert.equal(asAlice.length, 1);
  });
});

describe('hidden fields', () => {
  let shown; let hidden;
  before(async () => {
    shown = await pb.collection('hiddenf').create({ title: 'shown', secret: 'open' });
    hidden = await pb.collection('hiddenf').create({ title: 'hidden', secret: 'hide' });
  });

  it('are omitted for non-superusers and visible to superusers', async () => {
    const g = await srv.client().collection('hiddenf').getOne(shown.id);
    assert.ok(!('secret' in g));
    assert.equal(g.title, 'shown');
    assert.equal((await pb.collection('hiddenf').getOne(shown.id)).secret, 'open');
  });

  it('still work inside API rules', async () => {
    const list = await srv.client().collection('hiddenf').getFullList();
    assert.ok(list.some((r) => r.id === shown.id));
    assert.ok(!list.some((r) => r.id === hidden.id));
  });

  it('a non-superuser filter or sort on a hidden field gives 400', async () => {
    await expectError(srv.client().collection('hiddenf').getList(1, 10, { filter: 'secret = "open"' }), 400);
    await expectError(alice.pb.collection('hiddenf').getList(1, 10, { sort: 'secret' }), 400);
  });

  it('a superuser may filter on it', async () => {
    const r = await pb.collection('hiddenf').getFullList({ filter: 'secret = "hide"' });
    assert.deepEqual(ids(r), [hidden.id]);
  });

  it('values for hidden fields from non-superusers are dropped', async () => {
    const r = await srv.client().collection('hiddenf').create({ title: 'guest', secret: 'injected' });
    assert.equal((await pb.collection('hiddenf').getOne(r.id)).secret, '');
  });
});

describe('authRule', () => {
  it('an unverified record cannot authenticate when authRule is verified = true', async () => {
    await srv.client().collection('gated').create({ email: 'g1@example.com', password: 'gated-pass-1', passwordConfirm: 'gated-pass-1' });
    await expectError(srv.client().collection('gated').authWithPassword('g1@example.com', 'gated-pass-1'), 403,
      'The request doesn\'t satisfy the collection requirements to authenticate.');
  });

  it('a verified record can', async () => {
    await pb.collection('gated').create({ email: 'g2@example.com', password: 'gated-pass-2', passwordConfirm: 'gated-pass-2', verified: true });
    const c = srv.client();
    await c.collection('gated').authWithPassword('g2@example.com', 'gated-pass-2');
    assert.equal(c.authStore.isValid, true);
  });

  it('auth endpoints on a base collection give 404', async () => {
    await expectError(srv.client().collection('open').authWithPassword('a@b.c', 'whatever-123'), 404,
      'Missing or invalid auth collection context.');
  });
});
