// The map of /agenda/carte/: upcoming dates from /agenda/evenements.geojson (same filters as
// the page's query string), one pin per point, its popup listing the dates held there.
(function () {
  "use strict";
  var el = document.getElementById("agenda-map");
  if (!el || !window.L) return;
  var data = el.dataset;
  var status = document.getElementById("map-status");
  el.innerHTML = "";

  var map = L.map(el, { minZoom: 2, maxZoom: 19, zoomControl: false });
  L.control.zoom({ zoomInTitle: data.labelZoomIn, zoomOutTitle: data.labelZoomOut }).addTo(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 19 }).addTo(map);

  // Leaflet writes "Close popup" in English.
  map.on("popupopen", function (e) {
    var close = e.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close) close.setAttribute("aria-label", data.labelClose);
  });

  function label(count) {
    return count + " " + (count > 1 ? data.labelEvents : data.labelEvent);
  }

  function popupFor(features) {
    var list = document.createElement("ul");
    list.className = "map-events";
    features.forEach(function (feature) {
      var props = feature.properties;
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = props.url;
      link.textContent = props.title;
      item.appendChild(link);
      var when = document.createElement("p");
      when.textContent = props.when + (props.cancelled ? " (" + data.labelCancelled + ")" : "");
      item.appendChild(when);
      var where = document.createElement("p");
      where.textContent = props.where;
      item.appendChild(where);
      list.appendChild(item);
    });
    return list;
  }

  function marker(lat, lon, features) {
    var icon = L.divIcon({ className: "place-pin event-pin", iconSize: [18, 18] });
    var title = features.length > 1 ? label(features.length) + " – " + features[0].properties.where
      : features[0].properties.title;
    var popup = popupFor(features);
    var pin = L.marker([lat, lon], { icon: icon, title: title }).bindPopup(popup);
    // Opened from the keyboard, the popup takes the focus, and gives it back when closed.
    pin.on("keypress", function (e) {
      var link = popup.querySelector("a");
      if (e.originalEvent.key === "Enter" && pin.isPopupOpen() && link) link.focus({ preventScroll: true });
    });
    // Leaflet closes popups on Escape only while the map itself has the focus.
    pin.on("popupopen", function (e) {
      var box = e.popup.getElement();
      if (box.dataset.escape) return;
      box.dataset.escape = "1";
      box.addEventListener("keydown", function (event) {
        if (event.key === "Escape") pin.closePopup();
      });
    });
    pin.on("popupclose", function (e) {
      var active = document.activeElement;
      if (!active || active === document.body || e.popup.getElement().contains(active)) {
        var element = pin.getElement();
        if (element) element.focus({ preventScroll: true });
      }
    });
    return pin;
  }

  function render(collection) {
    var points = {};
    var order = [];
    collection.features.forEach(function (feature) {
      var c = feature.geometry.coordinates;
      var key = c[1].toFixed(5) + "," + c[0].toFixed(5);
      if (!points[key]) {
        points[key] = { lat: c[1], lon: c[0], features: [] };
        order.push(key);
      }
      points[key].features.push(feature);
    });
    var bounds = [];
    order.forEach(function (key) {
      var point = points[key];
      marker(point.lat, point.lon, point.features).addTo(map);
      bounds.push([point.lat, point.lon]);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13 });
    if (status) status.textContent = label(collection.features.length) + " " + data.labelOnMap;
  }

  map.fitBounds([[41.3, -5.2], [51.1, 9.6]]);
  fetch(data.api + window.location.search, { headers: { Accept: "application/geo+json" } })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(render)
    .catch(function () {
      if (status) status.textContent = data.labelError;
    });
})();
