/// <reference lib="dom" />
/**
 * The review page: the queue with filters, one clause side by side in every language with the evidence and a
 * word diff against the closest edition, and decisions with a note. Talks to the API on the same origin.
 */
import { authHeaders, forgetToken } from './auth.ts';
import {
  closestEdition,
  DEFAULT_FILTERS,
  type Filters,
  filtersFromSearch,
  highlight,
  KINDS,
  keyAction,
  moveSelection,
  queueUrl,
  STATUSES,
  searchFromFilters,
  termsFor,
  wordDiff,
} from './logic.ts';

interface Flag {
  id: string;
  charter: string;
  clause: string;
  langs: string[];
  kind: string;
  severity: 'high' | 'medium' | 'low';
  reason: string;
  evidence: {
    actual: string[];
    expected: string[];
    comparedWith: string[];
    score?: { value: number; limit: number };
  };
  status: string;
  revision: number;
  resolvedAt?: string;
  history: Array<{
    status: string;
    by: string;
    at: string;
    note: string;
    correctedText?: string;
    lang?: string;
  }>;
}

interface ClauseView {
  charter: string;
  clauseId: string;
  languages: Record<
    string,
    { text: string; confidence: number; quality?: number | null; unknownWords?: string[] }
  >;
  reviewed: Record<string, { text: string; by: string; at: string }>;
  flags: Flag[];
}

interface CharterSummary {
  charter: string;
  editions: Array<{ lang: string; version: number }>;
}

type Decision = 'accept' | 'dismiss' | 'correct' | 'reopen';

const state = {
  filters: filtersFromSearch(location.search) as Filters,
  flags: [] as Flag[],
  cursor: null as string | null,
  selected: -1,
  clause: null as ClauseView | null,
  decision: null as Decision | null,
  loadToken: 0,
};

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const queueList = byId<HTMLOListElement>('queue-list');
const queueStatus = byId<HTMLParagraphElement>('queue-status');
const moreButton = byId<HTMLButtonElement>('more');
const detail = byId<HTMLElement>('detail');
const reviewer = byId<HTMLInputElement>('reviewer');
const selects = {
  charter: byId<HTMLSelectElement>('f-charter'),
  lang: byId<HTMLSelectElement>('f-lang'),
  kind: byId<HTMLSelectElement>('f-kind'),
  status: byId<HTMLSelectElement>('f-status'),
};

/** Creates an element with attributes and children. */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: Array<Node | string | null | undefined | false>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const send = async () =>
    fetch(path, {
      ...init,
      headers: { 'content-type': 'application/json', ...(await authHeaders()), ...init?.headers },
    });
  let response = await send();
  // An expired or revoked token: sign in again once.
  if (response.status === 401) {
    forgetToken();
    response = await send();
  }
  const body = (await response.json().catch(() => ({}))) as { error?: string; issues?: string[] };
  if (!response.ok) {
    const issues = body.issues?.length ? `: ${body.issues.join('; ')}` : '';
    throw new ApiError(response.status, `${body.error ?? response.statusText}${issues}`);
  }
  return body as T;
}

function fillSelect(select: HTMLSelectElement, values: readonly string[], current: string) {
  const first = select.options[0];
  select.replaceChildren(...(first ? [first] : []), ...values.map((v) => el('option', { value: v }, v)));
  if (current && !values.includes(current)) select.append(el('option', { value: current }, current));
  select.value = current;
}

async function loadFilters() {
  fillSelect(selects.kind, KINDS, state.filters.kind);
  fillSelect(selects.status, STATUSES, state.filters.status);
  try {
    const { charters } = await api<{ charters: CharterSummary[] }>('/charters');
    fillSelect(
      selects.charter,
      charters.map((c) => c.charter),
      state.filters.charter,
    );
    // Languages with a current version (an upload that only ever failed has none).
    const langs = charters.flatMap((c) => c.editions.filter((e) => e.version > 0).map((e) => e.lang));
    fillSelect(selects.lang, [...new Set(langs)].sort(), state.filters.lang);
  } catch (error) {
    // Keep the filters the URL asked for.
    fillSelect(selects.charter, [], state.filters.charter);
    fillSelect(selects.lang, [], state.filters.lang);
    queueStatus.textContent = `Could not list charters: ${(error as Error).message}`;
  }
}

function readFilters(): Filters {
  return {
    charter: selects.charter.value,
    lang: selects.lang.value,
    kind: selects.kind.value,
    status: selects.status.value,
  };
}

