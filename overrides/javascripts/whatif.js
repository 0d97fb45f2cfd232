/* The what-if explorer: each prediction table, made live (macros/whatif.py writes its HTML).
 *
 * Without this script a reader has the static table and its panel.  It puts
 * a control in each outcome cell of the table's seeded column (the one whose
 * heading carries data-seeded; the control copied from the parts that
 * javascripts/whatif-parts.js, written by the build, holds as
 * window.eisWhatIfParts), and recomputes the panel's
 * figures, the marks and the points as the reader changes the outcomes,
 * marking each changed row "hypothetical" and the table as a scenario until
 * Reset.  The scenario is kept in the page's address (?<form id>=hdu...,
 * one letter a prediction), so it can be shared and survives a reload; an
 * address whose value is not exactly that is ignored.  Exactly, with
 * BigInt fractions (never floats), and written by the rules of
 * macros/fmt.py (half away from zero on the exact value, U+2212 for minus,
 * the sign from the exact value, "n/a").  The page already holds the
 * figures of the starting choices, so it starts from the build's strings.
 *
 * Only pages holding an explorer load it, after the parts file; it wires
 * the explorers in a task of its own, after the page's other start-up work.
 * Material's instant navigation runs both again on every visit to such a page, in
 * either order: each starts the explorers once the other has run, and each
 * form is wired once and marked (data-eis-whatif-ready), so running it twice
 * is harmless.  No requests of its own, no console output.
 *
 * Pure functions for tests, as window.eisWhatIf:
 *   parse(value) -> {n, d}
 *     "3/8", "1", "0.125" (or {n, d}) as an exact fraction: BigInts in lowest
 *     terms, d > 0.  Every fraction below has this form.
 *   score(ps, outcomes) -> {score, brier, judged, happened, unknown, worst, best, verdict, disagreement}
 *     ps: probabilities as parse() reads them; outcomes: "happened", "did not"
 *     or "unknown" for each.  score, worst (no unknown event happens) and best
 *     (every one does) are fractions; brier is a fraction, or null when nothing
 *     is judged; judged, happened and unknown are numbers; verdict is "more",
 *     "less", "as expected" or "nothing judged" (the values of scoring.Verdict);
 *     disagreement is a value of scoring.Disagreement.
 *   formatSigned(n, d, places = 2) -> "+0.50", "−0.74", "0.00", "−0.00"
 *   formatUnsigned(n, d, places = 3) -> "0.022"
 *     n and d: BigInts, integers or digit strings.
 *   shown(result, verdicts) -> {score, brier, judged, happened, verdict, worst, best}
 *     the strings the explorer shows for a score() result; verdicts maps each
 *     verdict to its sentence (verdictsOf(form) reads a form's).
 *   verdictsOf(form) -> {"more": "...", ...}: the form's own, else the parts file's.
 *   init(root = document) -> how many forms it wired now.
 */
