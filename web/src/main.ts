/// <reference lib="dom" />
/**
 * The review page: the queue grouped by finding (one item per difference, with its places), one clause side by
 * side in every language with the evidence highlighted (no word diff between languages), the correction shown
 * as a diff against its OCR text, and decisions with a note, each explained in one line. After a decision the
 * page moves on to the next item. Talks to the API on the same origin.
 */
import { type FlagGroup, groupFlags } from '../../functions/core/reviews/group.ts';
import { authHeaders, forgetToken } from './auth.ts';
import {
  correctionDiff,
  DECISION_MEANING,
  DEFAULT_FILTERS,
  evidenceTermsOf,
  type Filters,
  filtersFromSearch,
  highlight,
  KINDS,
  keyAction,
  moveSelection,
  queueUrl,
  STATUSES,
  searchFromFilters,
} from './logic.ts';

type Flag = FlagGroup['flags'][number];

interface ServedText {
  text: string;
  confidence: number;
  quality?: number | null;
  unknownWords?: string[];
  status?: 'aligned' | 'reviewed';
  reviewed?: { by: string; at: string; flagId: string; ocrText: string | null };
}

interface ClauseView {
  charter: string;
  clauseId: string;
  languages: Record<string, ServedText>;
  reviewed: Record<
    string,
    { text: string; by: string; at: string; ocrText?: string | null; inForce?: boolean }
  >;
  flags: Flag[];
}

interface CharterSummary {
  charter: string;
  editions: Array<{ lang: string; version: number }>;
}

type Decision = 'accept' | 'dismiss' | 'correct' | 'reopen';

/** Most flags the queue loads for one set of filters (pages of 200). */
const MAX_FLAGS = 2000;

const state = {
  filters: filtersFromSearch(location.search) as Filters,
  flags: [] as Flag[],
  groups: [] as FlagGroup[],
  /** Index of the open group, -1 for none. */
  group: -1,
  /** The flag of the open group shown. */
  flagId: null as string | null,
  clause: null as ClauseView | null,
  decision: null as Decision | null,
  loadToken: 0,
};

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const queueList = byId<HTMLOListElement>('queue-list');
const queueStatus = byId<HTMLParagraphElement>('queue-status');
const pageStatus = byId<HTMLParagraphElement>('page-status');
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

/** Loads every flag the filters select (a few pages), groups them by finding, and opens the first item. */
async function loadQueue(keep?: { group: number }) {
  const token = ++state.loadToken;
  queueStatus.textContent = 'Loading…';
  try {
    const flags: Flag[] = [];
    let cursor: string | null = null;
    do {
      const page: { flags: Flag[]; cursor: string | null } = await api(queueUrl(state.filters, cursor, 200));
      flags.push(...page.flags);
      cursor = page.cursor;
    } while (cursor && flags.length < MAX_FLAGS);
    if (token !== state.loadToken) return;
    state.flags = flags;
    regroup();
    renderQueue();
    const next = Math.min(keep?.group ?? 0, state.groups.length - 1);
    if (next >= 0) await openGroup(next);
    else {
      state.group = -1;
      state.clause = null;
      detail.replaceChildren(el('p', { class: 'hint' }, 'Nothing in the queue for these filters.'));
    }
  } catch (error) {
    if (token === state.loadToken)
      queueStatus.textContent = `Could not load the queue: ${(error as Error).message}`;
  }
}

function regroup() {
  state.groups = groupFlags(state.flags);
}

function groupTitle(group: FlagGroup): string {
  if (group.flags.length === 1) return group.flags[0]!.reason;
  const tokens = group.tokens.filter((t) => t.length <= 40).slice(0, 5);
  const what = tokens.length
    ? `: ${tokens.join(', ')}${group.tokens.length > tokens.length ? ', …' : ''}`
    : '';
  return `${group.kind}${what}`;
}

function placeLabel(place: FlagGroup['places'][number]): string {
  return `${place.clause} (${place.langs.join(', ')})`;
}

function renderQueue() {
  const groups = state.groups.length;
  const flags = state.flags.length;
  queueStatus.textContent = `${groups} item${groups === 1 ? '' : 's'} (${flags} flag${flags === 1 ? '' : 's'})`;
  queueList.replaceChildren(
    ...state.groups.map((group, index) => {
      const first = group.flags[0]!;
      const places = group.places.length;
      const button = el(
        'button',
        {
          type: 'button',
          class: 'item',
          'aria-current': index === state.group ? 'true' : undefined,
        },
        el(
          'span',
          { class: 'meta' },
          el('span', { class: `sev sev-${group.severity}` }, group.severity),
          el('span', { class: 'kind' }, group.kind),
          el('span', {}, places === 1 ? placeLabel(group.places[0]!) : `${places} places`),
          el('span', { class: `status status-${first.status}` }, first.status),
        ),
        el('span', { class: 'reason' }, groupTitle(group)),
      );
      button.addEventListener('click', () => void openGroup(index));
      return el('li', { 'data-group': group.id, 'data-id': first.id, 'data-places': String(places) }, button);
    }),
  );
}

