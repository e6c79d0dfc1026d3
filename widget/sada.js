// The widget runtime, loaded by sada-loader.js when the browser is idle or a survey must show.
// It loads the wasm core, keeps the outbox in IndexedDB (or in memory when that is unavailable),
// fetches the site's surveys (cached for offline page loads), asks core when a survey shows,
// runs it in <sada-widget>, and delivers answers. Replaces the loader's queued API with the real one.
import { coreClient } from './core_client.mjs';
import { createDelivery } from './delivery.mjs';
import { openImageStore } from './image_store.mjs';
import { words } from './i18n.mjs';
import './panel.mjs';

const loader = window.Sada;
const base = loader?.base ?? new URL('.', import.meta.url).href;

// The local database and how to use it safely. The outbox is an in-memory SQLite database in the
// wasm core, and its image is saved in IndexedDB. Every tab holds its own copy, so two tabs writing
// in turn would overwrite each other's answers. Each use is therefore a transaction: under a Web
// Lock shared by the site's tabs (and a queue inside the tab), load the latest image, open it, do
// the work, save it, release. When IndexedDB fails (private mode, quota, a newer widget's schema),
// the widget goes on in memory for this page and says so; it never saves over data it could not read.
async function openCore() {
  const { default: createSadaCore } = await import(`${base}sada-core.mjs`);
  const core = await createSadaCore({ locateFile: (file) => `${base}${file}` });
  const { call, takeBytes } = coreClient(core);
  const IMAGE_KEY = 'outbox';
  const empty = new Uint8Array(0);
  let images = null;  // null: memory only
  const memoryOnly = (why) => {
    if (images) console.warn(`Sada: keeping answers in memory only (${why}); they are lost if the page closes before they are sent.`);
    images = null;
  };

  // Opens a saved image. A damaged one is set aside (key "outbox-damaged") and replaced by a new
  // outbox; one written by a newer widget is left alone and this page works in memory.
  const open = async (image) => {
    let opened = call('sada_outbox_open', image, image.length);
    if (!opened.ok && image.length > 0) {
      if (opened.error.code === 'schema_too_new') {
        memoryOnly('the saved outbox was written by a newer version of the widget');
      } else {
        console.warn(`Sada: the saved outbox could not be opened (${opened.error.message}); it is kept aside and a new one started.`);
        await images?.put(`${IMAGE_KEY}-damaged`, image).catch(() => {});
      }
      opened = call('sada_outbox_open', empty, 0);
    }
    if (!opened.ok) throw new Error(opened.error.message);
  };
  const save = async () => {
    const image = call('sada_outbox_image');
    if (!image.ok) throw new Error(image.error.message);
    const bytes = takeBytes(image.pointer, image.size);
    if (bytes.length === 0) throw new Error('the outbox image is empty');
    await images.put(IMAGE_KEY, bytes);
  };

  try {
    images = await openImageStore();
    await open(await images.get(IMAGE_KEY));
  } catch (error) {
    console.info(`Sada: keeping answers in memory only (${error.message}); they are lost if the page closes before they are sent.`);
    images = null;
    await open(empty);
  }

  const locks = navigator.locks;
  let queue = Promise.resolve();  // this tab's transactions, one after another
  // transact(fn, {write}): runs fn() on the freshest copy; saves afterwards when it wrote.
  function transact(fn, { write = true } = {}) {
    const work = async () => {
      if (images) {
        let image;
        try {
          image = await images.get(IMAGE_KEY);
        } catch (error) {
          memoryOnly(`IndexedDB could not be read: ${error.message}`);
        }
        if (image) await open(image);
      }
      const result = fn();
      if (images && write) {
        // Not saved means: this tab's memory holds the only copy from now on.
        await save().catch((error) => memoryOnly(`IndexedDB could not be written: ${error.message}`));
      }
      return result;
    };
    const run = queue.then(() => (locks && images ? locks.request('sada-outbox', work) : work()));
    queue = run.catch(() => {});
    return run;
  }
  return { call, transact };
}

function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function storedValue(storage, key, make) {
  try {
    let value = storage.getItem(key);
    if (!value) {
      value = make();
      storage.setItem(key, value);
    }
    return value;
  } catch {
    return make();  // storage blocked: this page load only
  }
}

