// Strata realtime client: the WebSocket protocol of /api/strata/realtime (see docs/realtime.md).
// A plain ES module with no dependencies, for browsers and Node 22+ (or pass a WebSocket implementation).
//
//   import { StrataRealtime } from '/api/strata/realtime.js';
//   const rt = new StrataRealtime('https://example.com', { token: pb.authStore.token });
//   await rt.connect();
//   rt.on('message', (m) => console.log(m.channel, m.from, m.data));
//   const present = await rt.join('room:abc');
//   await rt.publish('room:abc', { typing: true });

export class StrataRealtime {
  #url;
  #token;
  #WebSocket;
  #socket = null;
  #nextRef = 1;
  #pending = new Map();
  #handlers = new Map();
  #channels = new Set();
  #topics = [];
  #closedByUser = false;
  #reconnect;
  #attempt = 0;

  /**
   * @param {string} baseUrl the Strata server, e.g. "https://api.example.com"
   * @param {{token?: string, WebSocket?: any, reconnect?: boolean, timeout?: number}} [options]
   */
  constructor(baseUrl, options = {}) {
    const url = new URL('/api/strata/realtime', baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    this.#url = url.toString();
    this.#token = options.token || '';
    this.#WebSocket = options.WebSocket || globalThis.WebSocket;
    this.#reconnect = options.reconnect !== false;
    this.timeout = options.timeout || 10000;
    this.clientId = '';
    this.user = null;
  }

  /** True while the socket is open. */
  get isConnected() {
    return !!this.#socket && this.#socket.readyState === 1;
  }

  /** Opens the connection; resolves once the server said "connected" (and, after a reconnect, rejoined). */
  connect() {
    this.#closedByUser = false;
    return new Promise((resolve, reject) => {
      const socket = new this.#WebSocket(this.#url);
      this.#socket = socket;
      let opened = false;
      socket.onmessage = (e) => {
        let m;
        try {
          m = JSON.parse(typeof e.data === 'string' ? e.data : String(e.data));
        } catch {
          return;
        }
        if (m.type === 'connected') {
          opened = true;
          this.clientId = m.clientId;
          this.#attempt = 0;
          this.#restore().then(() => {
            this.#emit('connected', m);
            resolve(this);
          }, reject);
          return;
        }
        this.#dispatch(m);
      };
      socket.onerror = () => {
        if (!opened) reject(new Error('WebSocket connection failed'));
      };
      socket.onclose = (e) => {
        for (const [, p] of this.#pending) p.reject(new Error('connection closed'));
        this.#pending.clear();
        this.#emit('close', { code: e.code, reason: e.reason });
        if (!opened) reject(new Error('WebSocket closed before it was ready'));
        if (opened && !this.#closedByUser && this.#reconnect) this.#scheduleReconnect();
      };
    });
  }

  /** Closes the connection for good. */
  close() {
    this.#closedByUser = true;
    this.#socket?.close(1000);
  }

  /**
   * Listens to "event" (record/topic events), "message" (channel messages), "presence" (join/leave),
   * "direct" (direct messages), "connected" and "close". Returns a function that removes the listener.
   */
  on(type, handler) {
    if (!this.#handlers.has(type)) this.#handlers.set(type, new Set());
    this.#handlers.get(type).add(handler);
    return () => this.#handlers.get(type)?.delete(handler);
  }

  /** Signs in with a record token (same token as the PocketBase SDK's authStore.token). */
  async auth(token) {
    this.#token = token;
    const reply = await this.request({ type: 'auth', token });
    this.user = reply.user;
    return reply.user;
  }

  /** Replaces the record subscriptions ("posts/*", "posts/ID", with "?options=" as the PocketBase SDK writes them). */
  async subscribe(topics) {
    this.#topics = [...topics];
    await this.request({ type: 'subscribe', topics: this.#topics });
  }

  /** Joins a channel; resolves to the users present (each once). */
  async join(channel) {
    const reply = await this.request({ type: 'join', channel });
    this.#channels.add(channel);
    return reply.presence;
  }

  /** Leaves a channel. */
  async leave(channel) {
    this.#channels.delete(channel);
    await this.request({ type: 'leave', channel });
  }

  /** The users present in a joined channel. */
  async presence(channel) {
    return (await this.request({ type: 'presence', channel })).presence;
  }

  /** Sends any JSON to the other connections in a joined channel. */
  async publish(channel, data) {
    await this.request({ type: 'publish', channel, data });
  }

  /** Sends any JSON to every connection of one user (by record id; collection defaults to the sender's). */
  async direct(to, data, { collection } = {}) {
    const m = { type: 'direct', to, data };
    if (collection) m.collection = collection;
    await this.request(m);
  }

  /** Sends a message and waits for its "ok" (resolves with the reply) or "error" (rejects with status and message). */
  request(message) {
    if (!this.isConnected) return Promise.reject(new Error('not connected'));
    const ref = String(this.#nextRef++);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(ref);
        reject(new Error(`no reply to ${message.type} within ${this.timeout} ms`));
      }, this.timeout);
      this.#pending.set(ref, {
        resolve: (v) => { clearTimeout(timer); resolve(v); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.#socket.send(JSON.stringify({ ...message, ref }));
    });
  }

  #dispatch(m) {
    if ((m.type === 'ok' || m.type === 'pong' || m.type === 'error') && m.ref !== undefined && this.#pending.has(m.ref)) {
      const p = this.#pending.get(m.ref);
      this.#pending.delete(m.ref);
      if (m.type === 'error') {
        const err = new Error(m.message);
        err.status = m.status;
        p.reject(err);
      } else {
        p.resolve(m);
      }
      return;
    }
    this.#emit(m.type, m);
  }

  #emit(type, m) {
    for (const h of this.#handlers.get(type) || []) {
      try {
        h(m);
      } catch (e) {
        setTimeout(() => { throw e; });
      }
    }
  }

  async #restore() {
    if (this.#token) {
      const reply = await this.request({ type: 'auth', token: this.#token });
      this.user = reply.user;
    }
    if (this.#topics.length) await this.request({ type: 'subscribe', topics: this.#topics });
    for (const channel of this.#channels) await this.request({ type: 'join', channel });
  }

  #scheduleReconnect() {
    const delays = [200, 300, 500, 1000, 1200, 1500, 2000];
    const delay = delays[Math.min(this.#attempt++, delays.length - 1)];
    setTimeout(() => {
      if (!this.#closedByUser) this.connect().catch(() => this.#scheduleReconnect());
    }, delay);
  }
}