/** Opens item `index` at its first open flag (or `flagId` when given). */
async function openGroup(index: number, flagId?: string) {
  const group = state.groups[index];
  if (!group) return;
  state.group = index;
  const flag =
    (flagId && group.flags.find((f) => f.id === flagId)) ||
    group.flags.find((f) => f.status === 'open') ||
    group.flags[0]!;
  for (const [i, item] of [...queueList.children].entries()) {
    const button = item.querySelector('button');
    if (i === index) button?.setAttribute('aria-current', 'true');
    else button?.removeAttribute('aria-current');
  }
  queueList.children[index]?.scrollIntoView({ block: 'nearest' });
  await openFlag(flag);
}

async function openFlag(flag: Flag) {
  state.flagId = flag.id;
  state.decision = null;
  const token = ++state.loadToken;
  let clause: ClauseView;
  try {
    clause = await api<ClauseView>(
      `/charters/${encodeURIComponent(flag.charter)}/clauses/${encodeURIComponent(flag.clause)}`,
    );
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    clause = { charter: flag.charter, clauseId: flag.clause, languages: {}, reviewed: {}, flags: [flag] };
  }
  if (token !== state.loadToken) return;
  state.clause = clause;
  const fresh = clause.flags.find((f) => f.id === flag.id);
  if (fresh) replaceFlag(fresh);
  renderDetail();
}

function replaceFlag(flag: Flag) {
  const index = state.flags.findIndex((f) => f.id === flag.id);
  if (index >= 0) state.flags[index] = flag;
  for (const group of state.groups) {
    const at = group.flags.findIndex((f) => f.id === flag.id);
    if (at >= 0) group.flags[at] = flag;
  }
}

function currentFlag(): Flag | undefined {
  return state.groups[state.group]?.flags.find((f) => f.id === state.flagId);
}

function renderText(text: string, terms: string[]) {
  return el(
    'p',
    {},
    ...highlight(text, terms).map((segment) =>
      segment.evidence ? el('mark', { class: 'evidence' }, segment.text) : segment.text,
    ),
  );
}

/** The correction against the OCR text it replaced, in the same language: removed and added runs marked. */
function renderDiff(ocr: string, corrected: string) {
  return el(
    'p',
    { class: 'diff' },
    ...correctionDiff(ocr, corrected).map((part) =>
      part.op === 'same' ? part.text : el(part.op === 'added' ? 'ins' : 'del', { class: part.op }, part.text),
    ),
  );
}

/**
 * The text quality beside the confidence: how readable the stored text is in its language, not how sure the
 * aligner is. `unknown` for a language without a lexicon; the unreadable words in the tooltip.
 */
function qualityLabel({ quality, unknownWords, status }: ServedText) {
  if (status === 'reviewed') return el('small', { class: 'quality' }, 'reviewed text');
  if (typeof quality !== 'number') return el('small', { class: 'quality' }, 'text quality unknown');
  const band = quality >= 0.95 ? 'good' : quality >= 0.8 ? 'fair' : 'poor';
  const title = unknownWords?.length
    ? `words the lexicon does not know: ${unknownWords.join(', ')}`
    : undefined;
  return el('small', { class: `quality quality-${band}`, title }, `text quality ${quality.toFixed(2)}`);
}

