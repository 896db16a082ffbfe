// Shared by the radio components: when a choice counts as made.
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

let counter = 0;
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
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
