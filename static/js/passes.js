// The pass page asks every 60 s which pass it should show; a new pass (another colour, a renewal)
// reloads the page, so its QR changes when the colour does. No third-party code.
(function () {
  var card = document.getElementById("pass-card");
  if (!card) return;
  var url = card.getAttribute("data-state-url");
  var shown = card.getAttribute("data-pass");
  function check() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) { if (state && state.pass && state.pass !== shown) window.location.reload(); })
      .catch(function () {});
  }
  window.setInterval(check, 60000);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) check(); });
})();
