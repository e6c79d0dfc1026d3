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

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`cannot load ${src}`));
    document.head.append(script);
  });
}

// The local database and how to use it safely. The outbox is an in-memory SQLite database in the
// wasm core, and its image is saved in IndexedDB. Every tab holds its own copy, so two tabs writing
// in turn would overwrite each other's answers. Each use is therefore a transaction: under a Web
// Lock shared by the site's tabs, load the latest image, open it, do the work, save it, release.
async function openCore() {
  if (typeof window.createSadaCore !== 'function') await loadScript(`${base}sada-core.js`);
  const core = await window.createSadaCore({ locateFile: (file) => `${base}${file}` });
  const { call, takeBytes } = coreClient(core);
  const IMAGE_KEY = 'outbox';
  let images = null;
  try {
    images = await openImageStore();
  } catch (error) {
    console.info(`Sada: keeping answers in memory only (${error.message}); they are lost if the page closes before they are sent.`);
  }
  const open = (image) => {
    let opened = call('sada_outbox_open', image, image.length);
    if (!opened.ok && image.length > 0) {
      // An unreadable saved database must not break the page: start a new one.
      console.warn(`Sada: the saved local database could not be opened (${opened.error.message}); starting a new one.`);
      opened = call('sada_outbox_open', new Uint8Array(0), 0);
    }
    if (!opened.ok) throw new Error(opened.error.message);
  };
  const save = async () => {
    const image = call('sada_outbox_image');
    if (!image.ok) throw new Error(image.error.message);
    await images.put(IMAGE_KEY, takeBytes(image.pointer, image.size));
  };
  open(images ? await images.get(IMAGE_KEY).catch(() => new Uint8Array(0)) : new Uint8Array(0));

  const locks = navigator.locks;
  // transact(fn, {write}): runs fn() on the freshest copy; saves afterwards when it wrote.
  async function transact(fn, { write = true } = {}) {
    const work = async () => {
      if (images) {
        try {
          open(await images.get(IMAGE_KEY));
        } catch (error) {
          console.warn('Sada: could not read IndexedDB:', error);
        }
      }
      const result = fn();
      if (images && write) await save().catch((error) => console.warn('Sada: could not save to IndexedDB:', error));
      return result;
    };
    return locks && images ? locks.request('sada-outbox', work) : work();
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

  async function loadSurveys() {
    const cached = await transact(() => call('sada_surveys_get', state.config.site), { write: false });
    try {
      const response = await fetch(apiUrl('/surveys'), {
        credentials: 'omit', headers: cached.cached && cached.etag ? { 'If-None-Match': cached.etag } : {} });
      if (response.status === 200) {
        const body = await response.text();
        await transact(() => call('sada_surveys_put', state.config.site, response.headers.get('ETag') ?? '', body, Date.now()));
        return JSON.parse(body).surveys;
      }
      if (response.status !== 304) throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      if (!cached.cached) {
        emit('error', { reason: `surveys unavailable: ${error.message}` });
        return [];
      }
    }
    return cached.cached ? JSON.parse(cached.body).surveys : [];
  }

  // Asks core about every survey at this moment (with the throttle state every tab shares);
  // shows the first that may show.
  function consider(moment, extra = {}) {
    return decideAndShow(moment, extra).catch((error) => emit('error', { reason: error.message }));
  }

  async function decideAndShow(moment, extra) {
    if (state.showing) return;
    const decisions = await transact(() => state.surveys.map((survey) => call('sada_decide_show', survey, {
      moment, path: location.pathname, visitor: state.visitor, now_ms: Date.now(), shown_this_session: sessionShown(), ...extra })),
    { write: false });
    if (state.showing) return;
    for (const [index, survey] of state.surveys.entries()) {
      const decision = decisions[index];
      if (decision.ok && decision.verdict === 'show') {
        state.showing = true;
        setTimeout(() => run(survey).catch((error) => {
          state.showing = false;
          emit('error', { reason: error.message });
        }), decision.delay_ms);
        return;
      }
    }
  }

  // opener: 'visitor' when the visitor asked (Sada.show from a click), 'trigger' otherwise.
  async function run(survey, opener = 'trigger') {
    const loc = locale();
    const localized = call('sada_localize_survey', survey, loc);
    if (!localized.ok) throw new Error(localized.error.message);
    if (!widget) {
      widget = document.createElement('sada-widget');
      document.body.append(widget);
    }
    widget.setLocale(loc, localized.dir);
    widget.heading.textContent = localized.survey.title;
    widget.log.replaceChildren();
    markSessionShown();
    await transact(() => call('sada_throttle_record', survey.id, 'shown', Date.now()));
    widget.open({ focus: opener === 'visitor' });
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
    const response = {
      id: call('sada_new_response_id').id, survey_id: survey.id, survey_version: survey.version,
      submitted_at: new Date().toISOString(), answers,
      context: { page: location.pathname, device: deviceClass(), locale: loc, channel: 'web', visitor: state.visitor,
                 ...(stage() ? { stage: stage() } : {}),
                 ...(Object.keys(state.attributes).length ? { attributes: state.attributes } : {}) },
    };
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
      if (ready) return ready;  // once per page
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
    state.surveys = await loadSurveys();
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

  // Replay what the page called before this module arrived, then take the loader's place.
  const queued = loader?.q ?? [];
  window.Sada = { ...api, q: [], base };
  for (const [name, args, resolve, reject] of queued) {
    try {
      resolve(await api[name](...args));
    } catch (error) {
      reject(error);
    }
  }
}

start().catch((error) => console.error('Sada could not start:', error));
