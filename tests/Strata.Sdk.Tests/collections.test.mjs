// Collections API (contract §2.1–§2.5).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from './lib/server.mjs';
import { expectError, expectSdkNotFound, uniq, DATE_RE } from './lib/helpers.mjs';
import * as f from './lib/schema.mjs';

const srv = useServer();
let pb;
before(async () => { pb = await srv.admin(); });

const RULES = ['listRule', 'viewRule', 'createRule', 'updateRule', 'deleteRule'];
const field = (c, name) => c.fields.find((x) => x.name === name);

function assertIdField(c) {
  const id = c.fields[0];
  assert.equal(id.name, 'id', 'id is always the first field');
  assert.equal(id.type, 'text');
  assert.equal(id.primaryKey, true);
  assert.equal(id.system, true);
  assert.equal(id.required, true);
  assert.equal(id.min, 15);
  assert.equal(id.max, 15);
  assert.equal(id.pattern, '^[a-z0-9]+$');
  assert.equal(id.autogeneratePattern, '[a-z0-9]{15}');
}

describe('default collections', () => {
  it('users is the auth collection _pb_users_auth_ with owner rules', async () => {
    const c = await pb.collections.getOne('users');
    assert.equal(c.id, '_pb_users_auth_');
    assert.equal(c.name, 'users');
    assert.equal(c.type, 'auth');
    for (const r of ['listRule', 'viewRule', 'updateRule', 'deleteRule']) assert.equal(c[r], 'id = @request.auth.id', r);
    assert.equal(c.createRule, '');
    for (const name of ['id', 'password', 'tokenKey', 'email', 'emailVisibility', 'verified', 'name', 'avatar', 'created', 'updated']) {
      assert.ok(field(c, name), `users.${name}`);
    }
    assert.equal(field(c, 'name').type, 'text');
    assert.equal(field(c, 'avatar').type, 'file');
    assert.equal(field(c, 'password').hidden, true);
    assert.equal(field(c, 'tokenKey').hidden, true);
  });

  it('getOne works by id as well as by name', async () => {
    const byId = await pb.collections.getOne('_pb_users_auth_');
    assert.equal(byId.name, 'users');
    const su = await pb.collections.getOne('pbc_3142635823');
    assert.equal(su.name, '_superusers');
  });

  it('the id field has the default field id text3208210256', async () => {
    const c = await pb.collections.getOne('users');
    assert.equal(c.fields[0].id, 'text3208210256');
  });

  it('an unknown collection gives 404', async () => {
    await expectError(pb.collections.getOne('no_such_collection'), 404);
  });
});

