// Shared by the components: when a radio choice counts as made, and the small DOM helpers.
//
// The browser checks a radio as the arrow keys pass over it. Saving each of those would write
// every rating passed through; so a choice made with the arrows is kept back until focus leaves
// the group (or the participant pauses), while a click, Space, Enter or a number key saves at once.
export const IDLE_MS = 2000;

export function chooser(group, commit) {
  let arrowing = false;
  let pending = null;
  let timer = null;
  const flush = () => {
    clearTimeout(timer);
    timer = null;
    if (pending !== null) {
      const radio = pending;
      pending = null;
      commit(radio);
    }
  };
  const radios = () => [...group.querySelectorAll('input[type="radio"]')];
  group.addEventListener("keydown", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement) || target.type !== "radio") return;
    if (event.key.startsWith("Arrow")) {
      arrowing = true;
      return;
    }
    const digit = /^[1-9]$/.test(event.key) ? Number(event.key) : 0;
    const own = radios().filter((r) => r.name === target.name);
    if (digit && digit <= own.length && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      const radio = own[digit - 1];
      if (radio.disabled) return;
      radio.checked = true;
      radio.focus();
      pending = null;
      commit(radio);
    } else if (event.key === " " || event.key === "Enter") {
      if (target.checked) {
        event.preventDefault();
        pending = null;
        commit(target);
      }
    }
  });
  group.addEventListener("change", (event) => {
    const radio = event.target;
    if (arrowing) {
      arrowing = false;
      pending = radio;
      clearTimeout(timer);
      timer = setTimeout(flush, IDLE_MS);
    } else {
      pending = null;
      commit(radio);
    }
  });
  group.addEventListener("focusout", (event) => {
    const next = event.relatedTarget;
    if (!pending || (next && next.name === pending.name && group.contains(next))) return;
    flush();
  });
  return flush;
}

// Unique on the page: anywidget may evaluate this module once per widget (a counter of its own
// each) within one millisecond, and two groups sharing a name would be one radio group.
export function uid(prefix) {
  globalThis.cgComponentIds = (globalThis.cgComponentIds || 0) + 1;
  const random = Math.random().toString(36).slice(2, 8);
  return `${prefix}-${globalThis.cgComponentIds}-${random}`;
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// A GOV.UK question group: a form group holding a fieldset whose legend is the question and
// whose hint (when there is one) describes it; ``list`` is where the options go.
export function questionGroup(kind, extra = "") {
  const hintId = uid(`cg-${kind}-hint`);
  const fieldset = el("fieldset", { class: "govuk-fieldset" });
  const legend = el("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" });
  const hint = el("div", { class: "govuk-hint", id: hintId });
  const list = el("div", { class: `govuk-${kind}`, "data-module": `govuk-${kind}` });
  fieldset.append(legend, hint, list);
  const wrapper = el("div", { class: `govuk-form-group cg-${kind} ${extra}`.trim() }, fieldset);
  const label = (legendText, hintText) => {
    legend.textContent = legendText;
    // a lone tick (a reading choice) is its own label: no empty legend (GOV.UK's CSS would
    // show one even if hidden)
    if (legendText) fieldset.prepend(legend);
    else legend.remove();
    hint.textContent = hintText;
    hint.hidden = !hintText;
    if (hintText) fieldset.setAttribute("aria-describedby", hintId);
    else fieldset.removeAttribute("aria-describedby");
  };
  return { wrapper, fieldset, list, label };
}

// One option of a group: the input (its value kept as JSON), its clickable label, and its hint
// (when given) read out after the label.
export function option(kind, name, index, label, value, hint = "") {
  const id = `${name}-${index}`;
  const type = kind === "radios" ? "radio" : "checkbox";
  const input = el("input", {
    class: `govuk-${kind}__input`, id, name, type, value: String(index),
    "aria-describedby": hint ? `${id}-hint` : null,
  });
  input.dataset.value = JSON.stringify(value);
  return el("div", { class: `govuk-${kind}__item` }, input,
    el("label", { class: `govuk-label govuk-${kind}__label`, for: id, text: label }),
    hint ? el("div", { class: `govuk-hint govuk-${kind}__hint`, id: `${id}-hint`, text: hint })
      : null);
}

// Redraw when any of ``names`` changes in the model (e.g. "options", "legend").
export function redrawOn(model, names, fn) {
  for (const name of names) model.on(`change:${name}`, fn);
}
