// Type-ahead for the division-code picker of the health declaration: fills the shared <datalist>
// from /health/divisions/?format=json as the user types a place name or code. Without JavaScript the
// field still takes a six-digit code, and the "look up" link opens the search page.
(function () {
  var script = document.currentScript;
  var url = script && script.dataset.url;
  var list = document.getElementById("division-options");
  if (!url || !list) return;
  var timer = null;
  document.querySelectorAll("input.place").forEach(function (input) {
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 1 || /^\d{6} /.test(q)) return;
      timer = setTimeout(function () {
        fetch(url + "?format=json&q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            list.innerHTML = "";
            data.results.forEach(function (d) {
              var option = document.createElement("option");
              option.value = d.label;
              list.appendChild(option);
            });
          });
      }, 200);
    });
  });
})();