describe('create', () => {
  it('creates a base collection with fields of every type', async () => {
    const target = await f.createBase(pb, uniq('target'), [f.text('name')]);
    const name = uniq('everything');
    const c = await pb.collections.create({
      name,
      type: 'base',
      fields: [
        f.text('title', { required: true, min: 1, max: 200 }),
        f.number('count', { min: 0, onlyInt: true }),
        f.bool('active'),
        f.email('contact'),
        f.url('site'),
        f.editor('body'),
        f.date('when'),
        f.select('status', ['draft', 'live'], 1),
        f.select('tags', ['a', 'b', 'c'], 3),
        f.json('meta'),
        f.relation('owner', target.id, 1),
        f.relation('owners', target.id, 5),
        f.file('cover', 1),
        f.file('docs', 4),
        f.geoPoint('place'),
        ...f.autodates(),
      ],
    });
    assert.equal(c.name, name);
    assert.equal(c.type, 'base');
    assert.equal(c.system, false);
    assert.match(c.created, DATE_RE);
    assert.match(c.updated, DATE_RE);
    assertIdField(c);
    const expected = ['title', 'count', 'active', 'contact', 'site', 'body', 'when', 'status', 'tags', 'meta',
      'owner', 'owners', 'cover', 'docs', 'place', 'created', 'updated'];
    for (const n of expected) {
      const fl = field(c, n);
      assert.ok(fl, `field ${n}`);
      assert.equal(typeof fl.id, 'string');
      assert.ok(fl.id.length > 0, `field ${n} got an id`);
      assert.equal(typeof fl.hidden, 'boolean');
      assert.equal(typeof fl.presentable, 'boolean');
    }
    assert.equal(field(c, 'title').max, 200);
    assert.equal(field(c, 'count').onlyInt, true);
    assert.deepEqual(field(c, 'tags').values, ['a', 'b', 'c']);
    assert.equal(field(c, 'tags').maxSelect, 3);
    assert.equal(field(c, 'owner').collectionId, target.id);
    assert.equal(field(c, 'created').onCreate, true);
    assert.equal(field(c, 'updated').onUpdate, true);
    assert.equal(field(c, 'place').type, 'geoPoint');
  });

  it('generates the id pbc_<crc32(type+name)> when none is given', async () => {
    const name = uniq('crc');
    const c = await pb.collections.create({ name, type: 'base' });
    assert.equal(c.id, `pbc_${f.crc32('base' + name)}`);
  });

  it('keeps a client-supplied id', async () => {
    const c = await pb.collections.create({ id: 'my_custom_id_1', name: uniq('customid') });
    assert.equal(c.id, 'my_custom_id_1');
    assert.equal((await pb.collections.getOne('my_custom_id_1')).name, c.name);
  });

  it('type defaults to base and rules default to null; API collections get only id', async () => {
    const c = await pb.collections.create({ name: uniq('defaults') });
    assert.equal(c.type, 'base');
    for (const r of RULES) assert.equal(c[r], null, r);
    assert.deepEqual(c.fields.map((x) => x.name), ['id']);
    assert.deepEqual(c.indexes, []);
  });

  it('stores rules as given ("" and expressions)', async () => {
    const c = await pb.collections.create({
      name: uniq('ruled'), fields: [f.text('owner')],
      listRule: '', viewRule: 'owner = @request.auth.id', createRule: '@request.auth.id != ""',
    });
    assert.equal(c.listRule, '');
    assert.equal(c.viewRule, 'owner = @request.auth.id');
    assert.equal(c.createRule, '@request.auth.id != ""');
    assert.equal(c.updateRule, null);
  });

  it('round-trips index definitions', async () => {
    const name = uniq('indexed');
    const idx = `CREATE UNIQUE INDEX \`idx_${name}_slug\` ON \`${name}\` (\`slug\`)`;
    const c = await pb.collections.create({ name, fields: [f.text('slug')], indexes: [idx] });
    assert.equal(c.indexes.length, 1);
    assert.match(c.indexes[0], /CREATE UNIQUE INDEX/i);
    assert.match(c.indexes[0], /slug/);
  });

  it('creates an auth collection with the system fields and default options', async () => {
    const c = await pb.collections.create({ name: uniq('members'), type: 'auth' });
    assert.equal(c.type, 'auth');
    assertIdField(c);
    assert.equal(field(c, 'password').type, 'password');
    assert.equal(field(c, 'password').hidden, true);
    assert.equal(field(c, 'tokenKey').hidden, true);
    assert.equal(field(c, 'email').type, 'email');
    assert.equal(field(c, 'emailVisibility').type, 'bool');
    assert.equal(field(c, 'verified').type, 'bool');
    assert.equal(c.authRule, '');
    assert.equal(c.manageRule, null);
    assert.equal(c.passwordAuth.enabled, true);
    assert.deepEqual(c.passwordAuth.identityFields, ['email']);
    assert.equal(c.authToken.duration, 432000);
    assert.equal(c.passwordResetToken.duration, 1800);
    assert.equal(c.verificationToken.duration, 86400);
    assert.equal(c.fileToken.duration, 180);
    assert.equal(c.mfa.enabled, false);
    assert.equal(c.otp.enabled, false);
    assert.ok(Array.isArray(c.oauth2.providers));
    for (const k of ['authToken', 'passwordResetToken', 'emailChangeToken', 'verificationToken', 'fileToken']) {
      assert.ok(!('secret' in c[k]), `${k}.secret is write-only`);
    }
  });

  it('creates a view collection whose fields come from the query', async () => {
    const src = await f.createBase(pb, uniq('vsrc'), [f.text('title'), f.number('n')]);
    await pb.collection(src.name).create({ title: 'one', n: 1 });
    await pb.collection(src.name).create({ title: 'two', n: 2 });
    const v = await pb.collections.create({
      name: uniq('vview'), type: 'view', listRule: '', viewRule: '',
      viewQuery: `SELECT id, title, n FROM ${src.name}`,
    });
    assert.equal(v.type, 'view');
    assert.match(v.viewQuery, /SELECT/i);
    assert.ok(field(v, 'title'));
    assert.ok(field(v, 'n'));
    const list = await srv.client().collection(v.name).getList(1, 10, { sort: 'n' });
    assert.deepEqual(list.items.map((r) => r.title), ['one', 'two']);
    await expectError(pb.collection(v.name).create({ title: 'x' }), 400, 'Unsupported collection type.');
  });

  it('rejects a duplicate name (case-insensitive) with validation_collection_name_exists', async () => {
    const name = uniq('dup');
    await pb.collections.create({ name });
    const err = await expectError(pb.collections.create({ name }), 400, 'Failed to create collection.');
    assert.equal(err.response.data.name.code, 'validation_collection_name_exists');
    const err2 = await expectError(pb.collections.create({ name: name.toUpperCase() }), 400);
    assert.equal(err2.response.data.name.code, 'validation_collection_name_exists');
    const err3 = await expectError(pb.collections.create({ name: 'users' }), 400);
    assert.equal(err3.response.data.name.code, 'validation_collection_name_exists');
  });

  it('rejects invalid names', async () => {
    for (const name of ['', 'has space', 'dash-name', 'semi;colon']) {
      const err = await expectError(pb.collections.create({ name }), 400, 'Failed to create collection.');
      assert.ok(err.response.data.name, `data.name for ${JSON.stringify(name)}`);
      assert.equal(typeof err.response.data.name.code, 'string');
    }
  });

  it('reports field errors under data.fields', async () => {
    const cases = [
      [f.text('expand')],
      [f.text('collectionId')],
      [f.text('bad-name')],
      [f.text('twice'), f.text('twice')],
      [f.relation('r', 'pbc_0000000001', 1)],
    ];
    for (const fields of cases) {
      const err = await expectError(pb.collections.create({ name: uniq('badf'), fields }), 400,
        'Failed to create collection.');
      assert.equal(typeof err.response.data.fields, 'object', JSON.stringify(fields));
      assert.ok(Object.keys(err.response.data.fields).length > 0);
    }
  });

  it('rejects an unknown field type with 400', async () => {
    const name = uniq('badtype');
    await expectError(pb.collections.create({ name, fields: [{ name: 'weird', type: 'no_such_type' }] }), 400);
    await expectError(pb.collections.getOne(name), 404);
  });

  it('rejects an invalid rule expression', async () => {
    const err = await expectError(pb.collections.create({ name: uniq('badrule'), listRule: 'title = ' }), 400);
    assert.ok(err.response.data.listRule, JSON.stringify(err.response.data));
  });
});

