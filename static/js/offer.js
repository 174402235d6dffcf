// The offer form, enhanced (templates/offers/_step.html). Every step works without this file: it is a
// plain form that "Zapisz" posts. With it:
//  - the step is autosaved a few seconds after typing stops (POST to data-autosave-url, the same form
//    fields, the CSRF token also in X-CSRFToken), with "Zapisano automatycznie o HH:MM:SS" in a polite
//    live region; an edit conflict (409) stops autosaving and offers to show both versions;
//  - the live estimate: the form goes to data-preview-url, the server computes (Decimal, the same rules
//    as the submission) and answers texts to put on the page and messages to show at their fields —
//    no money rule lives here;
//  - what was typed is kept in localStorage per offer and step until the server has it, so a closed tab or
//    an expired session loses at most a few seconds; a page drawn from older data offers to restore it;
//  - "add row" buttons clone a <template>, numbering rows on from data-next-index.
// No inline scripts (CSP): everything is wired through data- attributes.
(function () {
  "use strict";

  var printButtons = document.querySelectorAll("[data-print]");
  Array.prototype.forEach.call(printButtons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  var form = document.querySelector("form[data-offer-form]");
  if (!form) {
    return;
  }
  document.documentElement.classList.add("js");

  var d = form.dataset;
  var AUTOSAVE_MS = 2500;
  var PREVIEW_MS = 500;
  var RETRY_MS = 10000;
  var storageKey = "oko-offer-" + d.offerId + "-" + d.step;
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute("content") : "";
  var statusLine = document.getElementById("autosave-status");
  var nextIndex = parseInt(d.nextIndex || "0", 10);

  var dirty = false;          // the form holds something the server does not have yet
  var edits = 0;              // counts edits, to know whether the saved form is still the form
  var inFlight = null;        // the autosave request under way
  var again = false;          // an edit arrived while saving: save once more afterwards
  var stopped = false;        // after an edit conflict: never overwrite silently
  var autosaveTimer = null;
  var previewTimer = null;
  var retryTimer = null;
  var previewSeq = 0;
  var lastMessages = {};
  var navFailed = false;

  // ------------------------------------------------------------ small helpers

  function setStatus(text) {
    if (statusLine) {
      statusLine.textContent = text || "";
    }
  }

  function post(url, body, extra) {
    var options = {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Accept": "application/json" }
    };
    if (extra) {
      Object.keys(extra).forEach(function (key) { options[key] = extra[key]; });
    }
    return fetch(url, options).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1 || response.redirected) {
        // A login page or an expired form (CSRF) instead of JSON: the session is gone.
        return { status: 401, data: {} };
      }
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    });
  }

  function fieldEntries() {
    var values = {};
    new FormData(form).forEach(function (value, name) {
      if (name === "csrf_token" || name === "lock_version" || typeof value !== "string") {
        return;
      }
      values[name] = value;
    });
    return values;
  }

  // Which rows the page has, in order, in which container: the row numbers in the field names only mean
  // something together with this (a save and a reload number the rows anew, as the draft has them).
  function rowLayout() {
    var layout = [];
    Array.prototype.forEach.call(form.querySelectorAll("[data-rows][id]"), function (container) {
      Array.prototype.forEach.call(container.querySelectorAll("[data-row]"), function (row) {
        if (row.closest("[data-rows]") === container) {
          layout.push({ c: container.id, i: row.dataset.rowIndex });
        }
      });
    });
    return layout;
  }

  function sameValues(a, b) {
    var keysA = Object.keys(a).sort();
    var keysB = Object.keys(b).sort();
    if (keysA.join("\n") !== keysB.join("\n")) {
      return false;
    }
    return keysA.every(function (key) { return a[key] === b[key]; });
  }

  function setLock(value) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-lock-version]"), function (input) {
      input.value = value;
    });
  }

  // ------------------------------------------------------------ localStorage

  function saveLocal() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ t: Date.now(), values: fieldEntries(), layout: rowLayout() }));
    } catch (e) {
      // Storage full or disabled (private mode): the autosave still works.
    }
  }

  function loadLocal() {
    try {
      return JSON.parse(localStorage.getItem(storageKey) || "null");
    } catch (e) {
      return null;
    }
  }

  function dropLocal() {
    try {
      localStorage.removeItem(storageKey);
    } catch (e) {
      // nothing to do
    }
  }

  function applySnapshot(saved) {
    var layout = (saved.layout || []).filter(function (entry) { return document.getElementById(entry.c); });
    if (layout.length) {
      // Rebuild the rows exactly as they were numbered when the snapshot was taken, then fill them.
      Array.prototype.forEach.call(form.querySelectorAll("[data-rows][id]"), function (container) {
        Array.prototype.forEach.call(container.querySelectorAll("[data-row]"), function (row) {
          if (row.closest("[data-rows]") === container) {
            row.parentNode.removeChild(row);
          }
        });
      });
      layout.forEach(function (entry) {
        var container = document.getElementById(entry.c);
        addRow(entry.c, container.dataset.template, container.dataset.action || "", parseInt(entry.i, 10), false);
      });
    }
    var values = saved.values || {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.name === "lock_version" || el.type === "submit" ||
          el.type === "button" || el.type === "file") {
        return;
      }
      if (el.type === "checkbox") {
        el.checked = Object.prototype.hasOwnProperty.call(values, el.name);
      } else if (el.type === "radio") {
        el.checked = values[el.name] === el.value;
      } else if (Object.prototype.hasOwnProperty.call(values, el.name)) {
        el.value = values[el.name];
      }
    });
  }

  function offerRestore() {
    var saved = loadLocal();
    if (!saved || !saved.values) {
      return;
    }
    // Older than what the server has (this page was drawn after it): the server's data wins.
    if (saved.t <= parseInt(d.updatedMs || "0", 10) || sameValues(saved.values, fieldEntries())) {
      dropLocal();
      return;
    }
    var box = document.getElementById("restore-box");
    if (!box) {
      return;
    }
    var time = new Date(saved.t).toLocaleTimeString(document.documentElement.lang || undefined);
    box.querySelector("[data-restore-text]").textContent = (d.msgRestore || "").replace("{time}", time);
    box.hidden = false;
    box.querySelector("[data-restore]").addEventListener("click", function () {
      applySnapshot(saved);
      box.hidden = true;
      edited();
    });
    box.querySelector("[data-restore-discard]").addEventListener("click", function () {
      dropLocal();
      box.hidden = true;
    });
  }

  // ------------------------------------------------------------ messages at their fields

  function controlFor(id) {
    return document.getElementById(id);
  }

  function clearMessages() {
    Array.prototype.forEach.call(form.querySelectorAll("ul.errors"), function (list) {
      var id = list.id.replace(/-error$/, "");
      var control = controlFor(id);
      if (control && /^(INPUT|SELECT|TEXTAREA)$/.test(control.tagName)) {
        control.setAttribute("aria-invalid", "false");
        var described = (control.getAttribute("aria-describedby") || "").split(/\s+/)
          .filter(function (token) { return token && token !== list.id; });
        if (described.length) {
          control.setAttribute("aria-describedby", described.join(" "));
        } else {
          control.removeAttribute("aria-describedby");
        }
      }
      var holder = list.parentNode;
      list.parentNode.removeChild(list);
      if (holder && holder.classList && !holder.querySelector("ul.errors")) {
        holder.classList.remove("has-error");
      }
    });
  }

  function placeMessages(path, messages) {
    var id = "f-" + path.replace(/\./g, "-");
    var el = controlFor(id);
    if (!el || !form.contains(el) || !messages || !messages.length) {
      return;
    }
    var container = el.closest("[data-field], .field, td, fieldset.row-block") || el.parentNode;
    var list = document.createElement("ul");
    list.className = "errors";
    list.id = id + "-error";
    messages.forEach(function (message) {
      var item = document.createElement("li");
      item.textContent = message;
      list.appendChild(item);
    });
    if (el === container) {
      container.appendChild(list);
    } else if (el.parentNode === container) {
      container.insertBefore(list, el);
    } else {
      var after = container.querySelector(":scope > .hint") || container.querySelector(":scope > legend");
      if (after) {
        container.insertBefore(list, after.nextSibling);
      } else {
        container.insertBefore(list, container.firstChild);
      }
    }
    container.classList.add("has-error");
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) {
      el.setAttribute("aria-invalid", "true");
      var described = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      if (described.indexOf(list.id) === -1) {
        described.push(list.id);
      }
      el.setAttribute("aria-describedby", described.join(" "));
    }
  }

  function showMessages(map) {
    clearMessages();
    Object.keys(map || {}).forEach(function (path) { placeMessages(path, map[path]); });
  }

  function merged(a, b) {
    var result = {};
    [a || {}, b || {}].forEach(function (map) {
      Object.keys(map).forEach(function (path) {
        result[path] = (result[path] || []).concat(map[path].filter(function (m) {
          return (result[path] || []).indexOf(m) === -1;
        }));
      });
    });
    return result;
  }

  // ------------------------------------------------------------ the live estimate

  function setTexts(selector, attribute, texts) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), function (el) {
      var key = el.getAttribute(attribute);
      if (texts && Object.prototype.hasOwnProperty.call(texts, key)) {
        el.textContent = texts[key];
      } else if (attribute !== "data-figure") {
        el.textContent = "—";
      }
    });
  }

  function preview() {
    if (!d.previewUrl) {
      return;
    }
    var seq = ++previewSeq;
    var body = new FormData(form);
    body.set("check", d.check || "0");
    post(d.previewUrl, body).then(function (result) {
      if (seq !== previewSeq || result.status !== 200) {
        return;   // an answer to older input, or no answer: the next edit asks again
      }
      var data = result.data;
      setTexts("[data-figure]", "data-figure", data.figures);
      setTexts("[data-line-value]", "data-line-value", data.line_values);
      setTexts("[data-action-total]", "data-action-total", data.action_totals);
      lastMessages = data.messages || {};
      showMessages(lastMessages);
    }).catch(function () { /* offline: the figures wait for the next edit */ });
  }

  function schedulePreview() {
    window.clearTimeout(previewTimer);
    previewTimer = window.setTimeout(preview, PREVIEW_MS);
  }

  // ------------------------------------------------------------ autosave

  function removeSavedRows(ticked) {
    ticked.forEach(function (name) {
      var box = form.querySelector('[name="' + name + '"]');
      var row = box && box.checked ? box.closest("[data-row]") : null;
      if (row) {
        row.parentNode.removeChild(row);
      }
    });
  }

  function updateOrigins(rows) {
    // The actions of III.4 now sit at these positions: keep each row's origin right for the next save.
    (rows && rows.actions || []).forEach(function (pair) {
      var input = form.querySelector('[name="actions.' + pair[0] + '.origin"]');
      if (input) {
        input.value = String(pair[1]);
      }
    });
  }

  function autosave() {
    window.clearTimeout(autosaveTimer);
    window.clearTimeout(retryTimer);
    if (stopped || !dirty || !d.autosaveUrl) {
      return Promise.resolve();
    }
    if (inFlight) {
      again = true;
      return inFlight;
    }
    var sentEdits = edits;
    var body = new FormData(form);
    var ticked = [];
    Array.prototype.forEach.call(form.querySelectorAll("[data-remove-row]:checked"), function (box) {
      ticked.push(box.name);
    });
    setStatus(d.msgSaving);
    inFlight = post(d.autosaveUrl, body).then(function (result) {
      var data = result.data || {};
      if (result.status === 200) {
        setLock(data.lock_version);
        d.updatedMs = String(data.updated_ms);
        setStatus((d.msgSaved || "").replace("{time}", data.saved_at));
        removeSavedRows(ticked);
        updateOrigins(data.rows);
        showMessages(lastMessages);   // a refused save's messages go; the estimate's stay
        if (edits === sentEdits) {
          dirty = false;
          dropLocal();
        }
      } else if (result.status === 422) {
        showMessages(merged(lastMessages, data.fields));
        setStatus(d.msgInvalid);
      } else if (result.status === 409 && data.error === "edit_conflict") {
        stopped = true;
        setStatus(data.message);
        var box = document.getElementById("conflict-live");
        if (box) {
          box.querySelector("[data-conflict-text]").textContent = data.message;
          box.hidden = false;
        }
      } else if (result.status === 401) {
        setStatus(data.message || d.msgExpired);
      } else {
        setStatus(data.message || d.msgInvalid);
      }
    }).catch(function () {
      setStatus(d.msgOffline);
      retryTimer = window.setTimeout(autosave, RETRY_MS);
    }).then(function () {
      inFlight = null;
      if (again) {
        again = false;
        scheduleAutosave();
      }
    });
    return inFlight;
  }

  function scheduleAutosave() {
    window.clearTimeout(autosaveTimer);
    autosaveTimer = window.setTimeout(autosave, AUTOSAVE_MS);
  }

  function edited() {
    dirty = true;
    edits += 1;
    navFailed = false;
    saveLocal();
    scheduleAutosave();
    schedulePreview();
  }

  form.addEventListener("input", function (event) {
    if (event.target && event.target.name) {
      edited();
    }
  });
  form.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.name && (el.tagName === "SELECT" || el.type === "checkbox" || el.type === "radio")) {
      edited();
    }
  });

  // A plain submit must not race an autosave: it would carry the lock_version from before it.
  form.addEventListener("submit", function (event) {
    window.clearTimeout(autosaveTimer);
    if (inFlight) {
      event.preventDefault();
      var submitter = event.submitter || null;
      inFlight.then(function () {
        if (form.requestSubmit) {
          form.requestSubmit(submitter);
        } else {
          form.submit();
        }
      });
    }
  });

  // Moving to another part: save first, so that page is drawn from the saved draft.
  Array.prototype.forEach.call(document.querySelectorAll("[data-step-link]"), function (link) {
    link.addEventListener("click", function (event) {
      if (!dirty || stopped || navFailed) {
        return;
      }
      event.preventDefault();
      autosave().then(function () {
        if (!dirty) {
          window.location.href = link.href;
        } else {
          navFailed = true;   // the status line says why; a second click leaves anyway
        }
      });
    });
  });

  // Closing the tab or reloading sends nothing more: a save fired while the next page is being drawn would
  // race it (that page would hold the lock_version from before the save). What was typed since the last
  // autosave is in localStorage, and the next page load offers it back.

  // ------------------------------------------------------------ adding rows

  function addRow(containerId, templateId, action, index, focus) {
    var container = document.getElementById(containerId);
    var template = document.getElementById(templateId);
    if (!container || !template) {
      return null;
    }
    var number = index === null || index === undefined || isNaN(index) ? nextIndex : index;
    nextIndex = Math.max(nextIndex, number + 1);
    var holder = document.createElement("template");
    holder.innerHTML = template.innerHTML.replace(/__INDEX__/g, String(number));
    var row = holder.content.firstElementChild;
    row.dataset.added = "1";
    row.dataset.container = containerId;
    row.dataset.template = templateId;
    if (action) {
      row.dataset.action = action;
      var select = row.querySelector("[data-action-select]");
      if (select) {
        select.value = action;
      }
    }
    var sum = container.querySelector("tr.sum-row");
    if (sum && sum.parentNode === container) {
      container.insertBefore(row, sum);
    } else {
      container.appendChild(row);
    }
    if (focus) {
      var first = row.querySelector("input[type=text], textarea");
      if (first) {
        first.focus();
      }
    }
    return row;
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-add-row]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var container = document.getElementById(button.dataset.addRow);
      addRow(button.dataset.addRow, container && container.dataset.template, button.dataset.action || "", null, true);
      saveLocal();
    });
  });

  offerRestore();
})();
