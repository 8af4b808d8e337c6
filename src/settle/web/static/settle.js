// Settle: every htmx request that fails shows its error beside the control that sent it.
(function () {
  function formOf(elt) {
    return elt.closest("form") || elt.querySelector("form") || elt;
  }
  function slotFor(elt) {
    var form = formOf(elt);
    var slot = form.querySelector("[data-error-slot]");
    if (!slot) {
      slot = document.createElement("p");
      slot.setAttribute("data-error-slot", "");
      slot.setAttribute("role", "alert");
      slot.className = "error";
      form.appendChild(slot);
    }
    return slot;
  }
  document.addEventListener("htmx:beforeSwap", function (evt) {
    var xhr = evt.detail.xhr;
    if (xhr.status < 400) { return; }
    evt.detail.shouldSwap = false;
    var slot = slotFor(evt.detail.elt);
    var type = xhr.getResponseHeader("content-type") || "";
    if (type.indexOf("text/html") === 0 && xhr.responseText.length < 4000) {
      slot.innerHTML = xhr.responseText;
    } else {
      slot.textContent = document.body.getAttribute("data-failed") + " (" + xhr.status + ")";
    }
    var field = slot.querySelector("[data-field]");
    var name = field && field.getAttribute("data-field");
    var form = slot.closest("form");
    var input = name && form && form.querySelector("[name='" + name + "']");
    if (input) {
      input.setAttribute("aria-invalid", "true");
      setTimeout(function () { input.focus(); }, 0);
    }
  });
  document.addEventListener("htmx:beforeRequest", function (evt) {
    var slot = formOf(evt.detail.elt).querySelector("[data-error-slot]");
    if (slot) { slot.textContent = ""; }
  });
  // Intake: the birth date and sex an 18-character identity number encodes (GB 11643), filled in
  // for the clerk to check; the server checks them against the number again.
  document.addEventListener("input", function (evt) {
    var field = evt.target;
    if (!field || field.id !== "identity_number") { return; }
    var number = field.value.trim().toUpperCase();
    if (!/^\d{17}[\dX]$/.test(number)) { return; }
    var born = document.getElementById("birth_date");
    var sex = document.getElementById("sex");
    if (born) { born.value = number.slice(6, 10) + "-" + number.slice(10, 12) + "-" + number.slice(12, 14); }
    if (sex) { sex.value = parseInt(number.charAt(16), 10) % 2 === 1 ? "male" : "female"; }
  });
  // The verifier's queue: ticking an applicant's group ticks each of that applicant's tasks.
  document.addEventListener("change", function (evt) {
    var box = evt.target;
    var group = box && box.getAttribute && box.getAttribute("data-tick-group");
    if (!group) { return; }
    document.querySelectorAll("input[data-group-of='" + group + "']").forEach(function (task) {
      task.checked = box.checked;
    });
  });
  document.addEventListener("htmx:sendError", function (evt) {
    slotFor(evt.detail.elt).textContent = document.body.getAttribute("data-offline");
  });
})();
// A page that comes back with errors takes the focus to the first one (unless a control asks
// for it with autofocus): a field's error focuses its field, any other error the message itself.
document.addEventListener("DOMContentLoaded", function () {
  if (document.querySelector("[autofocus]")) { return; }
  var alerts = document.querySelectorAll("main [role=alert]");
  for (var i = 0; i < alerts.length; i++) {
    var alert = alerts[i];
    if (!alert.textContent.trim()) { continue; }
    var field = alert.closest(".field");
    var control = field && field.querySelector("input:not([type=hidden]), select, textarea");
    if (!control) {
      control = alert;
      if (!control.hasAttribute("tabindex")) { control.setAttribute("tabindex", "-1"); }
    }
    control.focus();
    return;
  }
});
// A table wider than the screen scrolls in its .table-wrap: a keyboard reaches it, and a
// screen reader names it by its caption.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".table-wrap").forEach(function (wrap) {
    if (wrap.hasAttribute("tabindex") || wrap.scrollWidth <= wrap.clientWidth) { return; }
    var caption = wrap.querySelector("caption");
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    if (caption) { wrap.setAttribute("aria-label", caption.textContent.trim()); }
  });
});
