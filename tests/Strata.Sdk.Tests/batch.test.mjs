// Batch API (contract §7, §8.2).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from './lib/server.mjs';
import { expectError, recordId, ID_RE } from './lib/helpers.mjs';
import * as f from './lib/schema.mjs';

const srv = useServer();
let pb;

before(async () => {
  pb = await srv.admin();
  const authors = await f.createBase(pb, 'authors', [f.text('name')]);
  await f.createBase(pb, 'notes', [
    f.text('title', { required: true }),
    f.number('n'),
    f.relation('author', authors.id, 1),
    f.file('doc', 1),
  ]);
  await pb.collections.create({ name: 'locked', fields: [f.text('title')] });
});

const count = async (filter) => (await pb.collection('notes').getList(1, 1, filter ? { filter } : {})).totalItems;

describe('batch disabled (default)', () => {
  it('gives 403 "Batch requests are not allowed."', async () => {
    const b = pb.createBatch();
    b.collection('notes').create({ title: 'never' });
    await expectError(b.send(), 403, 'Batch requests are not allowed.');
    assert.equal(await count('title = "never"'), 0);
  });

  it('settings show batch disabled with maxRequests', async () => {
    const s = await pb.settings.getAll();
    assert.equal(s.batch.enabled, false);
    assert.equal(typeof s.batch.maxRequests, 'number');
  });
});

/** Changes batch settings without relying on the deep merge (checked by its own test). */
async function setBatch(patch) {
  const current = (await pb.settings.getAll()).batch;
  return pb.settings.update({ batch: { ...current, ...patch } });
}

