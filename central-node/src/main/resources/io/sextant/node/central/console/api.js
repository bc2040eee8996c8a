// The centre's REST API with the session's bearer token. The token lives in sessionStorage (this
// tab only) and goes out as an Authorization header, never in a URL.
"use strict";
const Api = (() => {
  const KEY = "sextant.token";
  class HttpError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }
  async function call(method, path, body) {
    const headers = { "Accept": "application/json", "Authorization": "Bearer " + (sessionStorage.getItem(KEY) || "") };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = { message: text }; }
    if (!res.ok) throw new HttpError(res.status, (data && data.message) || res.statusText);
    return data;
  }
  return {
    HttpError,
    token: () => sessionStorage.getItem(KEY),
    setToken: t => sessionStorage.setItem(KEY, t),
    forget: () => sessionStorage.removeItem(KEY),
    get: path => call("GET", path),
    post: (path, body) => call("POST", path, body || {}),
  };
})();
