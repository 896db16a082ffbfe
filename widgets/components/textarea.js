// A text box as GOV.UK Frontend's textarea with its character count pattern: a label, an
// optional hint, the box in the body font, and under it the count ("87 words", "You have 12
// characters remaining") that the kernel words. The count is shown at once and announced politely
// once typing pauses (as GOV.UK Frontend does), so a screen reader is not interrupted per key.
// The text syncs as it is typed; the kernel decides when to save it.
export const ANNOUNCE_MS = 1000;

function render({ model, el: host }) {
  const id = uid("cg-textarea");
  const label = el("label", { class: "govuk-label govuk-label--s", for: id });
  const hint = el("div", { class: "govuk-hint", id: `${id}-hint` });
  const box = el("textarea", { class: "govuk-textarea", id, name: id, spellcheck: "true" });
  // on screen, and the box's description; the live region below is what is announced
  const shown = el("div", {
    class: "govuk-hint govuk-character-count__message", id: `${id}-count`, "aria-hidden": "true",
  });
  const spoken = el("div", {
    class: "govuk-character-count__sr-status govuk-visually-hidden", "aria-live": "polite",
  });
  const group = el("div", { class: "govuk-form-group govuk-character-count cg-textarea" },
    label, hint, box, shown, spoken);
  host.append(group);

  let timer = null;
  const draw = () => {
    label.textContent = model.get("label");
    const hintText = model.get("hint");
    hint.textContent = hintText;
    hint.hidden = !hintText;
    box.setAttribute("aria-describedby", (hintText ? `${id}-hint ` : "") + `${id}-count`);
    box.rows = model.get("rows");
    box.placeholder = model.get("placeholder");
    box.disabled = model.get("disabled");
  };
  const show = () => {
    const over = model.get("over");
    shown.textContent = model.get("count");
    shown.classList.toggle("govuk-error-message", over);
    shown.classList.toggle("govuk-hint", !over);
    box.classList.toggle("govuk-textarea--error", over);
  };
  const announce = () => {
    show();
    clearTimeout(timer);
    timer = setTimeout(() => { spoken.textContent = model.get("count"); }, ANNOUNCE_MS);
  };
  const text = () => {
    if (box.value !== model.get("value")) box.value = model.get("value");
  };
  // Typing reaches the kernel a message at a time, and a page reloaded straight after typing
  // loses what has not arrived. With a draft key, the tab keeps the text until the kernel says it
  // is saved, and hands it back to the kernel when the page comes back.
  const draftKey = () => {
    const key = model.get("draft_key");
    return key ? `cg-draft:${location.pathname}:${key}` : null;
  };
  const readDraft = () => {
    try {
      const found = JSON.parse(sessionStorage.getItem(draftKey()) || "null");
      return found && typeof found.text === "string" ? found : null;
    } catch (err) { return null; }
  };
  const keepDraft = () => {
    if (!draftKey()) return;
    try {
      sessionStorage.setItem(draftKey(),
        JSON.stringify({ text: box.value, base: model.get("saved_value") }));
    } catch (err) { /* storage full or blocked: typing still syncs as before */ }
  };
  const dropSavedDraft = () => {
    const draft = draftKey() && readDraft();
    if (draft && draft.text === model.get("saved_value")) sessionStorage.removeItem(draftKey());
  };
  box.addEventListener("input", () => {
    model.set("value", box.value);
    model.save_changes();
    keepDraft();
  });
  draw();
  text();
  show();
  const draft = draftKey() && readDraft();
  if (draft && draft.text !== model.get("value")) {
    box.value = draft.text;
    model.send({ draft: draft.text, base: typeof draft.base === "string" ? draft.base : "" });
  } else {
    dropSavedDraft();
  }
  redrawOn(model, ["saved_value"], dropSavedDraft);
  redrawOn(model, ["label", "hint", "rows", "placeholder", "disabled"], draw);
  redrawOn(model, ["count", "over"], announce);
  redrawOn(model, ["value"], text);
}
export default { render };
