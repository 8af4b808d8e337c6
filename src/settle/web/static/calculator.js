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
