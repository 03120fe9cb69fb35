// The small map of a place page: one pin, tiles from the configured server.
(function () {
  "use strict";
  var el = document.getElementById("place-map");
  if (!el || !window.L) return;
  var lat = parseFloat(el.dataset.lat);
  var lon = parseFloat(el.dataset.lon);
  var map = L.map(el, { scrollWheelZoom: false, zoomControl: false }).setView([lat, lon], 15);
  L.control.zoom({ zoomInTitle: el.dataset.labelZoomIn, zoomOutTitle: el.dataset.labelZoomOut }).addTo(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 19 }).addTo(map);
  var icon = L.divIcon({ className: "place-pin", iconSize: [18, 18] });
  L.marker([lat, lon], { icon: icon, title: el.dataset.name, keyboard: false }).addTo(map);
})();
