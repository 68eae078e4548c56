// A small client of the classic W3C WebDriver protocol (plain HTTP to the driver), enough to read
// the site in Firefox (geckodriver and Debian's firefox-esr, headless) and in WebKit
// (WebKitWebDriver driving WebKitGTK's MiniBrowser on a virtual X display, `xvfb-run`).
//
// What the page logs. Classic WebDriver can neither read the console nor run a script before the
// page's own, and a hydration mismatch shows only there: a trap (`unreachable`) or a panic logged
// with console.error. So:
// - every document is opened with the page load strategy "none", and a watch is installed into it
//   by polling the new document while it loads: console.error and console.warn, uncaught
//   exceptions, unhandled rejections, failed resources and CSP violations are kept in the page and
//   read back. The app's loader starts the wasm only after the first paint, and the wasm hydrates
//   the page in a task after its main has returned; the watch notes whether it came before that
//   (`window.wasmBindings` unset), and `load` opens the page again until it has (or fails), so no
//   message of the page's hydration is ever missed (a panic in main itself is a trap that keeps
//   the app from starting, which `load` sees);
// - Firefox also writes its whole console to its standard output (the pref
//   `devtools.console.stdout.content`), read here too: what the browser logs itself (a resource
//   that failed, a CSP report) and anything from before the watch. WebKitGTK can do the same
//   (`enable-write-console-messages-to-stdout`), but not in the ephemeral session MiniBrowser
//   always uses under automation, so in WebKit the watch is all there is.
//
// Reduced motion cannot be emulated by classic WebDriver either: it is the browser's own setting,
// given at launch (Firefox: the pref `ui.prefersReducedMotion`; WebKitGTK: GTK's
// `gtk-enable-animations=false`, from a settings.ini of the browser's own).
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
const GECKODRIVER = process.env.GECKODRIVER || 'geckodriver';
const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER || 'WebKitWebDriver';
const MINIBROWSER = process.env.MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** The W3C WebDriver element reference key. */
/** How long any WebDriver command may take before the driver is taken to have hung. */
const DRIVER_TIMEOUT_MS = 60_000;

export const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** The Chromium suite's time zone (tests/e2e/playwright.config.js). */
const TIME_ZONE = 'Asia/Riyadh';

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A line of Firefox's standard output that carries a console message of a page, as `{ level, text }`. */
function firefoxConsoleLine(line) {
  // `console.error: "text"` (the console API; a string argument is quoted) and
  // `JavaScript error: url, line n: Error: text` (uncaught exceptions, CSS and network reports).
  // Firefox's own modules log through named consoles, `console.error: RSLoader: …`, unquoted.
  let m = line.match(/^console\.(error|warn): (.*)$/);
  if (m && /^[A-Za-z][\w.-]*: /.test(m[2])) return null;
  if (m) return { level: m[1] === 'warn' ? 'warning' : 'error', text: `console: ${m[2]}` };
  m = line.match(/^JavaScript (error|warning): (.*)$/);
  // The browser's own code (resource:, chrome:) is not the page's.
  if (m && !/^(resource|chrome|moz-extension):/.test(m[2])) return { level: m[1], text: m[2] };
  return null;
}

/**
 * The watch installed into each document (see the top of this file). Returns null while the old
 * document is still there, else where the document is and whether the app had started before.
 */
function watch() {
  if (window.__khabarLeaving || location.href === 'about:blank') return null;
  if (!window.__khabarWatch) {
    const log = [];
    // `window.wasmBindings` is set once the wasm's main has returned, and main leaves hydration to a
    // task of its own: unset, the app has not begun to take the page over.
    const late = Boolean(window.wasmBindings || document.documentElement.hasAttribute('data-app'));
    window.__khabarWatch = { log, late };
    const text = (value) => {
      // Errors of another realm (a wasm trap's RuntimeError) are not `instanceof Error` here.
      if (value && typeof value === 'object' && 'message' in value) return `${value.name}: ${value.message}`;
      try { return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value); } catch { return String(value); }
    };
    for (const [name, level] of [['error', 'error'], ['warn', 'warning']]) {
      const original = console[name];
      console[name] = function (...args) {
        log.push({ level, text: `console: ${args.map(text).join(' ')}` });
        return original.apply(this, args);
      };
    }
    addEventListener('error', (e) => {
      if (e.target && e.target !== window) {
        log.push({ level: 'error', text: `failed to load ${e.target.src || e.target.href || e.target.tagName}` });
      } else {
        log.push({ level: 'error', text: `uncaught: ${e.error ? text(e.error) : e.message} (${e.filename}:${e.lineno})` });
      }
    }, true);
    addEventListener('unhandledrejection', (e) => log.push({ level: 'error', text: `unhandled rejection: ${text(e.reason)}` }));
    addEventListener('securitypolicyviolation', (e) => {
      log.push({ level: 'error', text: `csp: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})` });
    }, true);
  }
  return { url: location.href, late: window.__khabarWatch.late };
}