function renderDetail() {
  const group = state.groups[state.group];
  const flag = currentFlag();
  const clause = state.clause;
  if (!group || !flag || !clause) return;
  const texts = Object.fromEntries(Object.entries(clause.languages).map(([lang, v]) => [lang, v.text]));
  // The flagged editions first, so the column under review is in view on a narrow screen.
  const langs = [...new Set([...flag.langs, ...Object.keys(texts).sort()])];
  const terms = evidenceTermsOf(flag);
  const columns = langs.map((lang) => {
    const served = clause.languages[lang];
    const flagged = flag.langs.includes(lang);
    return el(
      'article',
      { class: flagged ? 'column flagged' : 'column', 'data-lang': lang },
      el(
        'h3',
        {},
        lang,
        flagged ? el('small', { class: 'flag-mark' }, 'flagged') : null,
        served ? el('small', {}, `confidence ${served.confidence.toFixed(2)}`) : null,
        served ? qualityLabel(served) : null,
      ),
      served
        ? renderText(served.text, terms)
        : el(
            'p',
            { class: flagged ? 'missing evidence-gap' : 'missing' },
            'No text for this clause in this edition.',
          ),
      served?.reviewed
        ? el(
            'div',
            { class: 'reviewed' },
            el(
              'small',
              {},
              `Corrected by ${served.reviewed.by}, ${served.reviewed.at.slice(0, 10)}. Against the OCR text:`,
            ),
            renderDiff(served.reviewed.ocrText ?? '', served.text),
          )
        : null,
    );
  });
  const score = flag.evidence.score;
  const places =
    group.flags.length > 1
      ? el(
          'nav',
          { class: 'places', 'aria-label': 'Places of this finding' },
          el('span', {}, `${group.flags.length} places: `),
          ...group.places.map((place) => {
            const button = el(
              'button',
              {
                type: 'button',
                'data-flag': place.flagId,
                'aria-current': place.flagId === flag.id ? 'true' : undefined,
              },
              placeLabel(place),
            );
            button.addEventListener('click', () => {
              const target = group.flags.find((f) => f.id === place.flagId);
              if (target) void openFlag(target);
            });
            return button;
          }),
        )
      : null;
  const parts: Array<Node | null> = [
    el('h2', { tabindex: '-1', id: 'detail-title' }, `${flag.clause} · ${flag.kind}`),
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
    places,
    flag.kind === 'held-back-candidate'
      ? el(
          'div',
          { class: 'evidence-list' },
          el('small', {}, 'Held back by the quality gate because:'),
          el('ul', {}, ...flag.evidence.actual.map((reason) => el('li', {}, reason))),
          promoteControl(flag),
        )
      : flag.kind === 'stale-correction'
        ? el(
            'div',
            { class: 'reviewed' },
            el('small', {}, 'The new OCR text against the old correction (same language):'),
            renderDiff(flag.evidence.expected[0] ?? '', flag.evidence.actual[0] ?? ''),
          )
        : el(
            'div',
            { class: 'evidence-list' },
            evidenceLine(flag.langs.join(', '), flag.evidence.actual, 'has'),
            evidenceLine(
              flag.evidence.comparedWith.join(', ') || 'the others',
              flag.evidence.expected,
              'has',
            ),
            score
              ? el(
                  'div',
                  {},
                  `measured ${score.value.toFixed(3)} against a limit of ${score.limit.toFixed(3)}`,
                )
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
    decisionForm(flag, group, clause),
  ];
  detail.replaceChildren(...parts.filter((part): part is Node => part !== null));
  detail.dataset.flag = flag.id;
}

/**
 * For an open held-back-candidate flag: a button that makes the candidate current (the API's promote route, as
 * `charter edition promote` does); the flag then closes as promoted.
 */
function promoteControl(flag: Flag) {
  const version = Number(/^version-(\d+)$/.exec(flag.clause)?.[1]);
  const lang = flag.langs[0];
  if (flag.status !== 'open' || !version || !lang) return null;
  const message = el('p', { id: 'promote-message', role: 'status' });
  const button = el(
    'button',
    { type: 'button', id: 'promote' },
    `Promote version ${version}: make it current`,
  );
  button.addEventListener('click', async () => {
    try {
      const promoted = await api<{ version: number; from: number }>(
        `/charters/${encodeURIComponent(flag.charter)}/editions/${encodeURIComponent(lang)}/promote`,
        { method: 'POST', body: JSON.stringify({ version }) },
      );
      const { flag: current } = await api<{ flag: Flag }>(`/reviews/${encodeURIComponent(flag.id)}`);
      await advance(
        [current],
        `Promoted: ${lang} version ${promoted.from} is the current version, as version ${promoted.version}.`,
      );
    } catch (error) {
      await reportFailure(error, flag, message);
    }
  });
  return el('div', { class: 'actions' }, button, message);
}

function evidenceLine(who: string, values: string[], verb: string) {
  if (values.length === 0) return null;
  return el(
    'div',
    {},
    `${who} ${verb}: `,
    ...values.flatMap((v, i) => [i ? ', ' : '', el('mark', { class: 'evidence' }, v)]),
  );
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
      const index = state.groups.findIndex((g) => g.flags.some((q) => q.id === f.id));
      if (index < 0) return [i ? '; ' : '', label];
      // Flags in the queue open from here.
      const link = el('a', { href: `#${encodeURIComponent(f.id)}`, 'data-flag': f.id }, label);
      link.addEventListener('click', (event) => {
        event.preventDefault();
        void openGroup(index, f.id);
      });
      return [i ? '; ' : '', link];
    }),
  );
}