function deviceClass() {
  const ua = navigator.userAgent;
  if (/iPad|Tablet/i.test(ua) || (/Android/i.test(ua) && !/Mobile/i.test(ua))) return 'tablet';
  return /Mobi|iPhone|Android/i.test(ua) ? 'mobile' : 'desktop';
}

async function start() {
  const { call, transact } = await openCore();
  const listeners = { submit: [], sync: [], error: [] };
  const emit = (event, detail) => listeners[event]?.forEach((fn) => { try { fn(detail); } catch (error) { console.error(error); } });
  const state = { config: null, surveys: [], attributes: {}, stage: null, showing: false,
                  visitor: storedValue(localStorage, 'sada:visitor', randomId) };
  let delivery = null;
  let widget = null;

  // The widget's language as a canonical tag ("en_US" -> "en-US", "FA" -> "fa"); English when
  // the page's value is not a language tag at all.
  const locale = () => {
    const wanted = String(state.config?.locale || document.documentElement.lang || 'en').replace(/_/g, '-');
    try {
      return Intl.getCanonicalLocales(wanted)[0] ?? 'en';
    } catch {
      return 'en';
    }
  };
  const sessionShown = () => { try { return sessionStorage.getItem('sada:shown') === '1'; } catch { return false; } };
  const markSessionShown = () => { try { sessionStorage.setItem('sada:shown', '1'); } catch { /* ignore */ } };
  const apiUrl = (path) => `${state.config.endpoint.replace(/\/$/, '')}/v1/sites/${encodeURIComponent(state.config.site)}${path}`;

  function stage() {
    if (state.stage) return state.stage;
    if (!state.config?.stages) return undefined;
    return call('sada_stage_for_path', state.config.stages, location.pathname).stage ?? undefined;
  }

  // The site's survey document ({surveys, messages}), fresh or from the cache when offline.
  async function loadSurveys() {
    const cached = await transact(() => call('sada_surveys_get', state.config.site), { write: false });
    try {
      const response = await fetch(apiUrl('/surveys'), {
        credentials: 'omit', headers: cached.cached && cached.etag ? { 'If-None-Match': cached.etag } : {} });
      if (response.status === 200) {
        const body = await response.text();
        await transact(() => call('sada_surveys_put', state.config.site, response.headers.get('ETag') ?? '', body, Date.now()));
        return JSON.parse(body);
      }
      if (response.status !== 304) throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      if (!cached.cached) {
        emit('error', { reason: `surveys unavailable: ${error.message}` });
        return { surveys: [], messages: false };
      }
    }
    return cached.cached ? JSON.parse(cached.body) : { surveys: [], messages: false };
  }

  // Asks core about every survey at this moment (with the throttle state every tab shares);
  // shows the first that may show.
  function consider(moment, extra = {}) {
    return decideAndShow(moment, extra).catch((error) => emit('error', { reason: error.message }));
  }

  async function decideAndShow(moment, extra) {
    // Never interrupt a visitor who has the panel open (typing a message, say).
    const panelOpen = () => widget && !widget.panel.hidden;
    if (state.showing || panelOpen()) return;
    const decide = (survey) => call('sada_decide_show', survey, {
      moment, path: location.pathname, visitor: state.visitor, now_ms: Date.now(), shown_this_session: sessionShown(), ...extra });
    const decisions = await transact(() => state.surveys.map(decide), { write: false });
    if (state.showing || panelOpen()) return;
    for (const [index, survey] of state.surveys.entries()) {
      const decision = decisions[index];
      if (decision.ok && decision.verdict === 'show') {
        state.showing = true;
        setTimeout(async () => {
          try {
            // Decided again when it shows, in the transaction that records the showing: another
            // tab may have shown it during the delay, or the visitor may have opened the panel.
            const go = !panelOpen() && await transact(() => {
              const again = decide(survey);
              if (!again.ok || again.verdict !== 'show') return false;
              return call('sada_throttle_record', survey.id, 'shown', Date.now()).ok;
            });
            if (go) await run(survey, 'trigger', { recorded: true });
            else state.showing = false;
          } catch (error) {
            state.showing = false;
            emit('error', { reason: error.message });
          }
        }, decision.delay_ms);
        return;
      }
    }
  }

  // The <sada-widget> element, made on first need: at start-up when the site accepts messages
  // (its launcher opens the message box), else when a survey first shows.
  function ensureWidget() {
    if (widget) return widget;
    widget = document.createElement('sada-widget');
    const loc = locale();
    const message = call('sada_localize_survey', call('sada_message_survey').survey, loc);
    widget.setLocale(loc, message.ok ? message.dir : 'ltr');
    if (state.messages && message.ok) {
      widget.enableMessages({ title: message.survey.title, question: message.survey.questions[0], send: sendMessage });
    }
    document.body.append(widget);
    return widget;
  }

  // What every answer and message carries besides its answers.
  function newResponse(surveyId, version, answers, loc) {
    return {
      id: call('sada_new_response_id').id, survey_id: surveyId, survey_version: version,
      submitted_at: new Date().toISOString(), answers,
      context: { page: location.pathname, device: deviceClass(), locale: loc, channel: 'web', visitor: state.visitor,
                 ...(stage() ? { stage: stage() } : {}),
                 ...(Object.keys(state.attributes).length ? { attributes: state.attributes } : {}) },
    };
  }

  // A visitor's message: into the outbox (saved) like an answer, then delivered. True once stored.
  async function sendMessage(text) {
    const { survey } = call('sada_message_survey');
    const message = newResponse(survey.id, survey.version, { [survey.questions[0].id]: text }, locale());
    const stored = await transact(() => call('sada_outbox_enqueue', message, Date.now()));
    if (!stored.ok) {
      emit('error', { reason: `the message could not be saved: ${stored.error.message}` });
      return false;
    }
    emit('submit', { id: message.id, survey_id: survey.id, message: true });
    delivery.deliver();
    return true;
  }

  // opener: 'visitor' when the visitor asked (Sada.show from a click), 'trigger' otherwise.
  // recorded: the showing is already in the throttle state.
  async function run(survey, opener = 'trigger', { recorded = false } = {}) {
    const loc = locale();
    const localized = call('sada_localize_survey', survey, loc);
    if (!localized.ok) throw new Error(localized.error.message);
    ensureWidget();
    widget.setLocale(loc, localized.dir);
    widget.heading.textContent = localized.survey.title;
    widget.log.replaceChildren();
    markSessionShown();
    if (!recorded) await transact(() => call('sada_throttle_record', survey.id, 'shown', Date.now()));
    widget.open({ focus: opener === 'visitor', composer: false });
    const answers = {};
    const asked = new Set();
    const required = new Set(localized.survey.questions.filter((q) => q.required).map((q) => q.id));
    let dismissed = false;
    for (;;) {
      const visible = call('sada_visible_questions', survey, answers).visible;
      const next = localized.survey.questions.find((q) => visible.includes(q.id) && !asked.has(q.id));
      if (!next) break;
      asked.add(next.id);
      const value = await widget.ask(next);
      if (value === undefined) {  // dismissed
        await transact(() => call('sada_throttle_record', survey.id, 'dismissed', Date.now()));
        state.showing = false;
        // Keep what was answered when every required question shown so far has its answer.
        const missingRequired = [...asked].some((id) => required.has(id) && !(id in answers));
        if (Object.keys(answers).length === 0 || missingRequired) return;
        dismissed = true;
        break;
      }
      if (value !== null) answers[next.id] = value;
    }
    const response = newResponse(survey.id, survey.version, answers, loc);
    // In the outbox, saved to IndexedDB, before "thank you".
    const stored = await transact(() => {
      const result = call('sada_outbox_enqueue', response, Date.now());
      if (result.ok) call('sada_throttle_record', survey.id, 'completed', Date.now());
      return result;
    });
    if (!stored.ok) throw new Error(`the answer could not be saved: ${stored.error.message}`);
    if (dismissed) {  // kept quietly: the visitor closed the panel
      emit('submit', { id: response.id, survey_id: survey.id, partial: true });
      delivery.deliver();
      return;
    }
    widget.finish(navigator.onLine === false ? words(loc).offline : words(loc).thanks);
    state.showing = false;
    emit('submit', { id: response.id, survey_id: survey.id });
    delivery.deliver();
  }

  let ready = null;  // init's work: the other methods wait for it
  const afterInit = async () => { if (ready) await ready.catch(() => {}); };
  const api = {
    init(config) {
      if (ready) {  // once per page
        if (config?.site !== state.config?.site) console.warn('Sada: init was already called on this page; this call is ignored.');
        return ready;
      }
      ready = initialize(config);
      return ready;
    },
    async show(surveyId) {
      await afterInit();
      const survey = state.surveys.find((s) => s.id === surveyId);
      if (!survey) throw new Error(`no survey "${surveyId}" for this site`);
      if (state.showing) return;
      state.showing = true;
      return run(survey, 'visitor');
    },
    async track(event) { await afterInit(); return consider('event', { event: String(event) }); },
    identify(attributes) { state.attributes = { ...state.attributes, ...attributes }; },
    setStage(value) { state.stage = value; },
    async pending() { await afterInit(); return transact(() => call('sada_outbox_count').pending, { write: false }); },
    // The id this browser's answers carry as context.visitor: a site keeps it with the customer's
    // account, so that an erasure request can name it (DELETE /v1/sites/{site}/visitors/{id}).
    async visitorId() { return state.visitor; },
    async flush() {
      await afterInit();
      return delivery ? delivery.deliver({ force: true }) : transact(() => call('sada_outbox_count').pending, { write: false });
    },
    on(event, fn) { if (listeners[event]) listeners[event].push(fn); },
  };

  async function initialize(config) {
    if (!config?.site) throw new Error('Sada.init needs {site, endpoint}');
    state.config = { endpoint: '', ...config };
    delivery = createDelivery({ call, transact, url: apiUrl('/responses'), emit });
    const pruned = await transact(() => call('sada_outbox_prune', Date.now()));
    const dropped = (pruned.expired?.length ?? 0) + (pruned.overflow?.length ?? 0);
    if (dropped > 0) console.warn(`Sada: ${dropped} unsent answer(s) were too old or too many for the outbox and were dropped.`);
    const served = await loadSurveys();
    state.surveys = served.surveys ?? [];
    state.messages = served.messages === true && ![false, 'off', 'false'].includes(config.messages);
    if (state.messages) ensureWidget();
    delivery.deliver({ force: true });  // sending resumes on page load, online and visibility
    consider('page_load');
    addEventListener('online', () => delivery.deliver({ force: true }));
    document.addEventListener('visibilitychange', () => (document.hidden ? delivery.beacon() : delivery.deliver({ force: true })));
    let deepest = 0;
    addEventListener('scroll', () => {
      const height = document.documentElement.scrollHeight - innerHeight;
      const percent = height > 0 ? Math.round((scrollY / height) * 100) : 100;
      if (percent > deepest + 4) {
        deepest = percent;
        consider('scroll', { scroll_percent: percent });
      }
    }, { passive: true });
    document.addEventListener('mouseout', (event) => {
      if (!event.relatedTarget && event.clientY <= 0) consider('exit_intent');
    });
  }

  // Replay what the page called before this module arrived, in order, then take the loader's
  // place. Each call settles on its own: a show() that waits for the visitor holds up nothing.
  const queued = loader?.q ?? [];
  window.Sada = { ...api, q: [], base };
  for (const [name, args, resolve, reject] of queued) {
    try {
      Promise.resolve(api[name](...args)).then(resolve, reject);
    } catch (error) {
      reject(error);
    }
  }
}

start().catch((error) => {
  console.error('Sada could not start:', error);
  // Calls made so far, and from now on, fail with the reason instead of waiting forever.
  const failure = () => Promise.reject(new Error(`Sada could not start: ${error.message}`));
  for (const [, , , reject] of window.Sada?.q ?? []) reject(new Error(`Sada could not start: ${error.message}`));
  window.Sada = { init: failure, show: failure, track: failure, pending: failure, flush: failure, visitorId: failure,
                  identify() {}, setStage() {}, on() {}, q: [], base };
});
