// The map of /carte/ and of the embeddable /widget/carte/: places come from the GeoJSON API,
// clustered by the server. Filters stay in the query string; the view (zoom/lat/lon) lives in
// the URL hash. Options from data attributes: data-link-target (where popup links open, "_blank"
// in a frame) and data-bounds ("west,south,east,north", the first view when the hash has none).
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) return;
  var data = el.dataset;
  var status = document.getElementById("map-status");
  var filters = new URLSearchParams(window.location.search);
  el.innerHTML = "";

  var map = L.map(el, { minZoom: 2, maxZoom: 19, zoomControl: false });
  L.control.zoom({ zoomInTitle: data.labelZoomIn, zoomOutTitle: data.labelZoomOut }).addTo(map);
  var target = data.linkTarget ? ' target="' + data.linkTarget + '" rel="noopener"' : "";
  map.attributionControl.setPrefix('<a href="https://leafletjs.com"' + target + ">Leaflet</a>");
  L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 19 }).addTo(map);
  var layer = L.layerGroup().addTo(map);
  var markers = {}; // key of a feature -> its marker, kept across reloads of the view
  var familyCodes = {}; // family label (in the map data) -> code (the marker's class)
  try { familyCodes = JSON.parse(data.families || "{}"); } catch (e) { familyCodes = {}; }

  // Leaflet writes "Close popup" in English.
  map.on("popupopen", function (e) {
    var close = e.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close) close.setAttribute("aria-label", data.labelClose);
  });

  function viewFromHash() {
    var m = window.location.hash.match(/^#(\d{1,2})\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/);
    return m ? { zoom: +m[1], center: [+m[2], +m[3]] } : null;
  }

  function label(count) {
    return count + " " + (count > 1 ? data.labelPlaces : data.labelPlace);
  }

  function isActivation(e) {
    var key = e.originalEvent.key;
    return key === "Enter" || key === " ";
  }

  function clusterMarker(lat, lon, count) {
    var size = count < 10 ? 34 : count < 100 ? 42 : 52;
    var html = document.createElement("span");
    var digits = document.createElement("span");
    digits.setAttribute("aria-hidden", "true");
    digits.textContent = count;
    var name = document.createElement("span");
    name.className = "visually-hidden";
    name.textContent = label(count) + " – " + data.labelZoom;
    html.appendChild(digits);
    html.appendChild(name);
    var icon = L.divIcon({ className: "cluster", html: html, iconSize: [size, size] });
    var marker = L.marker([lat, lon], { icon: icon, title: label(count) + " – " + data.labelZoom });
    function zoomIn() { map.setView([lat, lon], Math.min(map.getZoom() + 2, 18)); }
    marker.on("click", zoomIn);
    marker.on("keypress", function (e) {
      if (!isActivation(e)) return;
      e.originalEvent.preventDefault();
      zoomIn();
    });
    return marker;
  }

  // One shape and colour per family (site.css), and the family said in words.
  function placeIcon(props) {
    var families = props.families || [];
    var code = familyCodes[families[0]] || "autre";
    var html = document.createElement("span");
    var glyph = document.createElement("span");
    glyph.className = "pin-glyph";
    glyph.setAttribute("aria-hidden", "true");
    var words = document.createElement("span");
    words.className = "visually-hidden";
    // Content names the marker (role button): its name, then its families.
    words.textContent = props.name + (families.length ? " (" + families.join(", ") + ")" : "");
    html.appendChild(glyph);
    html.appendChild(words);
    return L.divIcon({ className: "place-pin family-" + code, html: html, iconSize: [22, 22] });
  }

  // The popup's details (commune, opening, next event) come from the place's preview
  // fragment when it first opens: the map data stays as light as before.
  function loadDetails(marker, box, url) {
    if (box.dataset.state) return;
    box.dataset.state = "loading";
    box.textContent = data.labelLoading;
    fetch(url + "apercu/", { headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var fragment = new DOMParser().parseFromString(html, "text/html").querySelector(".preview");
        box.textContent = "";
        if (!fragment) return;
        if (data.linkTarget) {
          fragment.querySelectorAll("a").forEach(function (a) {
            a.target = data.linkTarget;
            a.rel = "noopener";
          });
        }
        box.appendChild(fragment);
        box.dataset.state = "done";
        if (!marker.isPopupOpen()) return;
        // update() puts the content in again, which drops the focus (a keyboard user's link).
        var focused = document.activeElement;
        marker.getPopup().update();
        if (focused && focused !== document.activeElement && document.contains(focused)) {
          focused.focus({ preventScroll: true });
        }
      })
      .catch(function () {
        box.textContent = "";
        delete box.dataset.state;
      });
  }

  function placeMarker(lat, lon, props) {
    var icon = placeIcon(props);
    var popup = document.createElement("div");
    var link = document.createElement("a");
    link.href = props.url;
    link.textContent = props.name;
    if (data.linkTarget) {
      link.target = data.linkTarget;
      link.rel = "noopener";
      var hint = document.createElement("span");
      hint.className = "visually-hidden";
      hint.textContent = " " + data.labelNewTab;
      link.appendChild(hint);
    }
    popup.appendChild(link);
    if (props.families && props.families.length) {
      var families = document.createElement("p");
      families.textContent = props.families.join(", ");
      popup.appendChild(families);
    }
    var details = document.createElement("div");
    details.className = "popup-details";
    popup.appendChild(details);
    var marker = L.marker([lat, lon], { icon: icon, title: props.name }).bindPopup(popup);
    marker.on("popupopen", function () { loadDetails(marker, details, props.url); });
    // Opened from the keyboard (Leaflet opens it on Enter), the popup takes the focus…
    marker.on("keypress", function (e) {
      if (e.originalEvent.key === "Enter" && marker.isPopupOpen()) link.focus({ preventScroll: true });
    });
    // Leaflet closes popups on Escape only while the map itself has the focus.
    marker.on("popupopen", function (e) {
      var box = e.popup.getElement();
      if (box.dataset.escape) return;
      box.dataset.escape = "1";
      box.addEventListener("keydown", function (event) {
        if (event.key === "Escape") marker.closePopup();
      });
    });
    // …and gives it back to its marker when closed instead of losing it.
    marker.on("popupclose", function (e) {
      var pin = marker.getElement();
      var active = document.activeElement;
      var lost = !active || active === document.body || e.popup.getElement().contains(active);
      if (pin && lost) pin.focus({ preventScroll: true });
    });
    return marker;
  }

  function render(collection) {
    // Markers still in view are kept, so an open popup (moved into view by autoPan,
    // which reloads the places) and the keyboard focus survive the reload.
    var next = {};
    collection.features.forEach(function (feature) {
      var lon = feature.geometry.coordinates[0];
      var lat = feature.geometry.coordinates[1];
      var props = feature.properties;
      var key = props.cluster ? "c" + props.count + "@" + lat + "," + lon : "p" + props.url;
      if (next[key]) return;
      next[key] = markers[key] ||
        (props.cluster ? clusterMarker(lat, lon, props.count) : placeMarker(lat, lon, props)).addTo(layer);
    });
    Object.keys(markers).forEach(function (key) {
      if (!next[key]) layer.removeLayer(markers[key]);
    });
    markers = next;
    if (status) status.textContent = label(collection.total) + " " + data.labelInView;
  }

  var controller = null;
  function load() {
    var bounds = map.getBounds();
    var query = new URLSearchParams(filters);
    query.set("bbox", [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
      .map(function (n) { return Math.max(-180, Math.min(180, n)).toFixed(5); }).join(","));
    query.set("zoom", map.getZoom());
    if (controller) controller.abort();
    controller = new AbortController();
    fetch(data.api + "?" + query.toString(), { signal: controller.signal, headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(render)
      .catch(function (error) {
        if (error.name !== "AbortError" && status) status.textContent = data.labelError;
      });
    var center = map.getCenter();
    var hash = "#" + map.getZoom() + "/" + center.lat.toFixed(4) + "/" + center.lng.toFixed(4);
    window.history.replaceState(null, "", window.location.pathname + window.location.search + hash);
    // Links to the full map (from a frame) open on the same view.
    document.querySelectorAll("a[data-keep-view]").forEach(function (a) { a.hash = hash; });
  }

  // New filters open the map on their places (data-bounds), not on the previous view:
  // the form's action has no hash, and the page's hash is dropped with it.

  map.on("moveend", load);
  var view = viewFromHash();
  var box = (data.bounds || "").split(",").map(Number);
  if (view) map.setView(view.center, view.zoom);
  else if (box.length === 4 && box.every(isFinite)) {
    map.fitBounds([[box[1], box[0]], [box[3], box[2]]], { padding: [30, 30], maxZoom: 14 });
  } else map.fitBounds([[41.3, -5.2], [51.1, 9.6]]);
})();