async function loadQueue(append = false) {
  const token = ++state.loadToken;
  queueStatus.textContent = 'Loading…';
  try {
    const page = await api<{ flags: Flag[]; cursor: string | null }>(
      queueUrl(state.filters, append ? state.cursor : null),
    );
    if (token !== state.loadToken) return;
    state.flags = append ? [...state.flags, ...page.flags] : page.flags;
    state.cursor = page.cursor;
    if (!append) state.selected = -1;
    renderQueue();
    if (!append && state.flags.length > 0) await select(0);
    if (!append && state.flags.length === 0) {
      state.clause = null;
      detail.replaceChildren(el('p', { class: 'hint' }, 'Nothing in the queue for these filters.'));
    }
  } catch (error) {
    if (token === state.loadToken)
      queueStatus.textContent = `Could not load the queue: ${(error as Error).message}`;
  }
}

function renderQueue() {
  const count = state.flags.length;
  queueStatus.textContent = `${count}${state.cursor ? '+' : ''} flag${count === 1 ? '' : 's'}`;
  moreButton.hidden = !state.cursor;
  queueList.replaceChildren(
    ...state.flags.map((flag, index) => {
      const item = el(
        'li',
        { 'data-id': flag.id, 'aria-selected': String(index === state.selected), role: 'option' },
        el(
          'div',
          { class: 'meta' },
          el('span', { class: `sev sev-${flag.severity}` }, flag.severity),
          el('strong', {}, flag.clause),
          el('span', {}, flag.langs.join(', ')),
          el('span', {}, flag.kind),
          el('span', { class: `status status-${flag.status}` }, flag.status),
        ),
        el('div', { class: 'reason' }, flag.reason),
      );
      item.addEventListener('click', () => void select(index));
      return item;
    }),
  );
  queueList.setAttribute('role', 'listbox');
}

/** Opens the flag at `index`; re-selecting the open flag does nothing unless `reload` (so typing is kept). */
async function select(index: number, reload = false) {
  if (index < 0 || index >= state.flags.length) return;
  if (!reload && index === state.selected && state.clause?.clauseId === state.flags[index]!.clause) return;
  state.selected = index;
  state.decision = null;
  for (const [i, item] of [...queueList.children].entries())
    item.setAttribute('aria-selected', String(i === index));
  queueList.children[index]?.scrollIntoView({ block: 'nearest' });
  const flag = state.flags[index]!;
  const token = ++state.loadToken;
  try {
    state.clause = await api<ClauseView>(
      `/charters/${encodeURIComponent(flag.charter)}/clauses/${encodeURIComponent(flag.clause)}`,
    );
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    state.clause = {
      charter: flag.charter,
      clauseId: flag.clause,
      languages: {},
      reviewed: {},
      flags: [flag],
    };
  }
  if (token !== state.loadToken) return;
  const fresh = state.clause.flags.find((f) => f.id === flag.id);
  if (fresh) state.flags[index] = fresh;
  renderDetail();
}

function renderText(text: string, terms: string[], changed: Set<number>) {
  return el(
    'p',
    {},
    ...highlight(text, terms, changed).map((segment) => {
      if (segment.evidence)
        return el('mark', { class: segment.changed ? 'evidence changed' : 'evidence' }, segment.text);
      if (segment.changed) return el('span', { class: 'changed' }, segment.text);
      return segment.text;
    }),
  );
}

/**
 * The text quality beside the confidence: how readable the stored text is in its language, not how sure the
 * aligner is. `unknown` for a language without a lexicon; the unreadable words in the tooltip.
 */
function qualityLabel({ quality, unknownWords }: ClauseView['languages'][string]) {
  if (typeof quality !== 'number') return el('small', { class: 'quality' }, 'text quality unknown');
  const band = quality >= 0.95 ? 'good' : quality >= 0.8 ? 'fair' : 'poor';
  const title = unknownWords?.length
    ? `words the lexicon does not know: ${unknownWords.join(', ')}`
    : undefined;
  return el('small', { class: `quality quality-${band}`, title }, `text quality ${quality.toFixed(2)}`);
}