(() => {
  "use strict";

  const MINUS = "\u2212";
  // The ways a score and its Brier score can disagree (scoring.Disagreement), in the panel's order.
  const DISAGREEMENTS = ["right side, negative", "wrong side, positive"];

  const VERDICTS = ["more", "less", "as expected", "nothing judged"];
  // Any outcome mark: its one class is its kind's (macros/render/marks.py, ANY).
  const MARK = '[class^="eis-mark--"]';

  // A prediction's probability is its row's second cell (macros/render/lists.py), a percent
  // that says it exactly; a row whose percent is rounded carries it as data-p too.
  const PROBABILITY = 1;

  const abs = (x) => (x < 0n ? -x : x);

  function gcd(a, b) {
    a = abs(a);
    b = abs(b);
    while (b) [a, b] = [b, a % b];
    return a;
  }

  function fraction(n, d = 1n) {
    n = BigInt(n);
    d = BigInt(d);
    if (d === 0n) throw new RangeError("a fraction with denominator 0");
    if (d < 0n) [n, d] = [-n, -d];
    const g = gcd(n, d) || 1n;
    return { n: n / g, d: d / g };
  }

  const ZERO = fraction(0n);
  const ONE = fraction(1n);
  const add = (x, y) => fraction(x.n * y.d + y.n * x.d, x.d * y.d);
  const sub = (x, y) => fraction(x.n * y.d - y.n * x.d, x.d * y.d);
  const mul = (x, y) => fraction(x.n * y.n, x.d * y.d);

  function parse(value) {
    if (value !== null && typeof value === "object") return fraction(value.n, value.d);
    const text = String(value).trim();
    let match = /^(-?\d+)\/(\d+)$/.exec(text);
    if (match) return fraction(match[1], match[2]);
    match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
    if (!match) throw new SyntaxError(`not a number: ${JSON.stringify(text)}`);
    const decimals = match[3] || "";
    return fraction(BigInt(match[1] + match[2] + decimals), 10n ** BigInt(decimals.length));
  }

  function probabilityOf(row) {
    const given = row.getAttribute("data-p");
    if (given !== null) return parse(given);
    const percent = parse(row.cells[PROBABILITY].textContent.replace("%", ""));
    return fraction(percent.n, percent.d * 100n);
  }

  function score(ps, outcomes) {
    if (ps.length !== outcomes.length) {
      throw new RangeError(`${ps.length} probabilities but ${outcomes.length} outcomes`);
    }
    let total = ZERO;
    let squared = ZERO;
    let openWorst = ZERO;
    let openBest = ZERO;
    let judged = 0;
    let happened = 0;
    let unknown = 0;
    let rightSide = 0;
    let wrongSide = 0;
    const HALF = fraction(1n, 2n);
    ps.forEach((value, index) => {
      const p = parse(value);
      const outcome = outcomes[index];
      if (outcome === "unknown") {
        unknown += 1;
        openWorst = sub(openWorst, p);
        openBest = add(openBest, sub(ONE, p));
        return;
      }
      if (outcome !== "happened" && outcome !== "did not") {
        throw new RangeError(`not an outcome: ${JSON.stringify(outcome)}`);
      }
      // The author's rule: 1 - p if it happened, -p if not.
      const hit = outcome === "happened" ? ONE : ZERO;
      const earned = sub(hit, p);
      judged += 1;
      happened += outcome === "happened" ? 1 : 0;
      total = add(total, earned);
      squared = add(squared, mul(earned, earned));
      // Which side of even odds the forecast leaned, against what happened (scoring.CardScore).
      const above = p.n * HALF.d - HALF.n * p.d;
      if (above !== 0n) {
        if (above > 0n === (outcome === "happened")) rightSide += 1;
        else wrongSide += 1;
      }
    });
    const brier = judged ? fraction(squared.n, squared.d * BigInt(judged)) : null;
    let verdict = "as expected";
    if (judged === 0) verdict = "nothing judged";
    else if (total.n > 0n) verdict = "more";
    else if (total.n < 0n) verdict = "less";
    let disagreement = "none";
    if (judged && rightSide === judged && total.n < 0n) disagreement = DISAGREEMENTS[0];
    else if (judged && wrongSide === judged && total.n > 0n) disagreement = DISAGREEMENTS[1];
    return {
      score: total,
      brier,
      disagreement,
      judged,
      happened,
      unknown,
      worst: add(total, openWorst),
      best: add(total, openBest),
      verdict,
    };
  }

  // |n/d| rounded half away from zero to `places`, as unsigned digits.
  function digits(n, d, places) {
    const scale = 10n ** BigInt(places);
    const rounded = (2n * abs(n) * scale + d) / (2n * d); // floor(|n/d| * scale + 1/2)
    const whole = rounded / scale;
    if (!places) return whole.toString();
    return `${whole}.${(rounded % scale).toString().padStart(places, "0")}`;
  }

  function formatSigned(n, d, places = 2) {
    const x = fraction(n, d);
    const body = digits(x.n, x.d, places);
    if (x.n > 0n) return `+${body}`;
    if (x.n < 0n) return MINUS + body;
    return body;
  }

  function formatUnsigned(n, d, places = 3) {
    const x = fraction(n, d);
    return digits(x.n, x.d, places);
  }

  function shown(result, verdicts) {
    const signed = (x) => formatSigned(x.n, x.d);
    return {
      score: signed(result.score),
      brier: result.brier === null ? "n/a" : formatUnsigned(result.brier.n, result.brier.d),
      judged: String(result.judged),
      happened: String(result.happened),
      verdict: verdicts[result.verdict],
      worst: signed(result.worst),
      best: signed(result.best),
    };
  }

  // The verdict sentences: the form's own, else the parts file's (written once for the site).
  function verdictsOf(form) {
    const texts = {};
    const shared = (window.eisWhatIfParts && window.eisWhatIfParts.verdicts) || {};
    for (const verdict of VERDICTS) {
      const name = `data-verdict-${verdict.replace(/ /g, "-")}`;
      texts[verdict] = form.getAttribute(name) || shared[verdict] || verdict;
    }
    return texts;
  }

  // The parts file's HTML as a template, made once each time the file runs, its
  // links made absolute (they are written relative to the file).  Null until it has run.
  let made = { held: null, template: null };
  function partsOf(doc) {
    const held = window.eisWhatIfParts;
    if (!held || typeof held.html !== "string") return null;
    if (made.held === held && made.template.ownerDocument === doc) return made.template;
    const template = doc.createElement("template");
    template.innerHTML = held.html;
    for (const link of template.content.querySelectorAll("a[href]")) {
      link.setAttribute("href", new URL(link.getAttribute("href"), held.src || doc.baseURI).href);
    }
    made = { held, template };
    return template;
  }

  // A scenario in the page's address: one letter a prediction, under the form's id.
  const LETTER = { happened: "h", "did not": "d", unknown: "u" };
  const OUTCOME = { h: "happened", d: "did not", u: "unknown" };

  // The scenario the address holds for a form of `count` rows, or null:
  // anything that is not exactly one known letter a row is ignored.
  function scenarioOf(search, key, count) {
    const value = new URLSearchParams(search).get(key);
    if (value === null || value.length !== count || !/^[hdu]+$/.test(value)) return null;
    return Array.from(value, (letter) => OUTCOME[letter]);
  }

  function remember(key, outcomes, starts) {
    const url = new URL(window.location.href);
    const same = outcomes.every((outcome, index) => outcome === starts[index]);
    if (same) url.searchParams.delete(key);
    else url.searchParams.set(key, outcomes.map((outcome) => LETTER[outcome]).join(""));
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url.href);
  }

  function wire(form) {
    if (form.hasAttribute("data-eis-whatif-ready")) return false;
    const parts = partsOf(form.ownerDocument);
    const panel = form.querySelector(".eis-panel");
    // The seeded column: its heading says so (data-seeded).
    const column = Array.from(form.querySelectorAll("thead th")).findIndex((th) => th.hasAttribute("data-seeded"));
    if (!parts || !panel || column < 0) return false;
    form.setAttribute("data-eis-whatif-ready", "");
    // The panel changes only under this script, so the script makes it a live region.
    panel.setAttribute("aria-live", "polite");
    const piece = (selector) => parts.content.querySelector(selector);
    const control = piece("select");
    const marks = {
      happened: piece(".eis-mark--happened"),
      "did not": piece(".eis-mark--did-not"),
      unknown: piece(".eis-mark--pending"),
    };
    const label = control.getAttribute("aria-label");
    const rows = Array.from(form.querySelectorAll("tbody > tr")).map((row, index) => {
      const cell = row.cells[column];
      // The seeded choice is the one whose mark the cell shows (ambiguous or pending: unknown).
      const mark = cell.querySelector(MARK);
      const seeded = Object.keys(marks).find((choice) => mark && mark.className === marks[choice].className);
      cell.setAttribute("data-choice", seeded || "unknown");
      const select = control.cloneNode(true);
      select.value = cell.getAttribute("data-choice");
      select.setAttribute("aria-label", `${label} ${index + 1}`);
      cell.append(select);
      const hypothetical = piece(".eis-whatif__hyp").cloneNode(true);
      hypothetical.hidden = true;
      cell.append(hypothetical);
      return {
        p: probabilityOf(row),
        row,
        cell,
        // The judged mark (an ambiguous outcome starts as "unknown").
        judged: mark && mark.cloneNode(true),
        select,
        hypothetical,
        // The points of the seeded column: the cell after its outcome.
        points: cell.nextElementSibling,
        start: select.value,
      };
    });
    const ps = rows.map((row) => row.p);
    const starts = rows.map((row) => row.start);
    // A pending list's panel has no score until the reader makes a scenario: its figures come from the parts.
    const more = form.querySelector(".eis-panel__more") || panel;
    if (!panel.querySelector('output[name="score"]')) {
      panel.append(piece(".eis-whatif__figures").cloneNode(true));
      more.append(piece(".eis-whatif__judged").cloneNode(true));
    } else if (!panel.querySelector('output[name="worst"]')) {
      // A judged list with no unknown outcome: the range still open, for when the reader makes one.
      const range = piece(".eis-whatif__open").cloneNode(true);
      range.classList.remove("eis-whatif__scored");
      panel.querySelector(".eis-figures").append(range);
    }
    // Each sentence on why a score and its Brier score disagree, that the form does not show yet:
    // from the parts, or else from the page.
    for (const which of DISAGREEMENTS) {
      const selector = `[data-disagreement="${which}"]`;
      if (form.querySelector(selector)) continue;
      const sentence = parts.content.querySelector(selector) || form.ownerDocument.querySelector(selector);
      if (!sentence) continue;
      const copy = sentence.cloneNode(true);
      copy.hidden = true;
      more.insertBefore(copy, more.querySelector(".eis-card__note"));
    }
    const outputs = Array.from(form.querySelectorAll("output[name]"));
    const verdicts = verdictsOf(form);
    const caption = form.querySelector("caption");
    const scenario = piece(".eis-whatif__scenario").cloneNode(true);
    scenario.hidden = true;
    if (caption) caption.append(scenario);
    const state = piece(".eis-whatif__state").cloneNode(true);
    state.hidden = true;
    panel.prepend(state);
    const hint = piece(".eis-whatif__hint").cloneNode(true);
    more.append(hint);

    const update = () => {
      const outcomes = rows.map((row) => row.select.value);
      const result = score(ps, outcomes);
      const figures = shown(result, verdicts);
      for (const output of outputs) {
        const value = figures[output.getAttribute("name")];
        // Only what changed, so that the live region announces a change once.
        if (value !== undefined && output.textContent !== value) output.textContent = value;
      }
      let changed = 0;
      rows.forEach((row, index) => {
        const outcome = outcomes[index];
        const mark = row.cell.querySelector(MARK);
        const wanted = outcome === row.start && row.judged ? row.judged : marks[outcome];
        if (mark && mark.className !== wanted.className) mark.replaceWith(wanted.cloneNode(true));
        if (row.points) {
          const earned = sub(outcome === "happened" ? ONE : ZERO, row.p);
          const text = outcome === "unknown" ? "\u2014" : formatSigned(earned.n, earned.d);
          if (row.points.textContent !== text) row.points.textContent = text;
        }
        const differs = outcome !== row.start;
        changed += differs ? 1 : 0;
        row.hypothetical.hidden = !differs;
        row.row.classList.toggle("eis-whatif__changed", differs);
      });
      for (const item of form.querySelectorAll(".eis-whatif__open, .eis-whatif__scored")) {
        item.hidden =
          (item.classList.contains("eis-whatif__open") && result.unknown === 0) ||
          (item.classList.contains("eis-whatif__scored") && result.judged === 0);
      }
      for (const sentence of form.querySelectorAll("[data-disagreement]")) {
        sentence.hidden = sentence.getAttribute("data-disagreement") !== result.disagreement;
      }
      scenario.hidden = state.hidden = changed === 0;
      form.classList.toggle("eis-whatif--scenario", changed > 0);
      remember(form.id, outcomes, starts);
    };

    const restored = form.id ? scenarioOf(window.location.search, form.id, rows.length) : null;
    if (restored) rows.forEach((row, index) => (row.select.value = restored[index]));

    form.addEventListener("change", update);
    form.addEventListener("submit", (event) => event.preventDefault());
    state.querySelector(".eis-whatif__reset").addEventListener("click", () => {
      for (const row of rows) row.select.value = row.start;
      update();
      rows[0]?.select.focus();
    });
    form.classList.add("eis-whatif--live");
    update();
    return true;
  }

  function init(root = document) {
    let wired = 0;
    for (const form of root.querySelectorAll("form.eis-whatif")) wired += wire(form) ? 1 : 0;
    return wired;
  }

  window.eisWhatIf = Object.freeze({
    parse,
    score,
    formatSigned,
    formatUnsigned,
    shown,
    verdictsOf,
    scenarioOf,
    init,
  });

  // Wired in a task of its own, not in the one that runs this script and the page's
  // other DOMContentLoaded handlers (the theme's): no long task that holds up input.
  const start = () => setTimeout(() => init(), 0);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
