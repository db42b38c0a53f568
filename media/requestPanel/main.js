// Request panel webview. Builds every element with createElement/textContent: no value received
// from the extension (response bodies, headers, token claims) is ever parsed as HTML or run.
// Messages are described in src/features/requestPanel/protocol.ts.
// @ts-check
(function () {
  // @ts-expect-error provided by VS Code at run time
  const vscode = acquireVsCodeApi();
  const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
  const app = /** @type {HTMLElement} */ (document.getElementById('app'));

  const saved = vscode.getState() || {};
  const model = {
    request: saved.request || { method: 'GET', url: '', query: [], headers: [], body: '', auth: '' },
    environment: saved.environment || '',
    environments: [],
    credentials: {},
    history: [],
    response: undefined,
    sending: false,
    message: '',
    messageKind: '',
  };

  /** Element helper: el('div', { className: 'x' }, child, 'text'). Strings become text nodes. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else if (key === 'text') node.textContent = value;
      else node[key] = value;
    }
    for (const child of children) {
      if (child === undefined || child === null || child === false) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key|api-key|x-auth-token)$/i;
  const SECRET_NAME = /pass|secret|token|key|auth|session|cookie|credential/i;
  const JWT = /e[wy][A-Za-z0-9_-]{8,}={0,2}(?:\.[A-Za-z0-9_-]*={0,2}){1,5}/g;
  const onlyReferences = (v) => !v.trim() || /^\s*(\{\{[^{}]+\}\}\s*)+$/.test(v);

  /** The form without literal secrets, for setState (VS Code writes it to disk). */
  function storable(request) {
    const row = (r, sensitive) =>
      sensitive && !onlyReferences(r.value)
        ? { ...r, value: '', redacted: true }
        : { ...r, value: r.value.replace(JWT, '') };
    // File variables are not shown in the form, so a secret one is dropped, never blanked:
    // sending then fails with "Unknown variable" instead of using an empty value.
    const variables = (request.variables || []).filter(
      (v) => (!SECRET_NAME.test(v.name) || onlyReferences(v.value)) && !new RegExp(JWT.source).test(v.value),
    );
    return {
      ...request,
      ...(request.variables && { variables }),
      url: request.url.replace(JWT, ''),
      body: request.body.replace(JWT, ''),
      query: request.query.map((q) => row(q, SECRET_NAME.test(q.name))),
      headers: request.headers.map((h) =>
        row(h, SECRET_HEADER.test(h.name.trim()) || SECRET_NAME.test(h.name)),
      ),
    };
  }

  function save() {
    vscode.setState({ request: storable(model.request), environment: model.environment });
  }

  function post(message) {
    vscode.postMessage(message);
  }

  function formRequest() {
    return JSON.parse(JSON.stringify(model.request));
  }

  // ---------- rendering

  function render() {
    const focused = document.activeElement && document.activeElement.id;
    app.replaceChildren(renderRequest(), renderMessage(), renderResponse(), renderHistory());
    if (focused) {
      const again = document.getElementById(focused);
      if (again) again.focus();
    }
  }

  function renderRequest() {
    const req = model.request;
    const envSelect = el(
      'select',
      {
        id: 'environment',
        title: 'Environment',
        onchange: (e) => {
          model.environment = e.target.value;
          save();
          render();
        },
      },
      ...model.environments.map((name) =>
        el('option', { value: name, selected: name === model.environment, text: name }),
      ),
    );
    const method = el(
      'select',
      {
        id: 'method',
        title: 'Method',
        onchange: (e) => {
          req.method = e.target.value;
          save();
        },
      },
      ...METHODS.map((m) => el('option', { value: m, selected: m === req.method, text: m })),
    );
    const url = el('input', {
      id: 'url',
      type: 'text',
      value: req.url,
      placeholder: 'https://api.example.com/items or {{baseUrl}}/items',
      spellcheck: false,
      oninput: (e) => {
        req.url = e.target.value;
        save();
      },
      onkeydown: (e) => {
        if (e.key === 'Enter') send();
      },
    });
    const sendButton = el('button', {
      id: 'send',
      className: 'primary',
      disabled: model.sending,
      onclick: send,
      text: 'Send',
    });
    const cancel = el('button', {
      id: 'cancel',
      disabled: !model.sending,
      onclick: () => post({ type: 'cancel' }),
      text: 'Cancel',
    });

    const credentials = model.credentials[model.environment] || [];
    const auth = el(
      'select',
      {
        id: 'auth',
        onchange: (e) => {
          req.auth = e.target.value;
          save();
        },
      },
      el('option', { value: '', selected: !req.auth, text: 'No auth' }),
      ...credentials.map((name) => el('option', { value: name, selected: name === req.auth, text: name })),
      req.auth && !credentials.includes(req.auth)
        ? el('option', { value: req.auth, selected: true, text: `${req.auth} (not in this environment)` })
        : undefined,
    );

    const body = el('textarea', {
      id: 'body',
      rows: 6,
      spellcheck: false,
      value: req.body,
      placeholder: 'Request body; {{NAME}} references are resolved when sending',
      oninput: (e) => {
        req.body = e.target.value;
        save();
      },
    });

    return el(
      'section',
      { className: 'request' },
      el('div', { className: 'row url-row' }, envSelect, method, url, sendButton, cancel),
      el(
        'div',
        { className: 'row' },
        el('label', { htmlFor: 'auth', text: 'Auth ' }),
        auth,
        el('span', { className: 'grow' }),
        el('button', {
          id: 'copy-curl',
          onclick: () => post({ type: 'copyCurl', request: formRequest(), environment: model.environment }),
          text: 'Copy as cURL',
        }),
        el('button', {
          id: 'save-http',
          onclick: () => post({ type: 'saveHttp', request: formRequest(), environment: model.environment }),
          text: 'Save to .http',
        }),
      ),
      renderRows('Query parameters', 'query', req.query),
      renderRows('Headers', 'headers', req.headers),
      el('details', { open: !!req.body }, el('summary', { text: 'Body' }), body),
    );
  }

  function renderRows(title, key, rows) {
    const table = el('div', { className: 'rows' });
    rows.forEach((r, i) => {
      table.append(
        el(
          'div',
          { className: 'row' },
          el('input', {
            type: 'checkbox',
            checked: r.enabled,
            title: 'Send this row',
            onchange: (e) => {
              r.enabled = e.target.checked;
              save();
            },
          }),
          el('input', {
            id: `${key}-name-${i}`,
            type: 'text',
            value: r.name,
            placeholder: 'name',
            oninput: (e) => {
              r.name = e.target.value;
              save();
            },
          }),
          el('input', {
            id: `${key}-value-${i}`,
            type: 'text',
            value: r.value,
            placeholder: r.redacted ? '(masked in history; enter again or use {{NAME}})' : 'value',
            oninput: (e) => {
              r.value = e.target.value;
              r.redacted = false;
              save();
            },
          }),
          el('button', {
            title: 'Remove',
            text: '✕',
            onclick: () => {
              rows.splice(i, 1);
              save();
              render();
            },
          }),
        ),
      );
    });
    const add = el('button', {
      id: `add-${key}`,
      text: `Add ${key === 'query' ? 'Parameter' : 'Header'}`,
      onclick: () => {
        rows.push({ name: '', value: '', enabled: true });
        render();
      },
    });
    // Headers are edited most often, so their section starts open even when empty.
    const open = rows.length > 0 || key === 'headers';
    return el('details', { open }, el('summary', { text: `${title} (${rows.length})` }), table, add);
  }

  function renderMessage() {
    if (!model.message) return el('div', { id: 'message' });
    return el('div', {
      id: 'message',
      className: `message ${model.messageKind}`,
      role: 'status',
      text: model.message,
    });
  }

  function ms(value) {
    return value === undefined || value === null ? '–' : `${Math.round(value)} ms`;
  }

  function bytes(n) {
    return n < 1024
      ? `${n} B`
      : n < 1048576
        ? `${(n / 1024).toFixed(1)} KB`
        : `${(n / 1048576).toFixed(1)} MB`;
  }

  function renderResponse() {
    const r = model.response;
    if (model.sending)
      return el('section', { id: 'response', className: 'response' }, el('p', { text: 'Sending…' }));
    if (!r) return el('section', { id: 'response', className: 'response' });
    const statusClass = r.status < 300 ? 'ok' : r.status < 400 ? 'redirect' : 'error';
    const t = r.timings;
    const timings = el(
      'table',
      { className: 'timings' },
      ...[
        ['DNS', t.dnsMs],
        ['Connect', t.connectMs],
        ['TLS', t.tlsMs],
        ['First byte', t.firstByteMs],
        ['Download', t.downloadMs],
        ['Total', t.totalMs],
      ].map(([name, value]) => el('tr', {}, el('th', { text: name }), el('td', { text: ms(value) }))),
    );
    const headers = el(
      'table',
      { className: 'headers' },
      ...r.headers.map(([n, v]) => el('tr', {}, el('th', { text: n }), el('td', { text: v }))),
    );
    return el(
      'section',
      { id: 'response', className: 'response' },
      el(
        'div',
        { className: 'row' },
        el('span', {
          id: 'status',
          className: `status ${statusClass}`,
          text: `${r.status} ${r.statusText}`.trim(),
        }),
        el('span', { id: 'total-time', text: ms(t.totalMs) }),
        el('span', { id: 'size', text: bytes(r.size.bodyBytes) }),
        el('span', { className: 'url', text: r.url }),
      ),
      el('details', {}, el('summary', { text: 'Timing' }), timings),
      el('details', {}, el('summary', { text: `Headers (${r.headers.length})` }), headers),
      renderTokens(r.tokens),
      renderBody(r),
    );
  }

  function renderTokens(tokens) {
    if (!tokens.length) return undefined;
    return el(
      'details',
      { id: 'tokens', open: true },
      el('summary', { text: `JWTs in the body (${tokens.length})` }),
      ...tokens.map((t) =>
        el(
          'div',
          { className: 'token' },
          el(
            'div',
            {},
            el('strong', { text: t.where }),
            ' ',
            el('span', { className: 'muted', text: t.summary }),
          ),
          el('pre', { className: 'decoded', text: t.decoded }),
        ),
      ),
    );
  }

  function renderBody(r) {
    const tools = el('div', { className: 'row' }, el('strong', { text: `Body (${r.bodyKind})` }));
    if (!r.revealed && r.tokens.length) {
      tools.append(
        el('button', { id: 'reveal', onclick: () => post({ type: 'reveal' }), text: 'Show Tokens' }),
      );
    }
    const container = el('div', { id: 'body-view', className: 'body' });
    if (r.bodyKind === 'json') {
      let parsed;
      try {
        parsed = JSON.parse(r.body);
      } catch {
        parsed = undefined;
      }
      container.append(parsed === undefined ? el('pre', { text: r.body }) : jsonTree(parsed, undefined, 0));
    } else {
      container.append(el('pre', { text: r.body }));
    }
    if (r.bodyKind === 'html' || r.bodyKind === 'svg') {
      tools.append(
        el('button', {
          id: 'preview',
          text: 'Preview (Sandboxed)',
          onclick: () => container.replaceChildren(sandboxedPreview(r.body)),
        }),
      );
    }
    return el('div', {}, tools, container);
  }

  /** A frame that cannot run scripts (sandbox="" grants nothing) with its own restrictive CSP. */
  function sandboxedPreview(html) {
    const frame = el('iframe', { className: 'preview', title: 'Sandboxed preview' });
    frame.setAttribute('sandbox', '');
    frame.setAttribute('csp', "default-src 'none'; style-src 'unsafe-inline'");
    frame.srcdoc =
      '<meta http-equiv="Content-Security-Policy" ' +
      'content="default-src \'none\'; style-src \'unsafe-inline\'">' +
      html;
    return frame;
  }

  function jsonTree(value, key, depth) {
    const label = key === undefined ? '' : `${JSON.stringify(key)}: `;
    if (value === null || typeof value !== 'object') {
      return el(
        'div',
        { className: 'json-leaf' },
        label,
        el('span', {
          className: `json-${value === null ? 'null' : typeof value}`,
          text: JSON.stringify(value),
        }),
      );
    }
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
    const details = el(
      'details',
      { className: 'json-node', open: depth < 3 },
      el(
        'summary',
        {},
        label,
        `${open} ${entries.length} ${Array.isArray(value) ? 'items' : 'keys'} ${close}`,
      ),
      ...entries.map(([k, v]) => jsonTree(v, Array.isArray(value) ? undefined : k, depth + 1)),
    );
    return details;
  }

  function renderHistory() {
    const list = el('ol', { id: 'history', className: 'history' });
    for (const h of model.history) {
      list.append(
        el(
          'li',
          { className: 'history-entry' },
          el('span', { className: 'method', text: h.method }),
          ' ',
          el('span', { className: 'url', text: h.url }),
          ' ',
          el('span', { className: 'outcome', text: String(h.outcome) }),
          ' ',
          el('span', {
            className: 'muted',
            text: `${h.environment} · ${new Date(h.time).toLocaleTimeString()}`,
          }),
          el('button', {
            text: 'Load',
            onclick: () => {
              model.request = JSON.parse(JSON.stringify(h.request));
              model.environment = h.environment;
              save();
              render();
            },
          }),
          el('button', {
            className: 'resend',
            text: 'Re-send',
            onclick: () => post({ type: 'resend', id: h.id }),
          }),
        ),
      );
    }
    return el(
      'details',
      { open: model.history.length > 0 },
      el('summary', { text: `History (${model.history.length})` }),
      list,
      model.history.length
        ? el('button', {
            id: 'clear-history',
            text: 'Clear History',
            onclick: () => post({ type: 'clearHistory' }),
          })
        : undefined,
    );
  }

  function send() {
    model.message = '';
    post({ type: 'send', request: formRequest(), environment: model.environment });
  }

  // ---------- messages

  window.addEventListener('message', (event) => {
    const message = event.data;
    switch (message.type) {
      case 'state':
        model.environments = message.environments;
        model.credentials = message.credentials;
        model.history = message.history;
        model.environment =
          message.environments.includes(model.environment) && !message.request
            ? model.environment
            : message.activeEnvironment;
        if (message.request) model.request = message.request;
        model.response = message.response;
        model.sending = message.sending;
        break;
      case 'load':
        model.request = message.request;
        if (message.environment) model.environment = message.environment;
        model.response = undefined;
        break;
      case 'sending':
        model.sending = true;
        model.response = undefined;
        model.message = '';
        break;
      case 'response':
        model.sending = false;
        model.response = message.response;
        break;
      case 'failed':
        model.sending = false;
        model.message = message.message;
        model.messageKind = 'error';
        break;
      case 'notice':
        model.message = message.message;
        model.messageKind = 'info';
        break;
      case 'history':
        model.history = message.history;
        break;
      default:
        return;
    }
    save();
    render();
  });

  render();
  post({ type: 'ready' });
})();
