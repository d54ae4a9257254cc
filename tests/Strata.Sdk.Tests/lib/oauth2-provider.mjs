// A test-only OAuth2 / OpenID Connect provider on loopback speaking the real protocol (RFC 6749 code flow, RFC 7636
// PKCE S256): GET /authorize redirects back with a code, POST /token checks client credentials, redirect URI and the
// code verifier, GET /userinfo answers the bearer token's user, /.well-known/openid-configuration describes it.
import { createServer } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';

export const CLIENT_ID = 'strata-sdk-client';
export const CLIENT_SECRET = 'strata-sdk-client-secret-0123456789';

export async function startOAuth2Provider() {
  const codes = new Map();
  const tokens = new Map();
  const state = {
    deny: '', // set to an OAuth2 error code (e.g. 'access_denied') to refuse the next authorizations
    user: { sub: 'sdk-user-1', name: 'Piper OAuth', preferred_username: 'piper', email: 'piper@oauth.test', email_verified: true },
  };
  const json = (res, status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/authorize') {
      const q = url.searchParams;
      if (q.get('client_id') !== CLIENT_ID || q.get('response_type') !== 'code' || !q.get('redirect_uri')) return json(res, 400, { error: 'invalid_request' });
      if (state.deny) { // the user refused consent: RFC 6749 §4.1.2.1 error redirect
        const to = new URL(q.get('redirect_uri'));
        to.searchParams.set('error', state.deny);
        to.searchParams.set('state', q.get('state') || '');
        res.writeHead(302, { location: to.toString() });
        return res.end();
      }
      const code = randomBytes(16).toString('hex');
      codes.set(code, { redirect: q.get('redirect_uri'), challenge: q.get('code_challenge_method') === 'S256' ? q.get('code_challenge') : '', user: { ...state.user } });
      const to = new URL(q.get('redirect_uri'));
      to.searchParams.set('code', code);
      to.searchParams.set('state', q.get('state') || '');
      res.writeHead(302, { location: to.toString() });
      return res.end();
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const f = new URLSearchParams(body);
      if (f.get('grant_type') !== 'authorization_code' || f.get('client_id') !== CLIENT_ID || f.get('client_secret') !== CLIENT_SECRET) {
        return json(res, 401, { error: 'invalid_client' });
      }
      const grant = codes.get(f.get('code'));
      codes.delete(f.get('code'));
      if (!grant || grant.redirect !== f.get('redirect_uri')) return json(res, 400, { error: 'invalid_grant' });
      const expected = createHash('sha256').update(f.get('code_verifier') || '').digest('base64url');
      if (grant.challenge && grant.challenge !== expected) return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE' });
      const access = randomBytes(16).toString('hex');
      tokens.set(access, grant.user);
      return json(res, 200, { access_token: access, token_type: 'Bearer', expires_in: 3600, refresh_token: 'r-' + access });
    }
    if (req.method === 'GET' && url.pathname === '/userinfo') {
      const user = tokens.get((req.headers.authorization || '').replace(/^Bearer /, ''));
      return user ? json(res, 200, user) : json(res, 401, { error: 'invalid_token' });
    }
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      return json(res, 200, { issuer: base, authorization_endpoint: base + '/authorize', token_endpoint: base + '/token', userinfo_endpoint: base + '/userinfo' });
    }
    json(res, 404, { error: 'not_found' });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    url: base,
    state,
    config: (name = 'oidc') => ({ name, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, authURL: base + '/authorize', tokenURL: base + '/token', userInfoURL: base + '/userinfo' }),
    /** Plays the browser: opens authURL + redirectURL and returns the code and state of the redirect. */
    async authorize(authURL, redirectURL) {
      const r = await fetch(authURL + encodeURIComponent(redirectURL), { redirect: 'manual' });
      const loc = new URL(r.headers.get('location'));
      return { status: r.status, code: loc.searchParams.get('code'), state: loc.searchParams.get('state'), location: loc };
    },
    stop: () => new Promise((r) => server.close(r)),
  };
}
