// The pathway explorer's behaviour: reads pathways and evaluates learners through the service's own API with the
// token the user gives, and draws each qualification's requirement tree with the answer laid over it. Every piece
// of data reaches the page through textContent, never as markup, so a title in the rules cannot inject script.
"use strict";

(() => {
  const TOKEN_KEY = "pathways.explorer.token";
  const byId = id => document.getElementById(id);

  const state = {
    token: "",
    qualifications: [],   // GET /api/v1/qualifications, in its order
    explanations: {},     // code -> GET /api/v1/qualifications/{code}
    answer: null,         // the last POST /api/v1/evaluations answer
    asked: 0              // evaluations asked for; only the latest one's answer is shown
  };

  /** An element with attributes and children (strings become text nodes). */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v;
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  class ApiProblem extends Error {
    constructor(status, body) {
      super((body && (body.detail || body.title)) || "the service answered " + status);
      this.status = status;
      this.body = body;
    }
  }

  async function api(method, path, body) {
    const headers = { Accept: "application/json" };
    if (state.token) headers.Authorization = "Bearer " + state.token;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, { method, headers, body, credentials: "omit", cache: "no-store" });
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (e) {
      json = null;
    }
    if (!response.ok) throw new ApiProblem(response.status, json);
    return json;
  }

  /** The roles a token claims, read only to show what the page offers; the service decides what it allows. */
  function rolesOf(token) {
    try {
      const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      const claims = JSON.parse(atob(part + "=".repeat((4 - part.length % 4) % 4)));
      return Array.isArray(claims.groups) ? claims.groups : [];
    } catch (e) {
      return null;
    }
  }

  function announce(text) {
    byId("announce").textContent = text;
  }

  function showProblem(error) {
    const box = byId("problem");
    box.replaceChildren();
    if (error instanceof ApiProblem) {
      const why = error.status === 401 ? "The service did not accept the token (401): is it current, for this service?"
        : error.status === 403 ? "The token's roles do not allow this (403)."
          : (error.body && error.body.title) || "The service answered " + error.status + ".";
      box.append(el("p", {}, el("strong", {}, why), " ", error.body && error.body.detail ? error.body.detail : ""));
      const violations = (error.body && error.body.violations) || [];
      if (violations.length) {
        box.append(el("ul", {}, violations.map(v => el("li", {}, el("code", {}, v.field || "body"), ": ", v.message))));
      }
    } else {
      box.append(el("p", {}, el("strong", {}, "Something went wrong: "), error.message));
    }
    box.hidden = false;
    announce("");
  }

  function clearProblem() {
    byId("problem").hidden = true;
    byId("problem").replaceChildren();
  }

  /** Runs work with its button disabled and its region marked busy, reporting any failure. */
  async function busy(button, region, work) {
    button.disabled = true;
    region.setAttribute("aria-busy", "true");
    clearProblem();
    try {
      await work();
    } catch (e) {
      showProblem(e);
    } finally {
      button.disabled = false;
      region.removeAttribute("aria-busy");
    }
  }

  // ---- token ----

  function useToken(token) {
    state.token = token.trim();
    const hint = byId("token-roles");
    if (!state.token) {
      sessionStorage.removeItem(TOKEN_KEY);
      hint.textContent = "No token yet.";
      byId("impact").hidden = true;
      return false;
    }
    sessionStorage.setItem(TOKEN_KEY, state.token);
    const roles = rolesOf(state.token);
    hint.textContent = roles === null ? "This does not look like a JWT; the service will say whether it accepts it."
      : "Roles in this token: " + (roles.length ? roles.join(", ") : "none") + ".";
    byId("impact").hidden = !(roles && (roles.includes("curriculum") || roles.includes("admin")));
    return true;
  }

  async function loadPathways() {
    const list = await api("GET", "/api/v1/qualifications");
    const explained = await Promise.all(list.map(q => q.pathway
      ? api("GET", "/api/v1/qualifications/" + encodeURIComponent(q.code)) : Promise.resolve(null)));
    state.qualifications = list;
    state.explanations = {};
    explained.forEach((e, i) => {
      if (e) state.explanations[list[i].code] = e;
    });
    render();
    announce("Showing the pathways of " + list.length + " qualifications.");
  }

  // ---- the diagram ----

  const STATUS_WORDS = {
    ELIGIBLE: "✔ Eligible",
    IN_PROGRESS: "◐ In progress",
    NOT_STARTED: "○ Not started",
    NONE: "– Not considered for this learner"
  };

  function kindWords(node) {
    const parts = (node.children || []).length;
    switch (node.kind) {
      case "allOf": return "All of " + parts;
      case "choose": return "Choose " + node.required + " of " + parts;
      case "qualification": return "Exit award " + node.qualification;
      case "credential": return "Credential " + node.credential;
      case "count": return "Count";
      case "credits": return "Credits";
      default: return node.kind;
    }
  }

  /** The plan's steps that fill this leaf: the credential it names, or a step that says it counts here. */
  function stepsFor(node, result, plan) {
    if (!plan || (node.children || []).length) return [];
    const title = (result && result.title) || node.title;
    return plan.steps.filter(s => s.code === node.credential || (title && s.why && s.why.includes("'" + title + "'")));
  }

  function number(n) {
    return Number.isInteger(n) ? String(n) : String(Math.round(n * 10) / 10);
  }

  function nodeItem(node, result, plan) {
    const steps = stepsFor(node, result, plan);
    const classes = ["node"];
    if (result) classes.push(result.met ? "met" : "unmet");
    if (steps.length) classes.push("next");
    // A group's words ("all of these 4") only repeat its kind; a leaf's say what it accepts.
    const leafWords = node.title && node.text !== node.title && (node.kind === "count" || node.kind === "credits");
    const box = el("div", { class: classes.join(" "), "data-requirement": node.id },
      el("div", {}, el("span", { class: "kind" }, kindWords(node)), " ",
        el("span", { class: "title" }, node.title || node.text)),
      leafWords ? el("div", { class: "text" }, node.text) : null);
    if (result) {
      const line = el("div", { class: "result" },
        el("span", { class: "badge " + (result.met ? "met" : "unmet") }, result.met ? "✔ Met" : "✘ Not met"));
      if (result.required !== undefined && result.required !== null) {
        line.append(" " + number(result.counted || 0) + " of " + number(result.required)
          + (node.kind === "credits" ? " credits" : "") + " counted.");
      }
      if ((result.credentials || []).length) {
        line.append(" Counted here: " + result.credentials.join(", ") + ".");
      }
      if ((result.hypothetical || []).length) {
        line.append(" What-if credentials counted here: " + result.hypothetical.join(", ") + ".");
      }
      box.append(line);
      if (result.missing) {
        box.append(el("div", { class: "missing" }, "Missing: " + result.missing));
      }
    }
    for (const s of steps) {
      box.append(el("div", { class: "step-line" }, el("span", { class: "badge next" }, "➜ Next step"),
        (s.renewal ? "take again " : "take ") + s.code + " " + s.title + " (" + s.hours + " hours)"));
    }
    const item = el("li", {}, box);
    const children = node.children || [];
    if (children.length) {
      const results = (result && result.children) || [];
      item.append(el("ul", {}, children.map(c => nodeItem(c, results.find(r => r.id === c.id), plan))));
    }
    return item;
  }

  function card(summary) {
    const code = summary.code;
    const explanation = state.explanations[code];
    const answer = state.answer;
    const result = answer ? (answer.qualifications || []).find(q => q.code === code) : null;
    const plan = answer ? (answer.nextSteps || []).find(p => p.qualification === code) : null;
    const status = result ? result.status : (answer ? "NONE" : null);
    const section = el("section", {
      class: "qualification" + (status ? " q-" + status : ""), id: "q-" + code,
      "aria-labelledby": "q-" + code + "-heading"
    });
    section.append(el("h3", { id: "q-" + code + "-heading" }, summary.title + " (" + code + ")"));
    section.append(el("p", { class: "meta" }, [summary.type, summary.level ? "level " + summary.level : null,
      summary.pathway ? "pathway " + summary.pathway : "no pathway says what it requires"].filter(Boolean).join(" · ")));
    if (status) {
      section.append(el("p", { class: "verdict" }, el("span", { class: "status status-" + status }, STATUS_WORDS[status]),
        result && result.dependsOnHypothetical ? " (with what-if credentials)" : "",
        result ? " " + result.summary : ""));
    }
    if (result && (result.prerequisitesMissing || []).length) {
      section.append(el("p", { class: "missing" }, "Entry requirements missing: " + result.prerequisitesMissing.join("; ")));
    }
    if (result && (result.cannotComplete || []).length) {
      section.append(el("p", { class: "missing" }, "Cannot be completed from the catalog: "
        + result.cannotComplete.join("; ")));
    }
    if (plan) {
      section.append(el("p", { class: "step-line" }, el("span", { class: "badge next" }, "➜ Next steps"),
        "plan " + plan.rank + ", about " + number(plan.hours) + " hours: "
        + plan.steps.map(s => s.code).join(", ") + "; highlighted below."));
    }
    if (explanation && explanation.requirement) {
      if ((explanation.entryRequirements || []).length && !result) {
        section.append(el("p", {}, "Entry requirements: " + explanation.entryRequirements.join("; ")));
      }
      const tree = el("ul", { class: "tree", "aria-label": "Pathway of " + summary.title });
      tree.append(nodeItem(explanation.requirement, result ? result.requirement : null, plan));
      section.append(tree);
    }
    return section;
  }

  function render() {
    const host = byId("qualifications");
    host.replaceChildren(...state.qualifications.map(card));
  }

  // ---- the answer ----

  function renderAnswer(answer) {
    const counts = {};
    for (const q of answer.qualifications || []) counts[q.status] = (counts[q.status] || 0) + 1;
    const eligible = (answer.qualifications || []).filter(q => q.status === "ELIGIBLE").map(q => q.code);
    const summary = (counts.ELIGIBLE || 0) + " eligible" + (eligible.length ? " (" + eligible.join(", ") + ")" : "")
      + ", " + (counts.IN_PROGRESS || 0) + " in progress, " + (counts.NOT_STARTED || 0) + " not started";
    byId("answer-summary").textContent = "As of " + answer.asOf + ", on ruleset " + answer.rulesetVersion.slice(0, 12)
      + ": " + summary + "." + (answer.recorded ? "" : " Not recorded" + (answer.notRecordedReason
        ? ": " + answer.notRecordedReason : "") + ".");

    const plans = byId("next-steps");
    plans.replaceChildren();
    for (const p of answer.nextSteps || []) {
      const tryIt = el("button", { type: "button", class: "secondary try-plan", "data-qualification": p.qualification },
        "What if I took these? (" + p.qualification + ")");
      tryIt.addEventListener("click", () => busy(tryIt, byId("learner"), () => tryPlan(p)));
      plans.append(el("li", { class: "plan" },
        el("a", { href: "#q-" + p.qualification }, p.title + " (" + p.qualification + ")"),
        ", about " + number(p.hours) + " hours" + (p.exact ? "" : " (not proven the cheapest)") + ": " + p.reason,
        el("ol", {}, p.steps.map(s => el("li", {}, el("strong", {}, s.code), " " + s.title + ", " + s.hours
          + " hours" + (s.renewal ? ", to take again" : "") + (s.why ? ": " + s.why : "")))),
        tryIt));
    }
    if (!plans.children.length) plans.append(el("li", {}, "None: nothing more to plan."));

    const excluded = byId("excluded");
    excluded.replaceChildren(...(answer.excluded || []).map(x => el("li", {}, el("strong", {}, x.code),
      (x.qualification ? " towards " + x.qualification : "") + " (" + x.ruleId + "): " + x.reason)));
    if (!excluded.children.length) excluded.append(el("li", {}, "Every held credential counted somewhere."));
    byId("answer").hidden = false;
    announce("Evaluated: " + summary + "; " + (answer.nextSteps || []).length + " next-step plans.");
  }

  async function evaluate() {
    const text = byId("request").value;
    try {
      JSON.parse(text);
    } catch (e) {
      throw new Error("the learner is not valid JSON (" + e.message + ")");
    }
    const asked = ++state.asked;
    if (!state.qualifications.length) await loadPathways();
    const answer = await api("POST", "/api/v1/evaluations", text);
    // An earlier request answered late must not draw over a later one.
    if (asked !== state.asked) return;
    state.answer = answer;
    renderAnswer(answer);
    render();
  }

  /** Adds a plan's steps to the learner as what-if credentials, earned on the as-of date, and evaluates again. */
  async function tryPlan(plan) {
    const request = JSON.parse(byId("request").value);
    const on = request.asOf || new Date().toISOString().slice(0, 10);
    const hypothetical = Array.isArray(request.hypothetical) ? request.hypothetical : [];
    for (const s of plan.steps) {
      if (!hypothetical.some(h => h.code === s.code)) hypothetical.push({ code: s.code, awarded: on });
    }
    request.hypothetical = hypothetical;
    byId("request").value = JSON.stringify(request, null, 2);
    await evaluate();
  }

  // ---- impact preview ----

  function table(caption, headings, rows) {
    return el("table", {}, el("caption", {}, caption),
      el("thead", {}, el("tr", {}, headings.map(h => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows.map(r => el("tr", {}, r.map(c => el("td", {}, c))))));
  }

  async function previewImpact() {
    const recorded = byId("recorded").value || "0";
    const report = await api("POST", "/api/v1/rulesets/impact?recorded=" + encodeURIComponent(recorded));
    const host = byId("impact-report");
    host.replaceChildren();
    const same = report.before === report.after;
    host.append(el("p", {}, "Served " + report.before.slice(0, 12) + ", directory " + report.after.slice(0, 12)
      + ": " + report.learners + " learners evaluated on both"
      + (same ? "; the directory is the version being served." : ".")));
    if ((report.sources || []).length) host.append(el("p", { class: "hint" }, "Learners from: " + report.sources.join("; ")));
    if ((report.moves || []).length) {
      host.append(table("Status moves per qualification", ["Qualification", "From", "To", "Learners"],
        report.moves.map(m => [m.qualification, m.from, m.to, String(m.learners)])));
    } else {
      host.append(el("p", {}, "No qualification's status moves."));
    }
    if ((report.changed || []).length) {
      host.append(el("h3", {}, "Learners whose outcome differs"));
      host.append(el("ul", {}, report.changed.map(l => el("li", {}, el("strong", {}, l.learner),
        el("ul", {}, l.changes.map(c => el("li", {}, (c.qualification ? c.qualification + " " : "") + c.aspect + ": "
          + c.before + " → " + c.after)))))));
    }
    if ((report.failed || []).length) {
      host.append(el("h3", {}, "Learners that could not be evaluated"));
      host.append(el("ul", {}, report.failed.map(f => el("li", {}, f))));
    }
    announce("Impact preview: " + (report.moves || []).length + " status moves, " + (report.changed || []).length
      + " learners whose outcome differs.");
  }

  // ---- wiring ----

  document.addEventListener("DOMContentLoaded", () => {
    byId("token-form").addEventListener("submit", e => {
      e.preventDefault();
      if (!useToken(byId("token").value)) {
        showProblem(new Error("paste a bearer token first"));
        return;
      }
      busy(byId("use-token"), byId("pathways"), loadPathways);
    });
    byId("forget-token").addEventListener("click", () => {
      byId("token").value = "";
      useToken("");
      announce("The token is forgotten.");
    });
    byId("new-request").addEventListener("click", () => {
      const today = new Date().toISOString().slice(0, 10);
      byId("request").value = JSON.stringify({ asOf: today, held: [{ code: "", awarded: today }] }, null, 2);
      byId("request").focus();
    });
    byId("learner-form").addEventListener("submit", e => {
      e.preventDefault();
      if (!state.token) {
        showProblem(new Error("sign in with a token first"));
        return;
      }
      busy(byId("evaluate"), byId("learner"), evaluate);
    });
    byId("impact-form").addEventListener("submit", e => {
      e.preventDefault();
      busy(byId("preview-impact"), byId("impact"), previewImpact);
    });

    const kept = sessionStorage.getItem(TOKEN_KEY);
    if (kept) {
      byId("token").value = kept;
      useToken(kept);
      busy(byId("use-token"), byId("pathways"), loadPathways);
    }
  });
})();
