// Drive the explorer's script in node with a minimal DOM (no browser on the test machines):
// node drive.js SCRIPT.js MOVES.json -> JSON list of what the page shows after each move.
// A move is {case, steps: [one slider index per axis]}; each slider is moved as a keyboard
// user would, one step at a time from where it is, firing an "input" event per step.
const fs = require("fs");
const elements = {};
class Element {
  constructor(tag) { this.tag = tag; this.children = []; this.listeners = {}; this.attributes = {};
    this.dataset = {}; this.textContent = ""; this._value = ""; this.className = ""; this.style = {}; }
  set id(v) { this._id = v; elements[v] = this; } get id() { return this._id; }
  set innerHTML(html) { this._html = html; this.children = [];
    for (const m of html.matchAll(/<output id='([^']+)'>/g)) { const o = new Element("output"); o.id = m[1]; } }
  get innerHTML() { return this._html || ""; }
  set value(v) { this._value = String(v); } get value() {
    if (this.tag === "select" && this._value === "" && this.children.length) return this.children[0].value;
    return this._value; }
  appendChild(c) { this.children.push(c); return c; }
  append(...cs) { for (const c of cs) this.appendChild(c); }
  addEventListener(type, f) { (this.listeners[type] = this.listeners[type] || []).push(f); }
  fire(type) { for (const f of this.listeners[type] || []) f({target: this}); }
  setAttribute(k, v) { this.attributes[k] = v; }
  insertRow() { const r = new Element("tr"); r.insertCell = () => { const c = new Element("td"); r.children.push(c); return c; };
    this.children.push(r); return r; }
}
const document = { getElementById: (id) => elements[id] || null, createElement: (tag) => new Element(tag) };
for (const id of ["version", "case", "mix", "sliders", "regime", "margin", "command", "curve-title", "curve", "actions"]) {
  const e = new Element(id === "case" || id === "mix" ? "select" : "div"); e.id = id;
}
const body = new Element("tbody"); body.innerHTML = "";
Object.defineProperty(body, "innerHTML", { set(v) { this.children = []; }, get() { return ""; } });
elements["actions"].tBodies = [body];
const script = fs.readFileSync(process.argv[2], "utf8");
new Function("document", script + "\nglobalThis.__page = {DATA, update};")(document);
const moves = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const shown = [];
for (const move of moves) {
  elements["case"].value = move.case; elements["case"].fire("change");
  __page.DATA.axes.forEach((axis, i) => {
    const slider = elements[axis];
    while (Number(slider.value) !== move.steps[i]) {   // ArrowUp / ArrowDown: one step
      slider.value = Number(slider.value) + (move.steps[i] > Number(slider.value) ? 1 : -1);
      slider.fire("input");
    }
  });
  shown.push({margin: elements["margin"].textContent, regime: elements["regime"].textContent,
              command: elements["command"].textContent, curve: elements["curve"].innerHTML.length,
              actions: Object.fromEntries(body.children.map((row) => [row.children[0].textContent, row.children[1].textContent]))});
}
process.stdout.write(JSON.stringify(shown));
