// The migrant's calculator: with JavaScript the questions come one step at a time (htmx posts
// each step; the server checks it and answers the next one with the running score); without
// it the page is one long form. The print button prints the result's summary.
(function () {
  document.documentElement.classList.add("js");
  function showPrint() {
    document.querySelectorAll("[data-print]").forEach(function (button) { button.hidden = false; });
  }
  showPrint();
  document.addEventListener("click", function (evt) {
    var button = evt.target.closest && evt.target.closest("[data-print]");
    if (button) { window.print(); }
  });
  // a link to a question ("answer these to check", the error summary) shows the step that asks
  // it, opens its group and puts the focus on it
  function showStep(step) {
    var form = step.closest("form");
    form.querySelectorAll("fieldset.step").forEach(function (other) {
      other.classList.toggle("current", other === step);
    });
    var index = step.getAttribute("data-step");
    var current = form.querySelector("input[name=current]");
    if (current) { current.value = index; }
    form.querySelectorAll(".progress li").forEach(function (item, n) {
      var on = String(n) === index;
      item.classList.toggle("current", on);
      if (on) { item.setAttribute("aria-current", "step"); } else { item.removeAttribute("aria-current"); }
    });
  }
  document.addEventListener("click", function (evt) {
    var link = evt.target.closest && evt.target.closest("#calculator a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    var step = field && field.closest("fieldset.step");
    if (!step) { return; }
    evt.preventDefault();
    showStep(step);
    var group = field.closest("details");
    if (group) { group.open = true; }
    field.focus();
    field.scrollIntoView({ block: "center" });
  });
  // after a step: the first answer to fix takes the focus, else the step shown (or the result)
  document.addEventListener("htmx:afterSettle", function (evt) {
    var root = document.getElementById("calculator");
    if (!root || !evt.detail.target || evt.detail.target.id !== "calculator") { return; }
    showPrint();
    var wrong = root.querySelector("[autofocus]");
    var result = root.querySelector("#result");
    var step = root.querySelector("fieldset.step.current");
    var target = wrong || result || step;
    if (target) {
      target.focus();
      target.scrollIntoView({ block: "start" });
    }
  });
})();