describe('batch enabled', () => {
  let partialUpdate; // result or error of the contract's partial update
  before(async () => {
    try {
      partialUpdate = await pb.settings.update({ batch: { enabled: true, maxRequests: 50 } });
    } catch (err) {
      partialUpdate = err;
      await setBatch({ enabled: true, maxRequests: 50 }); // let the batch tests run anyway
    }
  });

  it('pb.settings.update({batch:{enabled:true,maxRequests:50}}) enables batch (deep merge)', async () => {
    if (partialUpdate instanceof Error) throw partialUpdate;
    assert.equal(partialUpdate.batch.enabled, true);
    assert.equal(partialUpdate.batch.maxRequests, 50);
    const s = await pb.settings.getAll();
    assert.equal(s.batch.enabled, true);
    assert.equal(s.batch.maxRequests, 50);
    assert.equal(typeof s.batch.timeout, 'number');
    assert.equal(typeof s.meta.appName, 'string');
  });

  it('create, upsert, update and delete in one batch; results in request order', async () => {
    const keep = await pb.collection('notes').create({ title: 'to update', n: 1 });
    const gone = await pb.collection('notes').create({ title: 'to delete' });
    const up = await pb.collection('notes').create({ title: 'to upsert', n: 1 });
    const b = pb.createBatch();
    b.collection('notes').create({ title: 'b1', n: 10 });
    b.collection('notes').update(keep.id, { n: 2 });
    b.collection('notes').delete(gone.id);
    b.collection('notes').create({ title: 'b2' });
    b.collection('notes').upsert({ id: up.id, title: 'upserted in batch' });
    const res = await b.send();
    assert.equal(res.length, 5);
    assert.equal(res[4].status, 200);
    assert.equal(res[4].body.id, up.id);
    assert.equal(res[4].body.title, 'upserted in batch');
    assert.equal(res[4].body.n, 1, 'upsert of an existing id is a partial update');
    assert.equal(res[0].status, 200);
    assert.equal(res[0].body.title, 'b1');
    assert.equal(res[0].body.n, 10);
    assert.match(res[0].body.id, ID_RE);
    assert.equal(res[0].body.collectionName, 'notes');
    assert.equal(res[1].status, 200);
    assert.equal(res[1].body.id, keep.id);
    assert.equal(res[1].body.n, 2);
    assert.equal(res[2].status, 204);
    assert.equal(res[2].body, null);
    assert.equal(res[3].status, 200);
    assert.equal(res[3].body.title, 'b2');
    await expectError(pb.collection('notes').getOne(gone.id), 404);
    assert.equal((await pb.collection('notes').getOne(keep.id)).n, 2);
    assert.equal((await pb.collection('notes').getOne(res[0].body.id)).title, 'b1');
  });

  it('upsert updates an existing id and creates otherwise', async () => {
    const existing = await pb.collection('notes').create({ title: 'upsert me', n: 1 });
    const newId = recordId();
    const b = pb.createBatch();
    b.collection('notes').upsert({ id: existing.id, title: 'upserted', n: 5 });
    b.collection('notes').upsert({ id: newId, title: 'created by upsert' });
    b.collection('notes').upsert({ title: 'no id' });
    const res = await b.send();
    assert.deepEqual(res.map((r) => r.status), [200, 200, 200]);
    assert.equal(res[0].body.id, existing.id);
    assert.equal(res[0].body.title, 'upserted');
    assert.equal(res[1].body.id, newId);
    assert.match(res[2].body.id, ID_RE);
    assert.equal((await pb.collection('notes').getOne(existing.id)).n, 5);
    assert.equal((await pb.collection('notes').getOne(newId)).title, 'created by upsert');
  });

  it('a later sub-request sees the effects of an earlier one', async () => {
    const id = recordId();
    const b = pb.createBatch();
    b.collection('notes').create({ id, title: 'chain', n: 1 });
    b.collection('notes').update(id, { 'n+': 1 });
    const res = await b.send();
    assert.equal(res[1].body.n, 2);
  });

  it('sub-request query options (expand, fields) apply', async () => {
    const a = await pb.collection('authors').create({ name: 'Batchy' });
    const b = pb.createBatch();
    b.collection('notes').create({ title: 'exp', author: a.id }, { expand: 'author' });
    b.collection('notes').create({ title: 'picked' }, { fields: 'title' });
    const res = await b.send();
    assert.equal(res[0].body.expand.author.name, 'Batchy');
    assert.deepEqual(res[1].body, { title: 'picked' });
  });

  // File uploads arrive with the files feature; until then a file part is refused, never silently dropped.
  it('files in a batch (requests.N.field parts) are stored with their record', async () => {
    const before = await count();
    const b = pb.createBatch();
    b.collection('notes').create({ title: 'with file', doc: new File(['batch file'], 'batch.txt', { type: 'text/plain' }) });
    const [res] = await b.send();
    assert.equal(res.status, 200);
    assert.match(res.body.doc, /^batch_[a-z0-9]{10}\.txt$/);
    assert.equal(await count(), before + 1);
    const url = pb.files.getURL(res.body, res.body.doc);
    const got = await fetch(url);
    assert.equal(got.status, 200);
    assert.equal(await got.text(), 'batch file');
  });

  it('a failing sub-request rolls everything back', async () => {
    const before = await count();
    const b = pb.createBatch();
    b.collection('notes').create({ title: 'rolled back 1' });
    b.collection('notes').create({ n: 3 }); // title is required
    b.collection('notes').create({ title: 'rolled back 2' });
    const err = await expectError(b.send(), 400, 'Batch transaction failed.');
    const failed = err.response.data.requests['1'];
    assert.ok(failed, JSON.stringify(err.response.data));
    assert.equal(failed.code, 'batch_request_failed');
    assert.equal(failed.message, 'Batch request failed.');
    assert.equal(failed.response.status, 400);
    assert.equal(failed.response.message, 'Failed to create record.');
    assert.equal(failed.response.data.title.code, 'validation_required');
    assert.equal(await count(), before);
    assert.equal(await count('title ~ "rolled back"'), 0);
  });

  it('rollback also undoes updates and deletes', async () => {
    const r = await pb.collection('notes').create({ title: 'stable', n: 1 });
    const other = await pb.collection('notes').create({ title: 'survivor' });
    const b = pb.createBatch();
    b.collection('notes').update(r.id, { n: 99 });
    b.collection('notes').delete(other.id);
    b.collection('notes').update('missingrecord00', { n: 1 });
    const err = await expectError(b.send(), 400);
    assert.equal(err.response.data.requests['2'].code, 'batch_request_failed');
    assert.equal(err.response.data.requests['2'].response.status, 404);
    assert.equal((await pb.collection('notes').getOne(r.id)).n, 1);
    await pb.collection('notes').getOne(other.id);
  });

  it('sub-requests follow the collection rules of the caller', async () => {
    const guest = srv.client();
    const b = guest.createBatch();
    b.collection('notes').create({ title: 'guest ok' });
    b.collection('locked').create({ title: 'guest denied' });
    const err = await expectError(b.send(), 400, 'Batch transaction failed.');
    assert.equal(err.response.data.requests['1'].response.status, 403);
    assert.equal(await count('title = "guest ok"'), 0);
  });

  it('a superuser batch bypasses rules', async () => {
    const b = pb.createBatch();
    b.collection('locked').create({ title: 'admin ok' });
    const res = await b.send();
    assert.equal(res[0].status, 200);
  });

  it('an unknown collection fails the batch', async () => {
    const b = pb.createBatch();
    b.collection('no_such_collection').create({ title: 'x' });
    const err = await expectError(b.send(), 400);
    assert.equal(err.response.data.requests['0'].code, 'batch_request_failed');
  });

  it('an unsupported sub-request (not records CRUD) fails the batch', async () => {
    const res = await fetch(`${srv.url}/api/batch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: pb.authStore.token },
      body: JSON.stringify({ requests: [{ method: 'GET', url: '/api/collections' }] }),
    });
    assert.equal(res.status, 400);
    const body = await res.json();
    assert.equal(body.status, 400);
  });

  it('an empty requests list gives 400 "Invalid batch request data."', async () => {
    await expectError(pb.createBatch().send(), 400, 'Invalid batch request data.');
  });

  it('more than maxRequests gives 400', async () => {
    await setBatch({ enabled: true, maxRequests: 2 });
    try {
      const b = pb.createBatch();
      for (let i = 0; i < 3; i++) b.collection('notes').create({ title: `over ${i}` });
      await expectError(b.send(), 400, 'Invalid batch request data.');
      assert.equal(await count('title ~ "over "'), 0);
      const ok = pb.createBatch();
      for (let i = 0; i < 2; i++) ok.collection('notes').create({ title: `within ${i}` });
      assert.equal((await ok.send()).length, 2);
    } finally {
      await setBatch({ enabled: true, maxRequests: 50 });
    }
  });

  it('disabling batch again gives 403', async () => {
    await setBatch({ enabled: false });
    try {
      const b = pb.createBatch();
      b.collection('notes').create({ title: 'disabled' });
      await expectError(b.send(), 403, 'Batch requests are not allowed.');
    } finally {
      await setBatch({ enabled: true });
    }
  });
});
