// Autocomplete for the search box in the header: Chinese names, aliases, English labels and pinyin
// (洛钼, CMOC, luoyang muye all find 洛阳钼业). Results are inserted as text nodes, never as HTML.
// Arrow keys move through the suggestions, Enter opens one, Escape closes the list.
(function () {
  "use strict";
  const input = document.querySelector("form.search input[name=q]");
  const list = document.querySelector("form.search .suggest");
  if (!input || !list) return;
  const en = document.documentElement.lang === "en";
  let timer = null, seq = 0, active = -1;
  function clear() { list.replaceChildren(); list.hidden = true; active = -1; }
  function items() { return Array.from(list.querySelectorAll("li")); }
  function highlight(i) {
    const all = items();
    all.forEach((li, k) => { li.classList.toggle("active", k === i); li.setAttribute("aria-selected", String(k === i)); });
    active = i;
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    const q = input.value.trim();
    clear();  // suggestions of what was typed before must not be picked by Enter while new ones load
    if (!q) return;
    timer = setTimeout(async function () {
      const mine = ++seq;
      const url = new URL(input.dataset.suggest, location.href);
      url.searchParams.set("q", q);
      url.searchParams.set("limit", "8");
      let data;
      try {
        const res = await fetch(url, { headers: { Accept: "application/json" } });
        if (!res.ok) return;
        data = await res.json();
      } catch (err) { return; }
      if (mine !== seq) return;
      list.replaceChildren();
      active = -1;
      for (const hit of data.results) {
        const li = document.createElement("li");
        li.setAttribute("role", "option");
        const a = document.createElement("a");
        a.href = hit.url;
        a.textContent = en && hit.label_en ? hit.label_en : hit.label;
        const small = document.createElement("small");
        const extra = [hit.class_label || hit["class"]];
        if (hit.label_en && !en) extra.push(hit.label_en);
        if (hit.matched !== hit.label && hit.matched !== hit.label_en) extra.push((en ? "matched " : "匹配 ") + hit.matched);
        small.textContent = " " + extra.join(" · ");
        a.appendChild(small);
        li.appendChild(a);
        list.appendChild(li);
      }
      list.hidden = data.results.length === 0;
    }, 120);
  });
  input.addEventListener("keydown", function (ev) {
    const all = items();
    if (ev.key === "Escape") { clear(); return; }
    if (!all.length || list.hidden) return;
    if (ev.key === "ArrowDown") { ev.preventDefault(); highlight((active + 1) % all.length); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); highlight((active - 1 + all.length) % all.length); }
    else if (ev.key === "Enter" && active >= 0) { ev.preventDefault(); all[active].querySelector("a").click(); }
  });
  document.addEventListener("click", function (ev) { if (!list.contains(ev.target) && ev.target !== input) clear(); });
})();