describe('list and search', () => {
  before(async () => {
    for (const n of ['srch_b', 'srch_a', 'srch_c']) await pb.collections.create({ name: n });
  });

  it('getList returns the list shape with collection models', async () => {
    const res = await pb.collections.getList(1, 2);
    assert.equal(res.page, 1);
    assert.equal(res.perPage, 2);
    assert.ok(res.totalItems >= 5);
    assert.equal(res.totalPages, Math.ceil(res.totalItems / 2));
    assert.equal(res.items.length, 2);
    for (const c of res.items) {
      assert.equal(typeof c.id, 'string');
      assert.ok(Array.isArray(c.fields));
    }
  });

  it('filters by name, type and system', async () => {
    const byName = await pb.collections.getList(1, 50, { filter: 'name = "users"' });
    assert.deepEqual(byName.items.map((c) => c.name), ['users']);
    const auth = await pb.collections.getFullList({ filter: 'type = "auth"' });
    assert.ok(auth.every((c) => c.type === 'auth'));
    assert.ok(auth.some((c) => c.name === '_superusers'));
    const sys = await pb.collections.getFullList({ filter: 'system = true' });
    assert.ok(sys.every((c) => c.system === true));
    const like = await pb.collections.getFullList({ filter: 'name ~ "srch_"', sort: 'name' });
    assert.deepEqual(like.map((c) => c.name), ['srch_a', 'srch_b', 'srch_c']);
  });

  it('sorts ascending and descending', async () => {
    const desc = await pb.collections.getFullList({ filter: 'name ~ "srch_"', sort: '-name' });
    assert.deepEqual(desc.map((c) => c.name), ['srch_c', 'srch_b', 'srch_a']);
  });

  it('skipTotal gives -1 totals', async () => {
    const res = await pb.collections.getList(1, 1, { skipTotal: true });
    assert.equal(res.totalItems, -1);
    assert.equal(res.totalPages, -1);
  });

  it('getFirstListItem finds one or gives 404', async () => {
    const c = await pb.collections.getFirstListItem('name = "srch_b"');
    assert.equal(c.name, 'srch_b');
    await expectSdkNotFound(pb.collections.getFirstListItem('name = "srch_zzz"'));
  });

  it('fields picks keys of each item', async () => {
    const res = await pb.collections.getList(1, 3, { fields: 'id,name' });
    for (const c of res.items) assert.deepEqual(Object.keys(c).sort(), ['id', 'name']);
    assert.equal(res.page, 1);
  });

  it('an invalid filter or an unknown filter field gives 400', async () => {
    await expectError(pb.collections.getList(1, 10, { filter: 'name = ' }), 400);
    await expectError(pb.collections.getList(1, 10, { filter: 'listRule = ""' }), 400);
    await expectError(pb.collections.getList(1, 10, { sort: 'nope' }), 400);
  });
});

