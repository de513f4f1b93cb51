// Autocomplete for the search box: names, aliases, English labels and pinyin.
// Results are inserted as text nodes, never as HTML.
(function () {
  "use strict";
  const input = document.querySelector("form.search input[name=q]");
  const list = document.querySelector("form.search .suggest");
  if (!input || !list) return;
  let timer = null, seq = 0;
  function clear() { list.replaceChildren(); list.hidden = true; }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) { clear(); return; }
    timer = setTimeout(async function () {
      const mine = ++seq;
      const url = new URL(input.dataset.suggest, location.href);
      url.searchParams.set("q", q); url.searchParams.set("limit", "8");
      const res = await fetch(url);
      if (!res.ok || mine !== seq) return;
      const data = await res.json();
      list.replaceChildren();
      for (const hit of data.results) {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = hit.url;
        a.textContent = hit.label;
        const small = document.createElement("small");
        small.textContent = " " + hit["class"] + (hit.matched !== hit.label ? " · " + hit.matched : "");
        a.appendChild(small);
        li.appendChild(a);
        list.appendChild(li);
      }
      list.hidden = data.results.length === 0;
    }, 150);
  });
  input.addEventListener("keydown", function (ev) { if (ev.key === "Escape") clear(); });
  document.addEventListener("click", function (ev) { if (!list.contains(ev.target) && ev.target !== input) clear(); });
})();