/**
 * Starts a driver and a browser session for `engine` ('firefox' or 'webkit'). `reducedMotion`
 * starts the browser with the reader's "reduce motion" setting on. `messages`: the log the browser
 * keeps what the page reports in (a restarted browser's, its predecessor's).
 */
export async function launch(engine, options = {}, messages = []) {
  const { reducedMotion = false, width = 1000, height = 800 } = options;
  const port = await freePort();
  const home = mkdtempSync(path.join(tmpdir(), `khabar-${engine}-`));
  const env = { ...process.env, TZ: TIME_ZONE, LANG: 'C.UTF-8', HOME: home };
  let command;
  let capabilities;
  if (engine === 'firefox') {
    command = [GECKODRIVER, '--host', '127.0.0.1', '--port', String(port), '--log', 'warn'];
    capabilities = {
      browserName: 'firefox',
      'moz:firefoxOptions': {
        binary: FIREFOX,
        args: ['-headless'],
        prefs: {
          'devtools.console.stdout.content': true,
          'devtools.console.stdout.chrome': false,
          'intl.accept_languages': 'ar',
          'ui.prefersReducedMotion': reducedMotion ? 1 : 0,
          // Nothing but the site on the network: no experiments, updates or telemetry.
          'app.shield.optoutstudies.enabled': false,
          'datareporting.healthreport.uploadEnabled': false,
          'app.normandy.enabled': false,
          'app.update.enabled': false,
          'datareporting.policy.dataSubmissionEnabled': false,
          'toolkit.telemetry.enabled': false,
          'browser.shell.checkDefaultBrowser': false,
        },
      },
    };
  } else if (engine === 'webkit') {
    // GTK's settings file: WebKitGTK answers `prefers-reduced-motion: reduce` when the desktop's
    // animations are off.
    const config = path.join(home, '.config');
    mkdirSync(path.join(config, 'gtk-3.0'), { recursive: true });
    writeFileSync(path.join(config, 'gtk-3.0/settings.ini'), `[Settings]\ngtk-enable-animations=${reducedMotion ? 'false' : 'true'}\n`);
    Object.assign(env, { XDG_CONFIG_HOME: config, XDG_CACHE_HOME: path.join(home, '.cache'), XDG_DATA_HOME: path.join(home, '.local/share'), LANGUAGE: 'ar' });
    command = ['xvfb-run', '-a', '-s', `-screen 0 ${width + 400}x${height + 400}x24`, WEBKIT_DRIVER, `--port=${port}`];
    capabilities = {
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
    };
  } else {
    throw new Error(`unknown engine ${engine}`);
  }

  // A process group of its own: stopping it stops the browser and the X server it started.
  const child = spawn(command[0], command.slice(1), { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      for (const line of lines) {
        output.push(line);
        const message = engine === 'firefox' ? firefoxConsoleLine(line) : null;
        if (message) messages.push({ ...message, text: `${message.text} [stdout]` });
      }
    });
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stopDriver = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch {}
      await Promise.race([exited, sleep(3000)]);
      try { process.kill(-child.pid, 'SIGKILL'); } catch {}
    }
    rmSync(home, { recursive: true, force: true });
  };

  const base = `http://127.0.0.1:${port}`;
  async function request(method, url, body) {
    // Every command answers well within a minute (scripts time out after 20 s, loads after 30 s):
    // a driver that has lost its browser fails the step now, not at the socket's 300 s.
    const response = await fetch(`${base}${url}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(DRIVER_TIMEOUT_MS),
    }).catch((error) => {
      const timedOut = error.name === 'TimeoutError';
      throw new Error(`${engine}: ${method} ${url}: ${timedOut ? `no answer within ${DRIVER_TIMEOUT_MS / 1000} s` : error.message}`);
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok || json?.value?.error) {
      const { error, message } = json.value ?? {};
      throw new Error(`${engine}: ${method} ${url}: ${error ?? response.status}: ${message ?? ''}`);
    }
    return json.value;
  }

  try {
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command[0]} exited with code ${child.exitCode}`);
      if (await request('GET', '/status').then((s) => s.ready !== false, () => false)) break;
      if (Date.now() > deadline) throw new Error(`${command[0]} did not answer on ${port} within 20 s`);
      await sleep(100);
    }
    const session = await request('POST', '/session', { capabilities: { alwaysMatch: { ...capabilities, pageLoadStrategy: 'none' } } });
    const browser = new Browser(engine, options, request, session, messages, output, stopDriver);
    await browser.command('POST', '/timeouts', { script: 20_000, pageLoad: 30_000, implicit: 0 });
    await browser.setWindowSize(width, height);
    return browser;
  } catch (error) {
    await stopDriver();
    throw new Error(`${engine}: ${error.message}\n${output.slice(-20).join('\n')}`);
  }
}