describe('update', () => {
  it('renames a field, keeping its data', async () => {
    const c = await f.createBase(pb, uniq('ren'), [f.text('old_name')]);
    const rec = await pb.collection(c.name).create({ old_name: 'kept' });
    const fields = c.fields.map((x) => (x.name === 'old_name' ? { ...x, name: 'new_name' } : x));
    const u = await pb.collections.update(c.id, { fields });
    assert.ok(field(u, 'new_name'));
    assert.ok(!field(u, 'old_name'));
    assert.equal(field(u, 'new_name').id, field(c, 'old_name').id, 'field id is stable');
    const got = await pb.collection(c.name).getOne(rec.id);
    assert.equal(got.new_name, 'kept');
    assert.ok(!('old_name' in got));
  });

  it('adds a field; existing records get its zero value', async () => {
    const c = await f.createBase(pb, uniq('addf'), [f.text('a')]);
    const rec = await pb.collection(c.name).create({ a: 'x' });
    const u = await pb.collections.update(c.name, { fields: [...c.fields, f.number('n'), f.bool('b')] });
    assert.ok(field(u, 'n'));
    const got = await pb.collection(c.name).getOne(rec.id);
    assert.equal(got.n, 0);
    assert.equal(got.b, false);
    assert.equal(got.a, 'x');
  });

  it('removes a field when it is left out of fields', async () => {
    const c = await f.createBase(pb, uniq('rmf'), [f.text('a'), f.text('b')]);
    const rec = await pb.collection(c.name).create({ a: '1', b: '2' });
    const u = await pb.collections.update(c.id, { fields: c.fields.filter((x) => x.name !== 'b') });
    assert.ok(!field(u, 'b'));
    const got = await pb.collection(c.name).getOne(rec.id);
    assert.ok(!('b' in got));
  });

  it('changes rules; the new rule applies at once', async () => {
    const c = await pb.collections.create({ name: uniq('rulechg'), fields: [f.text('t')] });
    await pb.collection(c.name).create({ t: 'x' });
    await expectError(srv.client().collection(c.name).getList(), 403);
    const u = await pb.collections.update(c.id, { listRule: '' });
    assert.equal(u.listRule, '');
    const list = await srv.client().collection(c.name).getList();
    assert.equal(list.totalItems, 1);
    const u2 = await pb.collections.update(c.id, { listRule: null });
    assert.equal(u2.listRule, null);
    await expectError(srv.client().collection(c.name).getList(), 403);
  });

  it('renames a collection; the old name is gone', async () => {
    const oldName = uniq('rnm');
    const c = await pb.collections.create({ name: oldName });
    const newName = uniq('rnm2');
    const u = await pb.collections.update(c.id, { name: newName });
    assert.equal(u.name, newName);
    assert.equal(u.id, c.id);
    assert.equal((await pb.collections.getOne(newName)).id, c.id);
    await expectError(pb.collections.getOne(oldName), 404);
  });

  it('validation errors give 400 "Failed to update collection."', async () => {
    const c = await pb.collections.create({ name: uniq('upv') });
    const err = await expectError(pb.collections.update(c.id, { name: 'users' }), 400,
      'Failed to update collection.');
    assert.equal(err.response.data.name.code, 'validation_collection_name_exists');
  });

  it('a system collection cannot be renamed or have its rules changed', async () => {
    await expectError(pb.collections.update('_superusers', { name: 'admins_x' }), 400);
    await expectError(pb.collections.update('_superusers', { listRule: '' }), 400);
    const su = await pb.collections.getOne('_superusers');
    assert.equal(su.name, '_superusers');
    assert.equal(su.listRule, null);
  });
});

describe('scaffolds', () => {
  it('returns default auth, base and view models with empty id and name', async () => {
    const s = await pb.collections.getScaffolds();
    for (const type of ['auth', 'base', 'view']) {
      assert.ok(s[type], type);
      assert.equal(s[type].type, type);
      assert.equal(s[type].id, '');
      assert.equal(s[type].name, '');
      assert.ok(Array.isArray(s[type].fields));
    }
    assert.ok(field(s.base, 'id'));
    for (const n of ['id', 'password', 'tokenKey', 'email', 'emailVisibility', 'verified']) {
      assert.ok(field(s.auth, n), `auth scaffold ${n}`);
    }
    assert.equal(typeof s.view.viewQuery, 'string');
  });
});