function renderDetail() {
  const flag = state.flags[state.selected];
  const clause = state.clause;
  if (!flag || !clause) return;
  const texts = Object.fromEntries(Object.entries(clause.languages).map(([lang, v]) => [lang, v.text]));
  const langs = [...new Set([...Object.keys(texts), ...flag.langs])].sort();
  const columns = langs.map((lang) => {
    const text = texts[lang];
    const flagged = flag.langs.includes(lang);
    const closest = flagged && text ? closestEdition(lang, texts) : null;
    const changed = closest ? wordDiff(text!, texts[closest]!) : new Set<number>();
    const reviewed = clause.reviewed[lang];
    return el(
      'article',
      { class: flagged ? 'column flagged' : 'column', 'data-lang': lang },
      el(
        'h3',
        {},
        lang,
        flagged ? el('small', {}, closest ? `flagged · diff against ${closest}` : 'flagged') : null,
        text !== undefined
          ? el('small', {}, `confidence ${clause.languages[lang]!.confidence.toFixed(2)}`)
          : null,
        text !== undefined ? qualityLabel(clause.languages[lang]!) : null,
      ),
      text !== undefined
        ? renderText(text, termsFor(flag, lang), changed)
        : el('p', { class: 'missing' }, 'No text for this clause in this edition.'),
      reviewed
        ? el(
            'div',
            { class: 'reviewed' },
            el('small', {}, `reviewed text by ${reviewed.by}, ${reviewed.at.slice(0, 10)}`),
            el('p', {}, reviewed.text),
          )
        : null,
    );
  });
  const score = flag.evidence.score;
  const parts: Array<Node | null> = [
    el('h2', {}, `${flag.clause} · ${flag.kind}`),
    el(
      'p',
      {},
      el('span', { class: `sev sev-${flag.severity}` }, flag.severity),
      ' ',
      el('span', { class: `status status-${flag.status}`, id: 'flag-status' }, flag.status),
      flag.resolvedAt ? el('small', {}, ` · no longer detected since ${flag.resolvedAt.slice(0, 10)}`) : null,
      ' ',
      flag.reason,
    ),
    el(
      'div',
      { class: 'evidence-list' },
      evidenceLine('here', flag.evidence.actual),
      evidenceLine(`in ${flag.evidence.comparedWith.join(', ') || 'the others'}`, flag.evidence.expected),
      score
        ? el('div', {}, `measured ${score.value.toFixed(3)} against a limit of ${score.limit.toFixed(3)}`)
        : null,
    ),
    el('div', { class: 'columns' }, ...columns),
    otherFlags(flag, clause),
    flag.history.length
      ? el(
          'ol',
          { class: 'history', 'aria-label': 'History' },
          ...flag.history.map((h) =>
            el('li', {}, `${h.at.replace('T', ' ').slice(0, 16)} ${h.status} by ${h.by}: ${h.note}`),
          ),
        )
      : null,
    decisionForm(flag, texts),
  ];
  detail.replaceChildren(...parts.filter((part): part is Node => part !== null));
}

function evidenceLine(label: string, values: string[]) {
  if (values.length === 0) return null;
  return el('div', {}, `${label}: `, ...values.flatMap((v, i) => [i ? ', ' : '', el('code', {}, v)]));
}

function otherFlags(flag: Flag, clause: ClauseView) {
  const others = clause.flags.filter((f) => f.id !== flag.id);
  if (others.length === 0) return null;
  return el(
    'p',
    { class: 'evidence-list' },
    'Also on this clause: ',
    ...others.flatMap((f, i) => {
      const label = `${f.kind} (${f.langs.join(', ')}, ${f.status})`;
      const index = state.flags.findIndex((q) => q.id === f.id);
      if (index < 0) return [i ? '; ' : '', label];
      // Flags in the queue open from here.
      const link = el('a', { href: `#${encodeURIComponent(f.id)}`, 'data-flag': f.id }, label);
      link.addEventListener('click', (event) => {
        event.preventDefault();
        void select(index);
      });
      return [i ? '; ' : '', link];
    }),
  );
}

function decisionForm(flag: Flag, texts: Record<string, string>) {
  const choices: Array<[Decision, string]> = [
    ['accept', 'Accept (a)'],
    ['dismiss', 'Dismiss (d)'],
    ['correct', 'Correct (c)'],
  ];
  if (flag.status !== 'open') choices.push(['reopen', 'Reopen']);
  const note = el('textarea', { id: 'note', name: 'note', placeholder: 'Why? (required)', required: true });
  const langSelect = el(
    'select',
    { id: 'correct-lang', name: 'lang' },
    ...flag.langs.map((lang) => el('option', { value: lang }, lang)),
  );
  const corrected = el('textarea', {
    id: 'corrected',
    name: 'correctedText',
    placeholder: 'Corrected clause text',
  });
  corrected.value = texts[flag.langs[0]!] ?? '';
  langSelect.addEventListener('change', () => {
    corrected.value = texts[langSelect.value] ?? '';
  });
  const correctBox = el(
    'div',
    { id: 'correct-box', hidden: state.decision !== 'correct' },
    flag.langs.length > 1 ? el('label', {}, 'Language ', langSelect) : null,
    corrected,
  );
  const message = el('p', { id: 'decision-message', role: 'status' });
  const buttons = choices.map(([decision, label]) => {
    const button = el(
      'button',
      { type: 'button', 'data-decision': decision, 'aria-pressed': String(state.decision === decision) },
      label,
    );
    button.addEventListener('click', () => choose(decision));
    return button;
  });
  const save = el('button', { type: 'submit', id: 'save' }, 'Save decision (Ctrl+Enter)');
  const form = el(
    'form',
    { id: 'decision', 'aria-label': 'Decision' },
    el('div', { class: 'choices' }, ...buttons),
    el('label', { for: 'note' }, 'Note'),
    note,
    correctBox,
    el('div', {}, save),
    message,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitDecision(flag, {
      note: note.value,
      correctedText: corrected.value,
      lang: flag.langs.length > 1 ? langSelect.value : undefined,
      message,
    });
  });
  return form;
}

