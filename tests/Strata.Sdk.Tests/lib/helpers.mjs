// Small assertion helpers shared by the SDK conformance tests.
import assert from 'node:assert/strict';
import { ClientResponseError } from 'pocketbase';

let counter = 0;

/** A unique, valid collection/field name: `<prefix>_<n><random>`. */
export function uniq(prefix = 'c') {
  counter += 1;
  return `${prefix}_${counter}${Math.random().toString(36).slice(2, 7)}`;
}

/** A valid 15-char record id. */
export function recordId() {
  let s = '';
  while (s.length < 15) s += Math.random().toString(36).slice(2);
  return s.slice(0, 15);
}

/**
 * Awaits `promise`, expects it to reject with a ClientResponseError of `status`, checks the
 * contract's error body shape ({status, message, data}) and returns the error.
 */
export async function expectError(promise, status, message) {
  let err;
  try {
    const value = await promise;
    assert.fail(`expected HTTP ${status}, but the request succeeded with ${JSON.stringify(value)?.slice(0, 300)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    err = e;
  }
  assert.ok(err instanceof ClientResponseError, `expected ClientResponseError, got ${err}`);
  assert.equal(err.isAbort, false, `request was aborted: ${err.originalError}`);
  assert.equal(err.status, status, `status: ${JSON.stringify(err.response)}`);
  assertErrorShape(err.response, status);
  if (message !== undefined) assert.equal(err.response.message, message);
  return err;
}

/**
 * For SDK calls that can fail client-side (getFirstListItem with no match, getOne('')): the SDK
 * throws its own 404 whose body is `{code, message, data}`, so only the status is checked.
 */
export async function expectSdkNotFound(promise) {
  let err;
  try {
    const value = await promise;
    assert.fail(`expected a 404, but the request succeeded with ${JSON.stringify(value)?.slice(0, 300)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    err = e;
  }
  assert.ok(err instanceof ClientResponseError, `expected ClientResponseError, got ${err}`);
  assert.equal(err.status, 404, `status: ${JSON.stringify(err.response)}`);
  return err;
}

/** Checks `{status, message, data}` with status repeating the HTTP status and data an object. */
export function assertErrorShape(body, status) {
  assert.equal(typeof body, 'object', 'error body must be a JSON object');
  assert.equal(body.status, status, `body.status: ${JSON.stringify(body)}`);
  assert.equal(typeof body.message, 'string', 'body.message must be a string');
  assert.ok(body.message.length > 0, 'body.message must not be empty');
  assert.equal(typeof body.data, 'object', 'body.data must be an object');
  assert.ok(body.data !== null && !Array.isArray(body.data), 'body.data must be a plain object');
}

/** Decodes a JWT payload the way the SDK does (plain atob, which rejects base64url's - and _). */
export function decodeJwtPayload(token) {
  const part = token.split('.')[1];
  const padded = part + '='.repeat((4 - (part.length % 4)) % 4);
  return JSON.parse(atob(padded));
}

/** Raw JSON request helper for cases the SDK can't express. Returns {status, body, text, headers}. */
export async function raw(url, { method = 'GET', headers = {}, body, token } = {}) {
  const h = { ...headers };
  if (token) h.Authorization = token;
  const res = await fetch(url, { method, headers: h, body });
  const text = await res.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = undefined; }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

/** The date form of the contract: `YYYY-MM-DD HH:MM:SS.sssZ`. */
export const DATE_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const ID_RE = /^[a-z0-9]{15}$/;

export function ids(items) {
  return items.map((r) => r.id).sort();
}