function decisionForm(flag: Flag, group: FlagGroup, clause: ClauseView) {
  const choices: Array<[Decision, string]> = [
    ['accept', 'Accept (a)'],
    ['dismiss', 'Dismiss (d)'],
    ['correct', 'Correct (c)'],
  ];
  if (flag.status !== 'open') choices.push(['reopen', 'Reopen']);
  const note = el('textarea', { id: 'note', name: 'note', required: true, 'aria-describedby': 'note-hint' });
  const langSelect = el(
    'select',
    { id: 'correct-lang', name: 'lang' },
    ...flag.langs.map((lang) => el('option', { value: lang }, lang)),
  );
  /** The OCR text a correction of `lang` is compared with. */
  const ocrOf = (lang: string) => {
    const served = clause.languages[lang];
    return served?.reviewed ? (served.reviewed.ocrText ?? '') : (served?.text ?? '');
  };
  const corrected = el('textarea', {
    id: 'corrected',
    name: 'correctedText',
    'aria-describedby': 'correction-diff',
  });
  const diff = el('div', { id: 'correction-diff', 'aria-live': 'polite' });
  const showDiff = () => {
    const lang = flag.langs.length > 1 ? langSelect.value : flag.langs[0]!;
    diff.replaceChildren(
      el('small', {}, `Your correction against the ${lang} OCR text:`),
      renderDiff(ocrOf(lang), corrected.value),
    );
  };
  const fill = () => {
    const lang = flag.langs.length > 1 ? langSelect.value : flag.langs[0]!;
    corrected.value = clause.languages[lang]?.text ?? '';
    showDiff();
  };
  fill();
  langSelect.addEventListener('change', fill);
  corrected.addEventListener('input', showDiff);
  const correctBox = el(
    'div',
    { id: 'correct-box', hidden: state.decision !== 'correct' },
    flag.langs.length > 1 ? el('label', {}, 'Language ', langSelect) : null,
    el('label', { for: 'corrected' }, 'Clause text as printed'),
    corrected,
    diff,
  );
  const message = el('p', { id: 'decision-message', role: 'status' });
  const buttons = choices.map(([decision, label]) => {
    const button = el(
      'button',
      {
        type: 'button',
        'data-decision': decision,
        'aria-pressed': String(state.decision === decision),
        'aria-describedby': `meaning-${decision}`,
      },
      label,
    );
    button.addEventListener('click', () => choose(decision));
    return button;
  });
  const meanings = el(
    'ul',
    { class: 'meanings' },
    ...choices.map(([decision]) => el('li', { id: `meaning-${decision}` }, DECISION_MEANING[decision])),
  );
  const save = el('button', { type: 'submit', id: 'save' }, 'Save decision (Ctrl+Enter)');
  const openInGroup = group.flags.filter((f) => f.status === 'open');
  const dismissAll =
    openInGroup.length > 1
      ? el('button', { type: 'button', id: 'dismiss-all' }, `Dismiss all ${openInGroup.length} places`)
      : null;
  dismissAll?.addEventListener('click', () => void dismissGroup(group, note.value, message));
  const form = el(
    'form',
    { id: 'decision', 'aria-label': 'Decision' },
    el('div', { class: 'choices', role: 'group', 'aria-label': 'Decision' }, ...buttons),
    meanings,
    el('label', { for: 'note' }, 'Note'),
    el('small', { id: 'note-hint' }, 'Why (required): recorded with your name and the time.'),
    note,
    correctBox,
    el('div', { class: 'actions' }, save, dismissAll),
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

function say(element: HTMLElement, text: string, kind: 'error' | 'notice') {
  element.textContent = text;
  element.classList.remove('error', 'notice');
  element.classList.add(kind);
}

/** Who decides, or null (with the reviewer field focused and the reason shown). */
function reviewerName(message: HTMLElement): string | null {
  const by = reviewer.value.trim();
  if (!by) {
    reviewer.focus();
    say(message, 'Say who you are (Reviewer, top right) before deciding.', 'error');
    return null;
  }
  localStorage.setItem('charter-reviewer', by);
  return by;
}

async function postDecision(flag: Flag, body: Record<string, unknown>): Promise<Flag> {
  const { flag: saved } = await api<{ flag: Flag }>(`/reviews/${encodeURIComponent(flag.id)}`, {
    method: 'POST',
    body: JSON.stringify({ ...body, revision: flag.revision }),
  });
  return saved;
}

/**
 * After decisions: the decided flags leave a queue filtered to open flags; the page opens the next item (the
 * next place of the same finding while it has open ones) and says what was saved.
 */
async function advance(saved: Flag[], text: string) {
  for (const flag of saved) replaceFlag(flag);
  const index = state.group;
  const group = state.groups[index];
  const stayOpen = state.filters.status === 'open';
  if (stayOpen) {
    const decided = new Set(saved.filter((f) => f.status !== 'open').map((f) => f.id));
    state.flags = state.flags.filter((f) => !decided.has(f.id));
  }
  const nextInGroup = group?.flags.find((f) => f.status === 'open' && !saved.some((s) => s.id === f.id));
  regroup();
  renderQueue();
  say(pageStatus, text, 'notice');
  if (state.groups.length === 0) {
    state.group = -1;
    detail.replaceChildren(el('p', { class: 'hint' }, `${text} The queue is empty for these filters.`));
    return;
  }
  if (nextInGroup) {
    const at = state.groups.findIndex((g) => g.flags.some((f) => f.id === nextInGroup.id));
    await openGroup(at, nextInGroup.id);
  } else {
    const at = stayOpen
      ? Math.min(index, state.groups.length - 1)
      : Math.min(index + 1, state.groups.length - 1);
    await openGroup(at);
  }
  document.getElementById('detail-title')?.focus();
}

async function submitDecision(
  flag: Flag,
  input: { note: string; correctedText: string; lang?: string; message: HTMLElement },
) {
  if (!state.decision)
    return say(input.message, 'Choose accept, dismiss or correct first (a / d / c).', 'error');
  const by = reviewerName(input.message);
  if (!by) return;
  const body = {
    decision: state.decision,
    note: input.note,
    by,
    ...(state.decision === 'correct' ? { correctedText: input.correctedText, lang: input.lang } : {}),
  };
  try {
    const saved = await postDecision(flag, body);
    state.decision = null;
    await advance([saved], `Saved: ${saved.clause} (${saved.langs.join(', ')}) ${saved.status}.`);
  } catch (error) {
    await reportFailure(error, flag, input.message);
  }
}

/** Dismisses every open flag of a finding with one note. */
async function dismissGroup(group: FlagGroup, note: string, message: HTMLElement) {
  if (!note.trim()) {
    document.getElementById('note')?.focus();
    return say(message, 'Say why in the note: it is recorded on every place dismissed.', 'error');
  }
  const by = reviewerName(message);
  if (!by) return;
  const saved: Flag[] = [];
  for (const flag of group.flags.filter((f) => f.status === 'open')) {
    try {
      saved.push(await postDecision(flag, { decision: 'dismiss', note, by }));
    } catch (error) {
      await reportFailure(error, flag, message);
      return;
    }
  }
  await advance(saved, `Dismissed ${saved.length} places of ${group.kind}.`);
}

async function reportFailure(error: unknown, flag: Flag, message: HTMLElement) {
  if (error instanceof ApiError && error.status === 409) {
    say(
      message,
      'This flag changed since you opened it (another decision or a re-ingest). Reloaded: look again.',
      'error',
    );
    const { flag: current } = await api<{ flag: Flag }>(`/reviews/${encodeURIComponent(flag.id)}`);
    replaceFlag(current);
    renderQueue();
    return;
  }
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
    say(
      message,
      `Not saved: ${error.status === 401 ? 'sign in first' : 'your account may read but not decide'} (${error.message}).`,
      'error',
    );
    return;
  }
  say(message, `Not saved: ${(error as Error).message}`, 'error');
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
  // Arrow keys keep their meaning inside the queue's buttons and the page's scrolling elsewhere.
  if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && !target?.closest('#queue-list')) return;
  event.preventDefault();
  switch (action) {
    case 'next':
    case 'previous': {
      const next = moveSelection(state.group, action === 'next' ? 1 : -1, state.groups.length);
      void openGroup(next).then(() => {
        if (target?.closest('#queue-list')) queueList.children[next]?.querySelector('button')?.focus();
      });
      break;
    }
    case 'accept':
    case 'dismiss':
    case 'correct':
      if (state.group >= 0) choose(action);
      break;
    case 'search':
      selects.charter.focus();
      break;
    case 'cancel':
      state.decision = null;
      (document.activeElement as HTMLElement | null)?.blur();
      if (state.group >= 0) renderDetail();
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
  document.addEventListener('keydown', onKey);
  void loadFilters().then(() => {
    state.filters = { ...DEFAULT_FILTERS, ...readFilters() };
    return loadQueue();
  });
}

start();
