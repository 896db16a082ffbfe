// A "select all that apply" question as GOV.UK Frontend's checkboxes: a fieldset whose legend is
// the question, one 40 px box per option with its label clickable, and one synced value (the
// chosen options' values, in the options' order), saved once per tick or untick.
function render({ model, el: host }) {
  const name = uid("cg-checkboxes");
  const { wrapper, list, label } = questionGroup("checkboxes");
  host.append(wrapper);

  const draw = () => {
    label(model.get("legend"), model.get("hint"));
    list.className = "govuk-checkboxes" + (model.get("small") ? " govuk-checkboxes--small" : "");
    list.replaceChildren(...model.get("options").map(
      ([text, value, hint], index) => option("checkboxes", name, index, text, value, hint)));
    mark();
  };
  const mark = () => {
    const chosen = new Set((model.get("value") || []).map((v) => JSON.stringify(v)));
    const disabled = model.get("disabled");
    wrapper.classList.toggle("cg-checkboxes--answered", disabled);
    for (const input of list.querySelectorAll("input")) {
      input.checked = chosen.has(input.dataset.value);
      input.disabled = disabled;
    }
  };
  list.addEventListener("change", () => {
    const ticked = [...list.querySelectorAll("input:checked")];
    model.set("value", ticked.map((input) => JSON.parse(input.dataset.value)));
    model.save_changes();
  });
  draw();
  redrawOn(model, ["options", "legend", "hint", "small"], draw);
  redrawOn(model, ["value", "disabled"], mark);
}
export default { render };