class Browser {
  constructor(engine, options, request, session, messages, output, stopDriver) {
    this.engine = engine;
    this.options = options;
    // No document opened yet: the session holds nothing a test has done.
    this.fresh = true;
    this.request = request;
    this.id = session.sessionId;
    this.capabilities = session.capabilities;
    this.messages = messages;
    this.output = output;
    this.stopDriver = stopDriver;
  }

  /** The browser's name and version, e.g. "firefox 153.8.0". */
  get version() {
    return `${this.capabilities.browserName} ${this.capabilities.browserVersion}`;
  }

  command(method, url, body) {
    return this.request(method, `/session/${this.id}${url}`, body);
  }

  /** Replaces the browser by a new one launched as this one was (see `load`); the log is kept. */
  async restart() {
    const next = await launch(this.engine, this.options, this.messages);
    await this.quit();
    for (const key of ['request', 'id', 'capabilities', 'output', 'stopDriver']) this[key] = next[key];
  }

  async quit() {
    await Promise.race([this.command('DELETE', '').catch(() => {}), sleep(5000)]);
    await this.stopDriver();
  }

  /** The window's outer size (the page's viewport is smaller by the browser's own bars). */
  setWindowSize(width, height) { return this.command('POST', '/window/rect', { width, height }); }
  url() { return this.command('GET', '/url'); }

  /** Runs `fn` (a function) in the page with `args` and returns its value, awaited if a promise. */
  execute(fn, ...args) {
    return this.command('POST', '/execute/sync', { script: `return (${fn}).apply(null, arguments);`, args });
  }

  /**
   * Opens a new document by `navigate` (a WebDriver command: to a URL, back, reload), installs the
   * watch into it before the app starts, and waits for the app to take the page over
   * (`<html data-app>`) unless `app` is false. `before(browser)`, if given, runs as soon as the
   * watch is in: the prerendered page, before the app has started (when it returns false, the app
   * had started first, and the page is opened again). `allowLate` accepts a watch
   * installed after the app's start (a page the service worker answers at once): a mismatch still
   * fails, as the trap it is keeps the app from starting.
   */
  async load(navigate, { app = true, before, allowLate = false } = {}) {
    for (let attempt = 1, restarts = 0; ; attempt++) {
      await this.collect();
      await this.execute(() => { window.__khabarLeaving = true; }).catch(() => {});
      await navigate();
      // Polled without a pause: a page the service worker answers from its cache leaves little
      // time between its first paint and the app's start.
      let state;
      try {
        state = await this.waitFor(() => this.execute(watch), 'the new document', 30_000, 0);
      } catch (error) {
        // WebKitWebDriver now and then never answers a script sent while a fresh session's first
        // document is being replaced (more often on a loaded machine), and the session stays stuck.
        // Before the first document the session holds nothing of the test, so a new browser is
        // the same start: begin again in one, and say so. Any later hang fails the test.
        if (!this.fresh || !/no answer within/.test(error.message) || restarts === 2) throw error;
        restarts++;
        process.stderr.write(`# ${this.engine}: the driver hung on the first document (${error.message.split('\n')[0]}); a new browser, try ${restarts + 1}\n`);
        await this.restart();
        continue;
      }
      this.fresh = false;
      // Firefox's standard output has the whole console anyway; WebKit's watch must be early.
      const early = this.engine === 'webkit' && !allowLate;
      // How often it comes late depends on the machine's load: on a busy one, runs of 8 were seen.
      if (state.late && early && attempt < 20) continue;
      if (state.late && early) throw new Error(`${this.engine}: the app had started before the console could be watched, ${attempt} times`);
      // `before` answers false when the app had started by the time it looked: open again.
      if (before && (await before(this)) === false && attempt < 8) continue;
      if (app) await this.appStarted();
      return state;
    }
  }

