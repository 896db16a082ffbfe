// One question as GOV.UK Frontend's radios: a fieldset whose legend is the question, one radio
// per option sharing one name (one Tab stop; the arrow keys move), and one synced value.
function render({ model, el: host }) {
  const name = uid("cg-radios");
  const { wrapper, list, label } = questionGroup("radios");
  host.append(wrapper);

  const draw = () => {
    label(model.get("legend"), model.get("hint"));
    list.className = "govuk-radios" + (model.get("small") ? " govuk-radios--small" : "")
      + (model.get("inline") ? " govuk-radios--inline" : "");
    list.replaceChildren(...model.get("options").map(
      ([text, value, hint], index) => option("radios", name, index, text, value, hint)));
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
    if (JSON.stringify(model.get("value")) === radio.dataset.value) return;
    model.set("value", JSON.parse(radio.dataset.value));
    model.save_changes();
  });
  draw();
  redrawOn(model, ["options", "legend", "hint", "small", "inline"], draw);
  redrawOn(model, ["value", "disabled"], mark);
}
export default { render };
