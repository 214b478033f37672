// "Rediger" on Frafaldsrisiko (SOSU): open the assessment form in a native <dialog>, save it
// and swap the updated row in. Without JavaScript (or without <dialog>) the link opens the
// same form as a page and "Gem" redirects back to the overview. No inline scripts (CSP).
(() => {
  "use strict";
  const dialog = document.getElementById("risk-dialog");
  if (!dialog || typeof dialog.showModal !== "function" || !window.fetch) return;
  const body = dialog.querySelector("[data-risk-dialog-body]");
  const status = document.getElementById("risk-status");
  const headers = { "HX-Request": "true" };
  let rowId = null; // the row whose "Rediger" opened the dialog: focus goes back there
  let busy = false;

  function focusInside() {
    const target =
      body.querySelector("#form-errors") ||
      body.querySelector("input[type=radio]:checked") ||
      body.querySelector("input:not([type=hidden]), button");
    if (target) target.focus();
  }

  function focusOpener() {
    const row = rowId && document.getElementById(rowId);
    const link = row && row.querySelector("[data-risk-edit]");
    if (link) link.focus();
  }

  async function open(link) {
    if (busy) return;
    busy = true;
    rowId = link.closest("tr") ? link.closest("tr").id : null;
    try {
      const response = await fetch(link.href, { headers, credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      body.innerHTML = await response.text();
      dialog.showModal();
      focusInside();
    } catch (error) {
      window.location.assign(link.href); // let the page version show what went wrong
    } finally {
      busy = false;
    }
  }

  async function save(form) {
    if (busy) return;
    busy = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers,
        credentials: "same-origin",
      });
      const html = await response.text();
      if (response.status === 422) {
        body.innerHTML = html;
        focusInside();
        return;
      }
      if (!response.ok) throw new Error(String(response.status));
      const template = document.createElement("template");
      template.innerHTML = html.trim();
      const row = template.content.querySelector("tr");
      const old = row && document.getElementById(row.id);
      if (old) old.replaceWith(row);
      if (status) status.textContent = dialog.dataset.savedMessage || "";
      dialog.close();
    } catch (error) {
      HTMLFormElement.prototype.submit.call(form); // the page version handles it
    } finally {
      busy = false;
    }
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-risk-edit]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    open(link);
  });
  dialog.addEventListener("click", (event) => {
    if (event.target.closest("[data-risk-cancel]")) {
      event.preventDefault();
      dialog.close();
    }
  });
  dialog.addEventListener("submit", (event) => {
    const form = event.target.closest("[data-risk-form]");
    if (!form) return;
    event.preventDefault();
    save(form);
  });
  // Escape (the native "cancel"), "Annuller" and a saved form all end here.
  dialog.addEventListener("close", () => {
    body.innerHTML = "";
    focusOpener();
  });
})();
