// Turfbook field page (#20): offline first. Entries go to IndexedDB first, then to the server,
// each with its own idempotency key, so a retried send never makes a second row. Every text shown
// comes from the server or the organizer and is set with textContent (never innerHTML).
(function () {
  "use strict";
  const root = document.getElementById("field");
  const token = root.dataset.token;
  const S = JSON.parse(root.dataset.strings);
  const base = "/c/" + encodeURIComponent(token);
  const lang = root.dataset.lang;
  const $ = (id) => document.getElementById(id);
  let directory = { people: [], worksites: [], issues: [], follow_ups: [] };
  let chosen = null;
  let editing = null;                                  // a refused entry being fixed in the form

  // ---- IndexedDB outbox ----
  // One outbox per ORGANIZER (their stable ID), not per link: entries logged under a link that is later
  // replaced are sent when the organizer's new link opens on this phone (the server keys them by ID too).
  const organizer = root.dataset.organizer;
  const maxBody = Number(root.dataset.maxBody) || 262144;
  const maxEntries = Number(root.dataset.maxEntries) || 50;
  const legacyName = "turfbook-field-" + token.slice(-24);        // before: one outbox per link
  const dirKey = "turfbook-dir-" + token.slice(-24);
  let dbPromise = null;
  function openDb(name) {
    return new Promise((resolve, reject) => {
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => open.result.createObjectStore("outbox", { keyPath: "key" });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
  }
  function db() {
    if (!dbPromise) dbPromise = openDb("turfbook-field-org-" + organizer).then(adoptLegacy);
    return dbPromise;
  }
  // Every outbox of the previous build (one per LINK, 'turfbook-field-' + the token's tail) on this phone is
  // adopted, whichever link made it (a replaced link's too): its entries carry no organizer, so each is sent
  // under this organizer's link and kept only if the server accepts it (a resend is idempotent by key). One
  // the server answers as another organizer's (not in this turf, key taken) goes back to its old outbox,
  // remembered there as not this organizer's, so it waits for its own organizer's link and is never lost.
  const legacyPrefix = "turfbook-field-";
  const isLegacy = (name) => name.startsWith(legacyPrefix) && !name.startsWith(legacyPrefix + "org-");
  function storeAll(d, mode, fn) {
    return new Promise((resolve, reject) => {
      const t = d.transaction("outbox", mode);
      const r = fn(t.objectStore("outbox"));
      t.oncomplete = () => resolve(r && r.result);
      t.onerror = () => reject(t.error);
    });
  }
  async function adoptLegacy(d) {
    try {
      let names = [legacyName];
      if (indexedDB.databases) names = (await indexedDB.databases()).map((x) => x.name).filter(isLegacy);
      for (const name of names) {
        const old = await openDb(name);
        const items = await storeAll(old, "readonly", (s) => s.getAll());
        const mine = items.filter((i) => !(i.not_of || []).includes(organizer));
        await storeAll(d, "readwrite", (s) => { for (const i of mine) s.put({ ...i, legacy: name }); });
        await storeAll(old, "readwrite", (s) => { for (const i of mine) s.delete(i.key); });
        old.close();
        if (mine.length === items.length) indexedDB.deleteDatabase(name);
      }
    } catch (e) { /* kept where it was; tried again next time */ }
    return d;
  }
  async function giveBack(item) {
    // an adopted entry the server says is not this organizer's: back to the outbox it came from
    const old = await openDb(item.legacy);
    const back = { ...item, state: "waiting", error: "", not_of: [...(item.not_of || []), organizer] };
    delete back.legacy;
    await storeAll(old, "readwrite", (s) => s.put(back));
    old.close();
    await tx("readwrite", (s) => s.delete(item.key));
  }
  async function tx(mode, fn) {
    const d = await db();
    return new Promise((resolve, reject) => {
      const t = d.transaction("outbox", mode);
      const store = t.objectStore("outbox");
      const out = fn(store);
      t.oncomplete = () => resolve(out && out.result !== undefined ? out.result : out);
      t.onerror = () => reject(t.error);
    });
  }
  const allEntries = () => tx("readonly", (s) => s.getAll());
  const putEntry = (item) => tx("readwrite", (s) => s.put(item));
  const dropEntry = (key) => tx("readwrite", (s) => s.delete(key));

  // An entry in the sheet is not kept on the phone: once it has landed (and its photos are sent) only a
  // short summary stays -- who, when, the conversation's ID, no notes -- for a day, then nothing.
  const SUMMARY_MS = 24 * 3600 * 1000;
  function summary(item) {
    return { key: item.key, state: "landed", saved: item.saved, landed_at: item.landed_at || Date.now(),
             label: item.label, conversation_id: item.conversation_id || "", entry: { date: item.entry.date },
             photos_state: item.photos_state || "", photos_note: item.photos_note || "", error: "" };
  }
  async function prune(items) {
    const now = Date.now();
    const keep = [];
    for (const item of items) {
      if (item.state === "landed" && item.photos_state !== "waiting") {
        if (item.landed_at && now - item.landed_at > SUMMARY_MS) { await dropEntry(item.key); continue; }
        if (item.entry && Object.keys(item.entry).length > 1) {
          const short = summary(item);
          await putEntry(short);
          keep.push(short);
          continue;
        }
      }
      keep.push(item);
    }
    return keep;
  }

  function newKey() {
    if (self.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // ---- directory ----
  async function loadDirectory() {
    try {
      const r = await fetch(base + "/directory.json?lang=" + lang, { headers: { Accept: "application/json" } });
      if (await linkGone(r)) return;
      if (!r.ok) throw new Error(String(r.status));
      directory = await r.json();
      try { localStorage.setItem(dirKey, JSON.stringify(directory)); } catch (e) { /* full */ }
    } catch (e) {
      const kept = localStorage.getItem(dirKey);
      if (kept) directory = JSON.parse(kept);
    }
    renderDirectory();
  }

  // ---- a link that no longer works (replaced, expired) ----
  // The server answers 403 with a reason: the names and phones this link kept on the phone are removed
  // (Cache Storage and the saved directory), and the entries not yet sent stay in the organizer's outbox,
  // shown as not sent (with their notes, to copy) and sent when the organizer's new link opens here.
  let gone = false;
  async function linkGone(response) {
    if (gone) return true;
    if (response.status !== 403) return false;
    let body = {};
    try { body = await response.clone().json(); } catch (e) { /* not JSON */ }
    if (!["revoked", "expired", "invalid"].includes(body.reason)) return false;
    gone = true;
    try { localStorage.removeItem(dirKey); } catch (e) { /* none */ }
    if (self.caches) {
      try {
        for (const name of await caches.keys()) {
          const cache = await caches.open(name);
          for (const request of await cache.keys()) {
            if (new URL(request.url).pathname.startsWith(base)) await cache.delete(request);
          }
        }
      } catch (e) { /* nothing kept */ }
    }
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ forget: base });
    }
    try {                                              // what is in the sheet leaves the phone too
      for (const item of await allEntries()) if (item.state === "landed") await dropEntry(item.key);
    } catch (e) { /* none */ }
    directory = { people: [], worksites: [], issues: [], follow_ups: [] };
    renderDirectory();
    $("entry").hidden = true;
    $("followups-card").hidden = true;
    $("gone").hidden = false;
    $("gone-message").textContent = S.link_gone;
    $("send-status").hidden = true;
    await renderOutbox();
    return true;
  }

  function option(value, label) {
    const o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    return o;
  }

  function renderDirectory() {
    $("everyone").hidden = !directory.everyone;
    const sites = $("np-worksite");
    sites.replaceChildren(option("", "—"), ...directory.worksites.map((w) => option(w, w)));
    const issues = $("issues");
    issues.replaceChildren(...directory.issues.map((i) => {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.value = i.value;
      box.name = "issue";
      label.append(box, " " + i.label);
      return label;
    }));
    renderFollowUps();
    search();
  }

  function digits(text) { return String(text || "").replace(/[^0-9+]/g, ""); }

  function personById(id) { return directory.people.find((p) => p.id === id); }

  function renderFollowUps() {
    const list = $("followups");
    if (!directory.follow_ups.length) {
      const li = document.createElement("li");
      li.className = "hint";
      li.textContent = S.no_follow_ups;
      list.replaceChildren(li);
      return;
    }
    list.replaceChildren(...directory.follow_ups.map((f) => {
      const p = personById(f.person_id) || { name: f.person_id, phone: "" };
      const li = document.createElement("li");
      const title = document.createElement("div");
      title.textContent = p.name + " — " + f.status + " (" + f.due + ")";
      li.append(title);
      const phone = digits(p.phone);
      if (phone) {
        const call = document.createElement("a");
        call.className = "act"; call.href = "tel:" + phone; call.textContent = S.call;
        const text = document.createElement("a");
        text.className = "act"; text.href = "sms:" + phone; text.textContent = S.text;
        li.append(call, text);
      }
      const log = document.createElement("button");
      log.type = "button"; log.className = "small"; log.textContent = S.log_follow_up;
      log.dataset.person = f.person_id;
      log.addEventListener("click", () => { choose(p.id ? p : null); $("entry").scrollIntoView(); });
      li.append(log);
      return li;
    }));
  }

  function choose(person) {
    chosen = person;
    $("chosen").hidden = !person;
    $("chosen").textContent = person ? person.name + (person.worksite ? " · " + person.worksite : "") : "";
    for (const b of $("matches").querySelectorAll("button")) b.setAttribute("aria-pressed", String(!!person && b.dataset.id === person.id));
  }

  function search() {
    const q = $("search").value.trim().toLowerCase();
    const box = $("matches");
    if (!q) { box.replaceChildren(); return; }
    const qd = digits(q);
    const hits = directory.people.filter((p) => p.name.toLowerCase().includes(q) ||
      (qd.length >= 3 && digits(p.phone).includes(qd))).slice(0, 8);
    if (!hits.length) {
      const p = document.createElement("p");
      p.className = "hint"; p.textContent = S.no_match;
      box.replaceChildren(p);
      return;
    }
    box.replaceChildren(...hits.map((p) => {
      const b = document.createElement("button");
      b.type = "button"; b.dataset.id = p.id;
      b.textContent = p.name + (p.phone ? " · " + p.phone : "") + (p.worksite ? " · " + p.worksite : "");
      b.setAttribute("aria-pressed", String(!!chosen && chosen.id === p.id));
      b.addEventListener("click", () => choose(p));
      return b;
    }));
  }

  // ---- the form ----
  // Dates come from the phone's clock when the entry is logged, never from the day the page was served
  // (a kept page opened offline the next morning); the server still checks them.
  const pad = (n) => String(n).padStart(2, "0");
  const isoDay = (d) => d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  const today = () => isoDay(new Date());
  function addDays(n) {
    const d = new Date();
    d.setDate(d.getDate() + n);
    return isoDay(d);
  }
  let dateTouched = false;
  function freshDates() {
    if (!dateTouched) $("date").value = today();
    $("date").max = today();
    $("follow-up").min = today();
  }

  function readForm() {
    const entry = {
      key: newKey(), kind: $("kind").value,
      date: (dateTouched && $("date").value) || today(),
      assessment: $("assessment").value ? Number($("assessment").value) : null, asked: $("asked").value,
      leader: $("leader").checked, deeply_felt: $("deeply").checked, notes: $("notes").value.trim(),
      issues: Array.from(document.querySelectorAll("#issues input:checked"), (b) => b.value),
      follow_up: $("follow-up").value || null, language: lang, person: null, new_person: null,
    };
    let label;
    if ($("add").open && $("np-name").value.trim()) {
      entry.new_person = { name: $("np-name").value.trim(), phone: $("np-phone").value.trim(),
                           worksite: $("np-worksite").value, language: $("np-language").value };
      label = entry.new_person.name;
    } else if (chosen) {
      entry.person = chosen.id;
      label = chosen.name;
    } else {
      return null;
    }
    const worksite = entry.new_person ? entry.new_person.worksite : (chosen.worksite || "");
    const photos = Array.from($("photos").files || []).slice(0, 10);
    return { key: entry.key, entry, state: "waiting", label: label + " · " + entry.date, error: "",
             photos, photos_state: photos.length ? "waiting" : "", worksite };
  }

  function resetForm() {
    $("entry").reset();
    dateTouched = false;
    editing = null;
    $("editing").hidden = true;
    freshDates();
    $("search").value = "";
    $("add").open = false;
    choose(null);
    search();
  }

  // ---- sending ----
  // By size: each POST stays under the server's cap (data-max-body) and entry count; a 413 (a proxy with
  // a smaller cap) halves the batch, down to one entry, which always fits (the notes cap is 5,000
  // characters). 429 and 5xx wait as Retry-After says (else 5 s, doubling to 5 min), and the page says so.
  let sending = false;
  let sizeCap = maxBody - 1024;
  let notBefore = 0, failures = 0;
  const encoder = new TextEncoder();
  const bytes = (entry) => encoder.encode(JSON.stringify(entry)).length + 1;

  function takeBatch(waiting) {
    const batch = [];
    let size = 16;
    for (const item of waiting) {
      const n = bytes(item.entry);
      if (batch.length && (size + n > sizeCap || batch.length >= maxEntries)) break;
      batch.push(item);
      size += n;
    }
    return [batch, size];
  }

  function sendStatus(text) {
    $("send-status").hidden = !text;
    $("send-status").textContent = text || "";
  }

  function wait(response) {
    const header = Number(response.headers.get("Retry-After"));
    failures += 1;
    const seconds = header > 0 ? Math.min(header, 3600) : Math.min(300, 5 * 2 ** (failures - 1));
    notBefore = Date.now() + seconds * 1000;
    const text = response.status === 429 || response.status === 503 ? S.busy : S.cannot_send;
    sendStatus(text.replace("{seconds}", String(Math.ceil(seconds))).replace("{status}", String(response.status)));
  }

  // The app's own JSON answer, or null: a captive portal's or a proxy's page (HTML, 200 or 403 or 413),
  // a body that does not parse, or JSON without the app's shape is network trouble, never a refusal.
  async function appJson(response) {
    if (!(response.headers.get("Content-Type") || "").startsWith("application/json")) return null;
    try {
      const body = await response.json();
      return body && typeof body === "object" && !Array.isArray(body) ? body : null;
    } catch (e) { return null; }
  }
  async function bare(response) {
    try { return !(await response.clone().text()).trim(); } catch (e) { return false; }
  }

  async function sendWaiting() {
    let waiting = (await allEntries()).filter((i) => i.state === "waiting").sort((a, b) => (a.saved || 0) - (b.saved || 0));
    while (waiting.length) {
      const [batch, size] = takeBatch(waiting);
      const r = await fetch(base + "/entries?lang=" + lang, {
        method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ entries: batch.map((i) => i.entry) }),
      });
      if (await linkGone(r)) return false;
      if (r.status === 429 || r.status >= 500) { wait(r); return false; }
      const body = r.status === 413 && await bare(r) ? {} : await appJson(r);
      if (r.status === 413 && body && !Array.isArray(body.results)) {    // ours or a bare 413: too large
        if (batch.length > 1) { sizeCap = Math.max(1, Math.floor(size / 2)); continue; }
        batch[0].state = "refused";
        batch[0].error = S.too_big_one;
        await putEntry(batch[0]);
        waiting = waiting.slice(1);
        continue;
      }
      if (!body || !Array.isArray(body.results)) { wait(r); return false; }     // not our answer: try later
      for (const res of body.results) {
        const item = batch.find((i) => i.key === res.key);
        if (!item) continue;
        if (res.status === "received" || res.status === "already") {
          item.state = res.state === "landed" ? "landed" : "sent";
          item.held = !!res.held;                        // kept, waiting for the director to add her sheet
          item.conversation_id = res.conversation_id || "";
          if (item.state === "landed") item.landed_at = Date.now();
          delete item.legacy;
        } else if (item.legacy && (res.status === "forbidden" || res.reason === "key_taken")) {
          await giveBack(item);                          // another organizer's entry from an old outbox
          continue;
        } else {
          item.state = "refused";
          item.error = res.error || "";
        }
        await putEntry(item);
      }
      failures = 0;
      sendStatus("");
      const answered = new Set(body.results.map((x) => x.key));
      if (!batch.some((i) => answered.has(i.key))) return false;     // nothing answered: try again later
      waiting = waiting.filter((i) => !batch.includes(i));
    }
    return true;
  }

  async function flush() {
    if (sending || gone || !navigator.onLine || Date.now() < notBefore) return;
    sending = true;
    try {
      if (!(await sendWaiting())) return;
      const sent = (await allEntries()).filter((i) => i.state === "sent");
      if (sent.length) {
        const r = await fetch(base + "/entries?keys=" + sent.slice(0, 200).map((i) => i.key).join(","),
                              { headers: { Accept: "application/json" } });
        if (await linkGone(r)) return;
        if (r.ok) {
          const states = await r.json();
          for (const item of sent) {
            const s = states[item.key];
            if (s && s.state === "landed") {
              item.state = "landed";
              item.conversation_id = s.conversation_id || "";
              item.conversation_person = s.person_id || "";
              item.landed_at = Date.now();
              await putEntry(item);
            }
          }
        }
      }
      for (const item of (await allEntries()).filter((i) => i.state === "landed" && i.photos_state === "waiting")) {
        await sendPhotos(item);
      }
    } catch (e) {
      /* no connection: the entries stay waiting */
    } finally {
      sending = false;
      renderOutbox();
    }
  }

  // Photos go through the upload page's own path (/u/<link>) once the conversation has its ID, which
  // goes in their note; each file carries a key, so a resend is "already stored", never a copy.
  async function sendPhotos(item) {
    const form = new FormData();
    form.append("csrf", directory.upload_form || "");
    form.append("lang", lang);
    form.append("worksite", item.worksite || "");
    form.append("person", item.entry.person || item.conversation_person || "");
    form.append("note", item.conversation_id);
    item.photos.forEach((file, i) => {
      form.append("key", item.key + "-photo-" + i);
      form.append("file", file, file.name || "photo-" + i + ".jpg");
    });
    const r = await fetch("/u/" + encodeURIComponent(token) + "?lang=" + lang,
                          { method: "POST", body: form, headers: { Accept: "application/json" } });
    if (r.status >= 500 || r.status === 429) return;          // try again on the next round
    const body = await r.json();
    if (r.ok) {
      item.photos_state = "sent";
      item.photos_note = S.photos_sent.replace("{count}", String((body.received || []).length));
    } else {
      item.photos_state = "refused";
      item.photos_note = S.photos_failed.replace("{error}", body.error || String(r.status));
    }
    item.photos = [];
    await putEntry(item);
  }

  async function renderOutbox() {
    const items = (await prune(await allEntries())).sort((a, b) => (b.saved || 0) - (a.saved || 0));
    const names = { waiting: gone ? S.not_sent : S.waiting, sent: S.sent, landed: S.arrived, refused: S.refused };
    if (gone) {                                        // what was not sent, in full, to copy
      const unsent = items.filter((i) => i.state === "waiting" || i.state === "refused");
      $("gone-kept").textContent = unsent.length ? S.unsent_kept.replace("{count}", String(unsent.length)) : "";
      $("gone-entries").replaceChildren(...unsent.map((i) => {
        const copy = document.createElement("textarea");
        copy.readOnly = true;
        copy.rows = 3;
        copy.className = "unsent";
        copy.value = i.label + "\n" + (i.entry.notes || "");
        return copy;
      }));
    }
    $("outbox").replaceChildren(...items.slice(0, 50).map((i) => {
      const li = document.createElement("li");
      li.dataset.key = i.key;
      li.dataset.state = i.state;
      const what = document.createElement("span");
      what.textContent = i.label + " — ";
      const state = document.createElement("span");
      state.className = "state-" + i.state;
      state.textContent = ((i.state === "sent" && i.held ? S.held : names[i.state]) || "") + (i.conversation_id ? " (" + i.conversation_id + ")" : "") +
        (i.error ? i.error : "") + (i.photos_note ? " · " + i.photos_note : "");
      li.append(what, state);
      if (i.photos_state) li.dataset.photos = i.photos_state;
      if (i.state === "refused" && !gone) li.append(...refusedTools(i));
      return li;
    }));
  }

  // A refused entry: its notes in full (to copy), the server's reason, and the organizer's choice --
  // edit it and send it again (under a new key: a refused key was never stored as this organizer's), or
  // discard it for good.
  function refusedTools(item) {
    const notes = document.createElement("textarea");
    notes.readOnly = true;
    notes.rows = 3;
    notes.className = "refused-notes";
    notes.value = item.entry.notes || "";
    const edit = document.createElement("button");
    edit.type = "button"; edit.className = "small edit"; edit.textContent = S.edit_resend;
    edit.addEventListener("click", () => startEditing(item));
    const drop = document.createElement("button");
    drop.type = "button"; drop.className = "small discard"; drop.textContent = S.discard;
    drop.addEventListener("click", async () => {
      if (!window.confirm(S.discard_confirm)) return;
      await dropEntry(item.key);
      renderOutbox();
    });
    const tools = document.createElement("div");
    tools.append(notes, edit, drop);
    return [tools];
  }
  function startEditing(item) {
    resetForm();
    editing = item;
    const e = item.entry;
    $("editing").hidden = false;
    $("editing").textContent = S.editing;
    if (e.new_person) {
      $("add").open = true;
      $("np-name").value = e.new_person.name || "";
      $("np-phone").value = e.new_person.phone || "";
      $("np-worksite").value = e.new_person.worksite || "";
      $("np-language").value = e.new_person.language || "";
    } else {
      const p = personById(e.person);
      choose(p || { id: e.person, name: (item.label || "").split(" · ")[0] || e.person, worksite: item.worksite || "" });
    }
    $("kind").value = e.kind || $("kind").value;
    if (e.date) { $("date").value = e.date; dateTouched = true; }
    $("assessment").value = e.assessment ? String(e.assessment) : "";
    $("asked").value = e.asked || "";
    $("leader").checked = !!e.leader;
    $("deeply").checked = !!e.deeply_felt;
    $("notes").value = e.notes || "";
    $("follow-up").value = e.follow_up || "";
    for (const b of document.querySelectorAll("#issues input")) b.checked = (e.issues || []).includes(b.value);
    $("entry").scrollIntoView();
  }

  function showOnline() { $("offline").hidden = navigator.onLine; }

  $("search").addEventListener("input", search);
  $("date").addEventListener("input", () => { dateTouched = true; });
  $("date").addEventListener("focus", freshDates);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) freshDates(); });
  for (const b of document.querySelectorAll("button[data-days]")) {
    b.addEventListener("click", () => { $("follow-up").value = b.dataset.days ? addDays(Number(b.dataset.days)) : ""; });
  }
  $("entry").addEventListener("submit", async (event) => {
    event.preventDefault();
    const item = readForm();
    if (!item || gone) {
      $("form-error").hidden = false;
      $("form-error").textContent = S.search;
      return;
    }
    $("form-error").hidden = true;
    if (editing && !item.photos.length && (editing.photos || []).length) {
      item.photos = editing.photos;                     // the refused entry's photos go with it
      item.photos_state = "waiting";
    }
    item.saved = Date.now();
    item.organizer = organizer;
    const fixed = editing;
    await putEntry(item);
    if (fixed) await dropEntry(fixed.key);              // sent again under a new key (the old was never ours)
    resetForm();
    $("saved").hidden = false;
    await renderOutbox();
    flush();
  });
  window.addEventListener("online", () => { showOnline(); flush(); });
  window.addEventListener("offline", showOnline);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/c/sw.js", { scope: "/c/" }).catch(() => {});
    // this very page was loaded before the worker existed: keep a copy now, so it opens without signal
    if (self.caches) caches.open("turfbook-field-v1").then((c) => c.add(location.pathname + location.search)).catch(() => {});
  }
  showOnline();
  freshDates();
  loadDirectory();
  renderOutbox().then(flush);
  setInterval(flush, 5000);
})();
