// A long questionnaire as a compact grid: statements as rows, scale points as columns. Each row
// is a radio group named by its statement (one Tab stop per row; arrows move; 1–9 choose), and
// the whole grid syncs one value: {statement id: point value}.
function render({ model, el: host }) {
  const name = uid("cg-likert");
  const root = el("div", { class: "cg-likert" });
  host.append(root);

  const draw = () => {
    const points = model.get("points");
    root.style.setProperty("--cg-points", String(points.length));
    root.replaceChildren();
    const legendId = `${name}-legend`;
    const fieldset = el("fieldset", { class: "govuk-fieldset" });
    const legend = el("legend", {
      class: "govuk-fieldset__legend govuk-fieldset__legend--m", id: legendId,
      text: model.get("legend"),
    });
    fieldset.append(legend);
    const hintText = model.get("hint");
    if (hintText) {
      fieldset.append(el("div", { class: "govuk-hint", id: `${name}-hint`, text: hintText }));
      fieldset.setAttribute("aria-describedby", `${name}-hint`);
    }
    const head = el("div", { class: "cg-likert__head", "aria-hidden": "true" },
      el("span", { class: "cg-likert__corner" }));
    for (const point of points) {
      head.append(el("span", { class: "cg-likert__column", text: `${point.value} ${point.label}` }));
    }
    fieldset.append(head);
    model.get("sections").forEach((section, s) => {
      if (section.title) {
        fieldset.append(el("h3", { class: "govuk-heading-s cg-likert__section", text: section.title }));
      }
      section.items.forEach((item, r) => {
        const rowName = `${name}-${s}-${r}`;
        const textId = `${rowName}-text`;
        const row = el("div", {
          class: "cg-likert__row", role: "radiogroup", "aria-labelledby": textId,
          "data-item": item.id,
        });
        row.append(el("div", { class: "cg-likert__statement", id: textId },
          el("span", { class: "cg-likert__number", text: `${item.number}. ` }), item.text));
        const cells = el("div", { class: "cg-likert__points govuk-radios govuk-radios--small" });
        points.forEach((point, p) => {
          const id = `${rowName}-${p}`;
          const input = el("input", {
            class: "govuk-radios__input", id, name: rowName, type: "radio", value: String(p),
          });
          input.dataset.item = item.id;
          input.dataset.value = JSON.stringify(point.value);
          const label = el("label", {
            class: "govuk-label govuk-radios__label cg-likert__label", for: id, text: point.label,
          });
          const cell = el("div", { class: "govuk-radios__item cg-likert__cell" }, input, label);
          cell.dataset.num = String(point.value);
          cells.append(cell);
        });
        row.append(cells);
        fieldset.append(row);
      });
    });
    root.append(fieldset);
    mark();
  };
  const mark = () => {
    const value = model.get("value") || {};
    const disabled = model.get("disabled");
    for (const input of root.querySelectorAll("input")) {
      const chosen = Object.prototype.hasOwnProperty.call(value, input.dataset.item)
        ? JSON.stringify(value[input.dataset.item]) : undefined;
      input.checked = chosen === input.dataset.value;
      input.disabled = disabled;
    }
  };
  chooser(root, (radio) => {
    const value = { ...(model.get("value") || {}) };
    const chosen = JSON.parse(radio.dataset.value);
    if (JSON.stringify(value[radio.dataset.item]) === radio.dataset.value) return;
    value[radio.dataset.item] = chosen;
    model.set("value", value);
    model.save_changes();
  });
  draw();
  redrawOn(model, ["sections", "points", "legend", "hint"], draw);
  redrawOn(model, ["value", "disabled"], mark);
}
export default { render };