describe('import', () => {
  it('imports new collections and keeps the others (deleteMissing false)', async () => {
    const a = uniq('imp_a');
    const b = uniq('imp_b');
    const before = (await pb.collections.getFullList()).length;
    const ok = await pb.collections.import([
      { name: a, type: 'base', fields: [f.text('title')], listRule: '' },
      { name: b, type: 'base', fields: [f.number('n')] },
    ], false);
    assert.equal(ok, true);
    const after = await pb.collections.getFullList();
    assert.equal(after.length, before + 2);
    const ca = await pb.collections.getOne(a);
    assert.equal(ca.listRule, '');
    assert.ok(field(ca, 'title'));
    await pb.collection(a).create({ title: 'imported' });
  });

  it('updates an existing collection matched by id', async () => {
    const c = await pb.collections.create({ name: uniq('imp_upd'), fields: [f.text('x')] });
    await pb.collections.import([{ ...c, fields: [...c.fields, f.text('y')] }], false);
    const got = await pb.collections.getOne(c.id);
    assert.ok(field(got, 'x'));
    assert.ok(field(got, 'y'));
  });

  it('re-importing the collections as listed keeps existing auth tokens valid', async () => {
    // token secrets are write-only (never in the listed JSON): an import without them must
    // keep the stored secrets, not rotate them
    try {
      const all = await pb.collections.getFullList();
      assert.equal(await pb.collections.import(all, false), true);
      const res = await pb.collections.getList(1, 1);
      assert.equal(res.page, 1);
    } finally {
      pb = await srv.admin(); // keep the other tests independent of this one
    }
  });

  it('deleteMissing true removes collections that are not listed', async () => {
    const gone = await pb.collections.create({ name: uniq('imp_gone') });
    const all = await pb.collections.getFullList();
    const keep = all.filter((c) => c.id !== gone.id);
    try {
      assert.equal(await pb.collections.import(keep, true), true);
    } finally {
      pb = await srv.admin();
    }
    await expectError(pb.collections.getOne(gone.id), 404);
    assert.equal((await pb.collections.getFullList()).length, keep.length);
    await pb.collections.getOne('_superusers');
    await pb.collections.getOne('users');
  });

  it('invalid data gives 400 "Failed to import collections." and changes nothing', async () => {
    const before = (await pb.collections.getFullList()).length;
    const name = uniq('imp_bad');
    await expectError(pb.collections.import([
      { name, type: 'base' },
      { name: 'bad name!', type: 'base' },
    ], false), 400, 'Failed to import collections.');
    assert.equal((await pb.collections.getFullList()).length, before);
    await expectError(pb.collections.getOne(name), 404);
  });
});

describe('truncate and delete', () => {
  it('truncate deletes every record', async () => {
    const c = await f.createBase(pb, uniq('trunc'), [f.text('t')]);
    for (let i = 0; i < 3; i++) await pb.collection(c.name).create({ t: String(i) });
    assert.equal(await pb.collections.truncate(c.name), true);
    assert.equal((await pb.collection(c.name).getList()).totalItems, 0);
    await pb.collections.getOne(c.id);
  });

  it('truncate of a view gives 400', async () => {
    const v = await pb.collections.create({ name: uniq('tview'), type: 'view', viewQuery: 'SELECT id FROM users' });
    await expectError(pb.collections.truncate(v.name), 400);
  });

  it('delete removes the collection (204)', async () => {
    const c = await pb.collections.create({ name: uniq('del') });
    assert.equal(await pb.collections.delete(c.id), true);
    await expectError(pb.collections.getOne(c.id), 404);
    await expectError(pb.collection(c.name).getList(), 404, 'Missing collection context.');
  });

  it('delete of a referenced collection gives 400', async () => {
    const target = await pb.collections.create({ name: uniq('reftarget') });
    await pb.collections.create({ name: uniq('referrer'), fields: [f.relation('r', target.id, 1)] });
    await expectError(pb.collections.delete(target.id), 400);
    await pb.collections.getOne(target.id);
  });

  it('delete of a system collection gives 400', async () => {
    await expectError(pb.collections.delete('_superusers'), 400);
    await pb.collections.getOne('_superusers');
  });

  it('delete of an unknown collection gives 404', async () => {
    await expectError(pb.collections.delete('nope_nope'), 404);
  });
});
