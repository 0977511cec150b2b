/* The guard's page: a keyboard-wedge scanner or typed code (text + Enter), the camera, the id number.
 * Each check posts to the page's own URL and asks for JSON; the verdict covers the screen until the
 * guard taps it or presses Enter, then the page is ready for the next scan. Without this script the
 * forms post normally and the server renders the same verdict. */
(function () {
  "use strict";
  var root = document.getElementById("guard");
  if (!root) return;
  var labels = JSON.parse(document.getElementById("guard-labels").textContent);
  var scanForm = document.getElementById("scan-form");
  var idForm = document.getElementById("id-form");
  var token = document.getElementById("token");
  var verdict = document.getElementById("verdict");
  var closer = document.getElementById("verdict-close");
  var busy = false;
  var shownAt = 0;

  function csrf(form) {
    return form.querySelector("input[name=csrfmiddlewaretoken]").value;
  }

  function direction() {
    var checked = scanForm.querySelector("input[name=direction]:checked");
    var fixed = scanForm.querySelector("input[type=hidden][name=direction]");
    return checked ? checked.value : fixed ? fixed.value : "in";
  }

  function text(id, value) {
    document.getElementById(id).textContent = value || "";
  }

  function show(result) {
    var outcome = result.outcome || "refused";
    verdict.className = "verdict verdict-" + outcome + " colour-" + (result.colour || "none");
    text("verdict-icon", outcome === "allowed" ? "✓" : outcome === "check" ? "!" : "✗");
    text("verdict-outcome", labels.outcomes[outcome] || outcome);
    text("verdict-colour", labels.colours[result.colour] || "");
    text("verdict-subject", result.subject);
    text("verdict-direction", labels.directions[result.direction] || "");
    var zh = (document.documentElement.lang || "").indexOf("zh") === 0;
    text("verdict-reason", result.message);
    text("verdict-reason-other", zh ? result.message_en : result.message_zh);
    text("verdict-code", result.reason);
    verdict.hidden = false;
    shownAt = Date.now();
    if (result.event_id) remember(result, outcome);
    closer.focus();
  }

  function remember(result, outcome) {
    var list = document.getElementById("recent");
    var item = document.createElement("li");
    var dot = document.createElement("span");
    dot.className = "dot colour-" + (result.colour || "none");
    var time = new Date(result.scanned_at).toTimeString().slice(0, 8);
    item.appendChild(dot);
    item.appendChild(document.createTextNode(" " + [time, labels.outcomes[outcome] || outcome,
      result.subject || "—", labels.directions[result.direction] || ""].join(" · ")));
    list.insertBefore(item, list.firstChild);
    while (list.children.length > 10) list.removeChild(list.lastChild);
  }

  function showError(message) {
    show({outcome: "refused", colour: "", subject: "", direction: "", message: message, reason: ""});
  }

  function next(event) {
    if (event) event.preventDefault();
    // A wedge scanner that sends a second Enter must not dismiss the verdict before it was seen.
    if (event && event.type === "keydown" && Date.now() - shownAt < 600) return;
    verdict.hidden = true;
    token.value = "";
    token.focus();
  }

  function post(form, fields) {
    if (busy) return;
    busy = true;
    var body = new URLSearchParams(fields);
    body.set("csrfmiddlewaretoken", csrf(form));
    body.set("direction", direction());
    fetch(form.action, {
      method: "POST",
      body: body,
      headers: {"Accept": "application/json"},
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) {
        if (data.error) showError(data.error); else show(data);
      });
    }).catch(function () {
      showError(labels.offline);
    }).then(function () {
      busy = false;
    });
  }

  scanForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var value = token.value.trim();
    if (!value) { token.focus(); return; }
    post(scanForm, {token: value, lane: scanForm.elements.lane.value});
  });
  idForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var number = idForm.elements.id_number.value.trim();
    if (!number) return;
    post(idForm, {id_number: number, lane: idForm.elements.lane.value});
    idForm.elements.id_number.value = "";
  });
  closer.addEventListener("click", next);
  verdict.addEventListener("click", next);
  document.addEventListener("keydown", function (event) {
    if (!verdict.hidden && (event.key === "Enter" || event.key === "Escape" || event.key === " ")) next(event);
  });
  // Keep the wedge field focused: a scanner types wherever the focus is.
  document.addEventListener("click", function (event) {
    if (verdict.hidden && !event.target.closest("input, button, summary, a, select, label, details")) token.focus();
  });

  /* --- camera: the browser's BarcodeDetector, else the zxing-wasm reader (fetched at setup: tools/fetch_vendor.sh) --- */
  var startButton = document.getElementById("camera-start");
  var stopButton = document.getElementById("camera-stop");
  var box = document.getElementById("camera");
  var video = document.getElementById("camera-video");
  var status = document.getElementById("camera-status");
  var stream = null;
  var reader = null;
  var canvas = document.createElement("canvas");
  var lastValue = "";
  var lastAt = 0;

  if (!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)) return;
  startButton.hidden = false;

  function loadZxing() {
    return new Promise(function (resolve, reject) {
      if (window.ZXingWASM) return resolve(window.ZXingWASM);
      var script = document.createElement("script");
      script.src = root.dataset.zxing;
      script.onload = function () { resolve(window.ZXingWASM); };
      script.onerror = reject;
      document.head.appendChild(script);
    }).then(function (zx) {
      zx.prepareZXingModule({overrides: {locateFile: function () { return root.dataset.zxingWasm; }}});
      return function (source) {
        canvas.width = source.videoWidth;
        canvas.height = source.videoHeight;
        var context = canvas.getContext("2d", {willReadFrequently: true});
        context.drawImage(source, 0, 0);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        return zx.readBarcodesFromImageData(image, {formats: ["QRCode"], maxNumberOfSymbols: 1})
          .then(function (found) { return found.length && found[0].isValid ? found[0].text : null; });
      };
    });
  }

  function makeReader() {
    if ("BarcodeDetector" in window) {
      var detector = new window.BarcodeDetector({formats: ["qr_code"]});
      return Promise.resolve(function (source) {
        return detector.detect(source).then(function (found) { return found.length ? found[0].rawValue : null; });
      });
    }
    return loadZxing();
  }

  function stop() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    box.hidden = true;
    token.focus();
  }

  function tick() {
    if (!stream) return;
    if (busy || !verdict.hidden || video.readyState < 2) { setTimeout(tick, 250); return; }
    reader(video).then(function (value) {
      // The same code still in front of the camera after the verdict is not a second scan.
      if (value && stream && (value !== lastValue || Date.now() - lastAt > 5000)) {
        lastValue = value;
        lastAt = Date.now();
        post(scanForm, {token: value, lane: scanForm.elements.lane.value});
      }
    }).catch(function () {}).then(function () { setTimeout(tick, 200); });
  }

  startButton.addEventListener("click", function () {
    status.textContent = labels.camera_starting;
    box.hidden = false;
    makeReader().then(function (read) {
      reader = read;
      return navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false});
    }).then(function (media) {
      stream = media;
      video.srcObject = media;
      return video.play();
    }).then(function () {
      status.textContent = labels.camera_ready;
      tick();
    }).catch(function () {
      status.textContent = labels.camera_failed;
    });
  });
  stopButton.addEventListener("click", stop);
})();
