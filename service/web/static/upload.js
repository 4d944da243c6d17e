// Progressive enhancement for the upload page: one request per file (so each file has its own
// size limit, progress bar and retry on a weak connection). Without JS the form posts normally.
(function () {
  "use strict";
  var form = document.getElementById("upload");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  var d = form.dataset;
  var maxBytes = parseInt(d.maxBytes, 10);
  var progressBox = document.getElementById("progress");
  var results = document.getElementById("results");

  function fmt(template, name) { return template.replace("{name}", name); }

  function line(parent, tag, text, cls) {
    var el = document.createElement(tag);
    el.textContent = text;
    if (cls) el.className = cls;
    parent.appendChild(el);
    return el;
  }

  function sendOne(file, attempt, done) {
    var data = new FormData();
    ["csrf", "lang", "worksite", "person", "issue", "note"].forEach(function (name) {
      var field = form.elements[name];
      if (field) data.append(name, field.value);
    });
    data.append("file", file, file.name);
    var row = document.createElement("div");
    line(row, "div", fmt(d.msgSending, file.name), "hint");
    var bar = document.createElement("progress");
    bar.max = file.size || 1; bar.value = 0;
    row.appendChild(bar);
    progressBox.appendChild(row);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = function (e) { if (e.lengthComputable) { bar.max = e.total; bar.value = e.loaded; } };
    xhr.onload = function () {
      progressBox.removeChild(row);
      var answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch (err) { answer = null; }
      if (answer && (answer.received || answer.refused)) return done(answer);
      if (xhr.status >= 500 && attempt < 3) return setTimeout(function () { sendOne(file, attempt + 1, done); }, 1500 * attempt);
      done({ received: [], refused: [{ name: file.name, reason: (answer && answer.error) || fmt(d.msgRetry, file.name) }] });
    };
    xhr.onerror = function () {
      progressBox.removeChild(row);
      if (attempt < 3) return setTimeout(function () { sendOne(file, attempt + 1, done); }, 2000 * attempt);
      done({ received: [], refused: [{ name: file.name, reason: fmt(d.msgRetry, file.name) }] });
    };
    xhr.send(data);
  }

  form.addEventListener("submit", function (event) {
    var files = [];
    ["camera", "files"].forEach(function (id) {
      var input = document.getElementById(id);
      for (var i = 0; input && i < input.files.length; i++) files.push(input.files[i]);
    });
    if (!form.checkValidity()) return;
    event.preventDefault();
    if (!files.length) { progressBox.textContent = d.msgNofiles; return; }
    var received = [], refused = [];
    files = files.filter(function (f) {
      if (f.size > maxBytes) { refused.push({ name: f.name, reason: d.msgSize }); return false; }
      return true;
    });
    document.getElementById("send").disabled = true;
    (function next(i) {
      if (i >= files.length) return show(received, refused);
      sendOne(files[i], 1, function (answer) {
        received = received.concat(answer.received || []);
        refused = refused.concat(answer.refused || []);
        next(i + 1);
      });
    })(0);
  });

  function show(received, refused) {
    form.hidden = true;
    results.hidden = false;
    results.textContent = "";
    if (received.length) {
      line(results, "h2", d.msgReceived + " (" + received.length + ")", "ok");
      var ok = line(results, "ul", "");
      received.forEach(function (f) { line(ok, "li", f.name, "received"); });
    }
    if (refused.length) {
      line(results, "h2", d.msgRefused + " (" + refused.length + ")", "bad");
      var bad = line(results, "ul", "");
      refused.forEach(function (f) { line(bad, "li", f.name + ": " + f.reason, "refused"); });
    }
    var again = line(results, "a", d.msgAgain, "button");
    again.href = window.location.pathname + window.location.search;
  }
})();