function choose(decision: Decision) {
  state.decision = decision;
  for (const button of detail.querySelectorAll<HTMLButtonElement>('[data-decision]')) {
    button.setAttribute('aria-pressed', String(button.dataset.decision === decision));
  }
  const box = document.getElementById('correct-box');
  if (box) box.hidden = decision !== 'correct';
  document.getElementById('note')?.focus();
}

async function submitDecision(
  flag: Flag,
  input: { note: string; correctedText: string; lang?: string; message: HTMLElement },
) {
  const show = (text: string, kind: 'error' | 'notice') => {
    input.message.textContent = text;
    input.message.className = kind;
  };
  if (!state.decision) return show('Choose accept, dismiss or correct first (a / d / c).', 'error');
  const by = reviewer.value.trim();
  if (!by) {
    reviewer.focus();
    return show('Say who you are (Reviewer, top right) before deciding.', 'error');
  }
  localStorage.setItem('charter-reviewer', by);
  const body = {
    decision: state.decision,
    note: input.note,
    by,
    revision: flag.revision,
    ...(state.decision === 'correct' ? { correctedText: input.correctedText, lang: input.lang } : {}),
  };
  try {
    const { flag: saved } = await api<{ flag: Flag }>(`/reviews/${encodeURIComponent(flag.id)}`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    const index = state.flags.findIndex((f) => f.id === saved.id);
    if (index >= 0) state.flags[index] = saved;
    state.decision = null;
    renderQueue();
    await select(index, true);
    const message = document.getElementById('decision-message');
    if (message) {
      message.textContent = `Saved: ${saved.status}.`;
      message.className = 'notice';
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) {
      show(
        'This flag changed since you opened it (another decision or a re-ingest). Reloaded: look again.',
        'error',
      );
      const index = state.flags.findIndex((f) => f.id === flag.id);
      const { flag: current } = await api<{ flag: Flag }>(`/reviews/${encodeURIComponent(flag.id)}`);
      if (index >= 0) state.flags[index] = current;
      renderQueue();
      return;
    }
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      show(
        'Not saved: this deployment takes decisions as signed (IAM) requests only; use `charter review accept|dismiss|correct` with AWS credentials.',
        'error',
      );
      return;
    }
    show(`Not saved: ${(error as Error).message}`, 'error');
  }
}

function onKey(event: KeyboardEvent) {
  const target = event.target as HTMLElement | null;
  const typing = Boolean(target?.closest('input, textarea, select, [contenteditable]'));
  const action = keyAction(event.key, {
    typing,
    ctrl: event.ctrlKey,
    meta: event.metaKey,
    alt: event.altKey,
  });
  if (!action) return;
  event.preventDefault();
  switch (action) {
    case 'next':
      // At the end of the loaded queue, the next page comes first.
      if (state.selected === state.flags.length - 1 && state.cursor) {
        void loadQueue(true).then(() => select(moveSelection(state.selected, 1, state.flags.length)));
      } else {
        void select(moveSelection(state.selected, 1, state.flags.length));
      }
      break;
    case 'previous':
      void select(moveSelection(state.selected, -1, state.flags.length));
      break;
    case 'accept':
    case 'dismiss':
    case 'correct':
      if (state.selected >= 0) choose(action);
      break;
    case 'search':
      selects.charter.focus();
      break;
    case 'cancel':
      state.decision = null;
      (document.activeElement as HTMLElement | null)?.blur();
      if (state.selected >= 0) renderDetail();
      break;
    case 'submit':
      document.querySelector<HTMLFormElement>('form#decision')?.requestSubmit();
      break;
  }
}

function start() {
  reviewer.value = localStorage.getItem('charter-reviewer') ?? '';
  document.getElementById('filters')?.addEventListener('change', () => {
    state.filters = readFilters();
    history.replaceState(null, '', `${location.pathname}${searchFromFilters(state.filters)}`);
    void loadQueue();
  });
  moreButton.addEventListener('click', () => void loadQueue(true));
  document.addEventListener('keydown', onKey);
  void loadFilters().then(() => {
    state.filters = { ...DEFAULT_FILTERS, ...readFilters() };
    return loadQueue();
  });
}

start();
