// Progressive enhancement for the upload page: one request per file (progress bar and retry per
// file on a weak connection). Without JS the form posts normally.
// One sending holds at most data-max-files files and data-max-bytes in all: a bigger selection is
// refused here, before anything is sent. Each file gets an upload key (a random UUID plus its size)
// sent just before it and kept across retries, so a retried file the server already has is answered
// "already stored" rather than stored twice.
(function () {
  "use strict";
  var form = document.getElementById("upload");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  var d = form.dataset;
  var maxBytes = parseInt(d.maxBytes, 10);
  var maxFiles = parseInt(d.maxFiles, 10);
  var progressBox = document.getElementById("progress");
  var selection = document.getElementById("selection");
  var results = document.getElementById("results");
  var sendButton = document.getElementById("send");

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }

  function line(parent, tag, text, cls) {
    var el = document.createElement(tag);
    el.textContent = text;
    if (cls) el.className = cls;
    parent.appendChild(el);
    return el;
  }

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  function chosen() {
    var files = [];
    ["camera", "files"].forEach(function (id) {
      var input = document.getElementById(id);
      for (var i = 0; input && i < input.files.length; i++) files.push(input.files[i]);
    });
    return files;
  }

  function mb(bytes) { return (Math.ceil(bytes / 104857.6) / 10).toString(); }

  // the reason this selection cannot be sent, or "" when it can
  function overLimit(files) {
    var total = files.reduce(function (sum, f) { return sum + f.size; }, 0);
    if (files.length > maxFiles) return fmt(d.msgTooMany, { count: files.length });
    if (total > maxBytes) return fmt(d.msgTooBig, { total: mb(total) });
    return "";
  }

  function check() {
    var files = chosen();
    var problem = overLimit(files);
    selection.textContent = problem || (files.length ? fmt(d.msgChosen, { count: files.length, total: mb(
      files.reduce(function (sum, f) { return sum + f.size; }, 0)) }) : "");
    selection.className = problem ? "bad" : "hint";
    selection.setAttribute("role", problem ? "alert" : "status");
    sendButton.disabled = !!problem;
    return problem;
  }
  ["camera", "files"].forEach(function (id) {
    var input = document.getElementById(id);
    if (input) input.addEventListener("change", check);
  });

  function sendOne(item, attempt, done) {
    var file = item.file;
    var data = new FormData();
    ["csrf", "lang", "worksite", "person", "issue", "note"].forEach(function (name) {
      var field = form.elements[name];
      if (field) data.append(name, field.value);
    });
    data.append("key", item.key);
    data.append("file", file, file.name);
    var row = document.createElement("div");
    line(row, "div", fmt(d.msgSending, { name: file.name }), "hint");
    var bar = document.createElement("progress");
    bar.max = file.size || 1; bar.value = 0;
    row.appendChild(bar);
    progressBox.appendChild(row);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = function (e) { if (e.lengthComputable) { bar.max = e.total; bar.value = e.loaded; } };
    function failed(reason) {
      return { files: [{ name: file.name, status: "refused", reason: reason, retry: true }] };
    }
    xhr.onload = function () {
      progressBox.removeChild(row);
      var answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch (err) { answer = null; }
      if (answer && answer.files && answer.files.length) return done(answer);
      if (xhr.status >= 500 && attempt < 3) return setTimeout(function () { sendOne(item, attempt + 1, done); }, 1500 * attempt);
      done(failed((answer && answer.error) || fmt(d.msgRetry, { name: file.name })));
    };
    xhr.onerror = function () {
      progressBox.removeChild(row);
      if (attempt < 3) return setTimeout(function () { sendOne(item, attempt + 1, done); }, 2000 * attempt);
      done(failed(fmt(d.msgRetry, { name: file.name })));
    };
    xhr.send(data);
  }

  function sendAll(items, kept) {
    var outcome = (kept || []).slice();
    sendButton.disabled = true;
    (function next(i) {
      if (i >= items.length) return show(outcome);
      sendOne(items[i], 1, function (answer) {
        answer.files.forEach(function (f) { outcome.push({ item: items[i], result: f }); });
        next(i + 1);
      });
    })(0);
  }

  form.addEventListener("submit", function (event) {
    var files = chosen();
    if (!form.checkValidity()) return;
    event.preventDefault();
    if (!files.length) { progressBox.textContent = d.msgNofiles; return; }
    if (check()) return;     // over the limit: nothing is sent
    sendAll(files.map(function (f) { return { file: f, key: uuid() + "-" + f.size }; }));
  });

  function show(outcome) {
    form.hidden = true;
    results.hidden = false;
    results.textContent = "";
    var received = outcome.filter(function (o) { return o.result.status !== "refused"; });
    var refused = outcome.filter(function (o) { return o.result.status === "refused"; });
    if (received.length) {
      line(results, "h2", d.msgReceived + " (" + received.length + ")", "ok");
      var ok = line(results, "ul", "");
      received.forEach(function (o) {
        var li = line(ok, "li", o.result.name, "received " + o.result.status);
        if (o.result.status === "already") line(li, "span", " " + d.msgAlready, "hint");
      });
    }
    if (refused.length) {
      line(results, "h2", d.msgRefused + " (" + refused.length + ")", "bad");
      var bad = line(results, "ul", "");
      refused.forEach(function (o) { line(bad, "li", o.result.name + ": " + o.result.reason, "refused"); });
      if (received.length) line(results, "p", d.msgResendHint, "hint");
      // the same files with the same keys: any the server got after all come back "already stored"
      var again = refused.filter(function (o) { return o.result.retry; }).map(function (o) { return o.item; });
      if (again.length) {
        var resend = line(results, "button", d.msgResend);
        resend.id = "resend";
        resend.type = "button";
        resend.addEventListener("click", function () {
          results.hidden = true;
          form.hidden = false;
          sendAll(again, received);
        });
      }
    }
    var more = line(results, "a", d.msgAgain, "button");
    more.href = window.location.pathname + window.location.search;
  }
})();