  /** Opens `url` (see `load`). */
  open(url, options) {
    return this.load(() => this.command('POST', '/url', { url }), options);
  }

  /**
   * Reloads the page as a reader does (see `load`): `location.reload()`. Not WebDriver's refresh,
   * which in Firefox bypasses the service worker, as a forced reload does.
   */
  reload(options) {
    return this.load(() => this.execute(() => { setTimeout(() => location.reload()); }), options);
  }

  /** The browser's back button, within the app's document (history.back, then popstate). */
  back() { return this.command('POST', '/back', {}); }

  async findAll(selector) {
    const value = await this.command('POST', '/elements', { using: 'css selector', value: selector });
    return value.map((v) => v[ELEMENT]);
  }

  /** The first element matching `selector`, once there is one. */
  find(selector, timeoutMs) {
    return this.waitFor(() => this.findAll(selector).then((ids) => ids[0]), `an element ${selector}`, timeoutMs);
  }

  /** A real click (the driver scrolls the element into view and clicks its centre). */
  async click(selector) {
    const id = await this.find(selector);
    await this.command('POST', `/element/${id}/click`, {});
  }

  /** Types `text` into the element matching `selector` ('\uE007' is Enter). */
  async type(selector, text) {
    const id = await this.find(selector);
    await this.command('POST', `/element/${id}/value`, { text });
  }

  /** Presses a key in the focused element ('\uE007' is Enter). */
  async press(key) {
    await this.command('POST', '/actions', {
      actions: [{ type: 'key', id: 'keyboard', actions: [{ type: 'keyDown', value: key }, { type: 'keyUp', value: key }] }],
    });
    await this.command('DELETE', '/actions');
  }

  /** Polls `probe` (every `pauseMs`) until it returns a truthy value (returned), or fails after `timeoutMs`. */
  async waitFor(probe, what, timeoutMs = 10_000, pauseMs = 40) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
      try {
        last = await probe();
        if (last) return last;
      } catch (error) {
        last = error.message;
      }
      if (Date.now() > deadline) {
        const problems = await this.problems().catch(() => []);
        throw new Error(`${this.engine}: no ${what} within ${timeoutMs} ms (last: ${JSON.stringify(last)})` +
          (problems.length ? `\nlogged: ${problems.map((p) => p.text).join('\n')}` : ''));
      }
      await sleep(pauseMs);
    }
  }

  /** Polls the page's `fn(...args)` until it returns a truthy value. */
  until(fn, what, ...args) {
    return this.waitFor(() => this.execute(fn, ...args), what);
  }

  /** Waits until the app runs the page (`<html data-app>`, set once it has taken the page over). */
  appStarted(timeoutMs = 20_000) {
    return this.waitFor(() => this.execute(() => document.documentElement.hasAttribute('data-app')), 'app (<html data-app>)', timeoutMs);
  }

  /** Moves what the current document's watch has kept into `messages`. */
  async collect() {
    const log = await this.execute(() => (window.__khabarWatch ? window.__khabarWatch.log.splice(0) : [])).catch(() => []);
    this.messages.push(...log);
  }

  /** Where `problems` starts from: a mark taken now. */
  async mark() {
    await this.collect();
    return this.messages.length;
  }

  /** Errors and warnings logged since `from` (a mark), or since the session started. */
  async problems(from = 0) {
    await this.collect();
    return this.messages.slice(from);
  }

  /** Resolves after two animation frames and `ms`: what was changed before has been rendered. */
  settle(ms = 0) {
    return this.execute((wait) => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, wait)))), ms);
  }
}
