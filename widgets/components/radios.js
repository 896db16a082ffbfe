// One question as GOV.UK Frontend's radios: a fieldset whose legend is the question, one radio
// per option sharing one name (one Tab stop; the arrow keys move), and one synced value.
function render({ model, el: host }) {
  const name = uid("cg-radios");
  const hintId = `${name}-hint`;
  const fieldset = el("fieldset", { class: "govuk-fieldset", "aria-describedby": null });
  const legend = el("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" });
  const hint = el("div", { class: "govuk-hint", id: hintId });
  const list = el("div", { class: "govuk-radios", "data-module": "govuk-radios" });
  fieldset.append(legend, hint, list);
  const wrapper = el("div", { class: "govuk-form-group cg-radios" }, fieldset);
  host.append(wrapper);

  const draw = () => {
    legend.textContent = model.get("legend");
    const hintText = model.get("hint");
    hint.textContent = hintText;
    hint.hidden = !hintText;
    if (hintText) fieldset.setAttribute("aria-describedby", hintId);
    else fieldset.removeAttribute("aria-describedby");
    list.className = "govuk-radios" + (model.get("small") ? " govuk-radios--small" : "");
    list.replaceChildren();
    model.get("options").forEach(([label, value], index) => {
      const id = `${name}-${index}`;
      const input = el("input", {
        class: "govuk-radios__input", id, name, type: "radio", value: String(index),
      });
      input.dataset.value = JSON.stringify(value);
      const item = el("div", { class: "govuk-radios__item" }, input,
        el("label", { class: "govuk-label govuk-radios__label", for: id, text: label }));
      list.append(item);
    });
    mark();
  };
  const mark = () => {
    const chosen = JSON.stringify(model.get("value"));
    const disabled = model.get("disabled");
    wrapper.classList.toggle("cg-radios--answered", disabled);
    for (const input of list.querySelectorAll("input")) {
      input.checked = input.dataset.value === chosen;
      input.disabled = disabled;
    }
  };
  chooser(list, (radio) => {
    const value = JSON.parse(radio.dataset.value);
    if (JSON.stringify(model.get("value")) === radio.dataset.value) return;
    model.set("value", value);
    model.save_changes();
  });
  draw();
  model.on("change:options", draw);
  model.on("change:legend", draw);
  model.on("change:hint", draw);
  model.on("change:value", mark);
  model.on("change:disabled", mark);
}
export default { render };
